package analysis

import "strings"

// aroundCursor answers literalAround for the tokens of one text in
// order, resuming on a line where the previous answer stopped: a line
// holding thousands of tokens is read once, not once per token (issue
// 18). It takes the very steps of lineLexer.literalAround; the tests
// hold the two to the same answers.
type aroundCursor struct {
	lx        lineLexer
	lineStart int
	pos       int  // the next offset literalAround's loop examines
	dead      bool // a line comment or an unclosed literal at pos: no later span is in a literal
	// The literal opening at pos, once read (known).
	known  bool
	lit    strLit
	closed bool
}

// around is literalAround(lineStart, start, end) for the line
// [lineStart, lineEnd); spans must come in increasing order of start.
func (c *aroundCursor) around(lang Lang, text []byte, lineStart, lineEnd, start, end int) (strLit, bool) {
	if c.lx.text == nil || c.lineStart != lineStart || c.lx.end != lineEnd || start < c.pos {
		*c = aroundCursor{lx: lineLexer{lang: lang, text: text, end: lineEnd}, lineStart: lineStart, pos: lineStart}
	}
	for c.pos < start && !c.dead {
		i := c.pos
		if lineCommentAt(c.lx.lang, text, i) {
			c.dead = true
			break
		}
		if !c.lx.opensLiteral(i) {
			c.pos++
			continue
		}
		if !c.known {
			c.lit = strLit{open: i, quote: text[i], prefix: string(text[identStart(text, lineStart, i):i])}
			fstring := c.lx.lang == LangPython && strings.ContainsAny(c.lit.prefix, "fF")
			c.lit.close, c.closed = c.lx.closeOf(i, fstring)
			c.known = true
		}
		switch {
		case !c.closed:
			c.dead = true
		case c.lit.close >= end:
			return c.lit, true
		case c.lit.close >= start:
			return strLit{}, false
		default:
			c.pos, c.known = c.lit.close+1, false
		}
	}
	return strLit{}, false
}
