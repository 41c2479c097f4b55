package analysis

import "strings"

// The tests' reference for the literal cursors (literalCursor,
// aroundCursor): the plain reading they must agree with, step for step.

// literalAround finds the literal that holds text[start:end], reading the
// line's literals from lineStart, each as a whole; false when the span is
// not inside one closed on the line, or sits after a line comment.
func (lx lineLexer) literalAround(lineStart, start, end int) (strLit, bool) {
	for i := lineStart; i < start; i++ {
		if lineCommentAt(lx.lang, lx.text, i) {
			return strLit{}, false
		}
		if !lx.opensLiteral(i) {
			continue
		}
		lit := strLit{open: i, quote: lx.text[i], prefix: string(lx.text[identStart(lx.text, lineStart, i):i])}
		fstring := lx.lang == LangPython && strings.ContainsAny(lit.prefix, "fF")
		close, ok := lx.closeOf(i, fstring)
		switch {
		case !ok:
			return strLit{}, false
		case close >= end:
			lit.close = close
			return lit, true
		case close >= start:
			return strLit{}, false
		}
		i = close
	}
	return strLit{}, false
}
