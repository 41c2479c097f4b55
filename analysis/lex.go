package analysis

import "strings"

// The one lexer for string literals. The token fixes ask it which literal
// holds a token; the header lints ask it where a header value's literal
// ends. Both read literals the same way, so the same shell text gets the
// same answer in run.sh and in a Dockerfile RUN line. Literals are followed
// on one line only: a multi-line string is not a literal here.

// lineLexer reads the string literals of one line of text.
type lineLexer struct {
	lang Lang
	text []byte
	end  int // the line's end, before its terminator
}

// strLit is a string literal found on a line.
type strLit struct {
	open, close int    // offsets of the opening and closing quote characters
	quote       byte   // '"', '\'' or '`'
	prefix      string // identifier bytes glued to the opening quote (f, rb, ...)
}

// shellQuoting: languages whose strings follow shell rules (a single-quoted
// string has no escapes, "..." expands $VAR and ${...}).
func shellQuoting(lang Lang) bool {
	switch lang {
	case LangShell, LangDockerfile, LangWorkflow, LangYAML, LangDotenv:
		return true
	}
	return false
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// escapes reports whether a backslash escapes the next byte in a literal
// opened by q. Shell single quotes have no escapes; a backtick is a Go raw
// string or a Markdown code span, except in JavaScript (template literal)
// and shell (command substitution).
func (lx lineLexer) escapes(q byte) bool {
	switch q {
	case '\'':
		return !shellQuoting(lx.lang)
	case '`':
		return lx.lang == LangJavaScript || shellQuoting(lx.lang)
	}
	return true
}

// opensLiteral reports whether the byte at i starts a string literal. A
// single quote in Go, Rust or Java is a rune literal or a lifetime.
func (lx lineLexer) opensLiteral(i int) bool {
	c := lx.text[i]
	if c == '\'' && (lx.lang == LangRust || lx.lang == LangGo || lx.lang == LangJava) {
		return false
	}
	return isQuote(c)
}

// interpolationEnd returns the last index of an interpolation (${...},
// $(...), #{...}, an f-string's {...} or its "{{" escape) that starts at i
// inside a literal opened by q, or -1. Quotes inside it do not end the
// literal.
func (lx lineLexer) interpolationEnd(i int, q byte, fstring bool) int {
	var next byte
	if i+1 < lx.end {
		next = lx.text[i+1]
	}
	switch c := lx.text[i]; {
	case c == '$' && (next == '{' || next == '(') &&
		(lx.lang == LangJavaScript && q == '`' || shellQuoting(lx.lang) && q == '"'):
		return skipBalanced(lx.text, i+1, lx.end)
	case c == '#' && next == '{' && lx.lang == LangRuby && q == '"':
		return skipBalanced(lx.text, i+1, lx.end)
	case c == '{' && fstring && next == '{':
		return i + 1
	case c == '{' && fstring:
		return skipBalanced(lx.text, i, lx.end)
	}
	return -1
}

// closeOf returns the index of the quote closing the literal opened at
// text[open], or false when it is not closed on the line.
func (lx lineLexer) closeOf(open int, fstring bool) (int, bool) {
	q := lx.text[open]
	esc := lx.escapes(q)
	for i := open + 1; i < lx.end; i++ {
		c := lx.text[i]
		switch {
		case c == '\\' && esc:
			i++
		case c == q:
			return i, true
		default:
			if e := lx.interpolationEnd(i, q, fstring); e >= 0 {
				i = e
			}
		}
	}
	return 0, false
}

// identStart moves back from i over identifier bytes, not before lo.
func identStart(text []byte, lo, i int) int {
	for i > lo && isIdentByte(text[i-1]) {
		i--
	}
	return i
}

// literalEnd finds the closing quote of the string literal opened at
// text[open], without leaving the line (lineEnd).
func literalEnd(lang Lang, text []byte, open, lineEnd int, fstring bool) (int, bool) {
	return lineLexer{lang: lang, text: text, end: lineEnd}.closeOf(open, fstring)
}

// skipBalanced returns the index of the bracket closing the one at text[i]
// (or lineEnd-1 when it is not closed on the line).
func skipBalanced(text []byte, i, lineEnd int) int {
	open := text[i]
	close := byte('}')
	if open == '(' {
		close = ')'
	}
	depth := 0
	for ; i < lineEnd; i++ {
		switch text[i] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return lineEnd - 1
}

// skipBlanks moves forward from i over spaces and tabs, not past end.
func skipBlanks(text []byte, i, end int) int {
	for i < end && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}

// skipBlanksBack moves back from i over the spaces and tabs before it, not
// before lo: text[result:i] is the blank run ending at i.
func skipBlanksBack(text []byte, lo, i int) int {
	for i > lo && (text[i-1] == ' ' || text[i-1] == '\t') {
		i--
	}
	return i
}

// lineAt returns the line around off: [start,end) without its line break
// ("\n", "\r\n" or a lone "\r", as in LineIndex), and next, the start of
// the following line (len(text) on the last line). It is the one line
// helper of the analysis. An offset inside a "\r\n" belongs to the line the
// break ends.
func lineAt(text []byte, off int) (start, end, next int) {
	off = max(0, min(off, len(text)))
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		off-- // inside a "\r\n": at its "\r"
	}
	start = lineStartAt(text, off)
	end, next = lineBreakFrom(text, off)
	if end < 0 {
		return start, len(text), len(text)
	}
	return start, end, next
}

// lineStartAt is the start of the line holding off (lineAt's start).
func lineStartAt(text []byte, off int) int {
	off = max(0, min(off, len(text)))
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		off-- // inside a "\r\n": the line it ends
	}
	for off > 0 && text[off-1] != '\n' && text[off-1] != '\r' {
		off--
	}
	return off
}

// literalCursor finds the literal holding each of increasing offsets of a
// text, reading each line's literals once however many offsets it is
// asked about (lineLexer.literalAround, the tests' reference, reads from
// the line start at every call).
type literalCursor struct {
	lang            Lang
	text            []byte
	lineStart, next int // the line read; next is where the next line starts
	lineEnd         int
	at              int    // the line is read up to here
	lit             strLit // the last literal read, if have
	have            bool
	ready           bool
}

// holding returns the literal holding off, on off's line: closed (close
// after off) or not closed on the line (close -1). false when off is not
// inside one, or is after a line comment. off must not decrease between
// calls.
func (c *literalCursor) holding(off int) (strLit, bool) {
	if !c.ready || off < c.lineStart || off >= c.next && c.next < len(c.text) {
		c.lineStart, c.lineEnd, c.next = lineAt(c.text, off)
		c.at, c.have, c.ready = c.lineStart, false, true
	}
	if c.have && c.lit.open < off && (c.lit.close < 0 || c.lit.close > off) {
		return c.lit, true
	}
	lx := lineLexer{lang: c.lang, text: c.text, end: c.lineEnd}
	for i := c.at; i < off; i++ {
		if lineCommentAt(c.lang, c.text, i) {
			c.at, c.have = c.lineEnd, false
			return strLit{}, false
		}
		if !lx.opensLiteral(i) {
			continue
		}
		lit := strLit{open: i, quote: c.text[i], prefix: string(c.text[identStart(c.text, c.lineStart, i):i])}
		close, ok := lx.closeOf(i, c.lang == LangPython && strings.ContainsAny(lit.prefix, "fF"))
		if !ok {
			close = -1
		}
		lit.close = close
		c.lit, c.have = lit, true
		if !ok {
			c.at = c.lineEnd // the rest of the line is inside it
			return lit, true
		}
		c.at = close + 1
		if close > off {
			return lit, true
		}
		i = close
	}
	c.at = max(c.at, off)
	return strLit{}, false
}
