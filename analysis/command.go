package analysis

import "sort"

// A URL's method comes from its own command: a logical line holds several
// (curl a && curl -X DELETE b), and a JSON, YAML or code line can hold a
// command in each of its string literals (two package.json scripts). The
// command around an offset is
//   - the string literal holding it, when that literal itself holds a
//     curl, wget or Invoke-RestMethod word before the offset ("curl ..." in
//     JSON, os.system("curl ...")), split again at the shell's separators
//     inside it;
//   - else the stretch of the logical line between unquoted shell
//     separators (;, &&, ||, |, &), quotes skipped: curl -X POST "URL".
//
// Each logical line is split once, and each literal asked about once: the
// command's words and flags are then read once per command (command).

// lineCommands is a logical line (or a literal's contents) split into
// commands, with its string literals.
type lineCommands struct {
	starts, ends []int // command k is [starts[k], ends[k])
	lits         []cmdLiteral
}

// cmdLiteral is a string literal of a logical line: [open+1, end) is its
// contents (end is the closing quote, or the line's end when it is not
// closed there). inner is its contents split into commands (read on
// first ask).
type cmdLiteral struct {
	open, end int
	asked     bool
	inner     *lineCommands
	flagsEnd  int // Markdown: the end of the flag spans after it (0: not read yet)
}

// commandSpan is the command holding offset i: its bounds in t.s.
func (t *codeText) commandSpan(i int) (start, end int) {
	ls, le := t.logicalLine(i)
	lc, ok := t.lineCmds[ls]
	if !ok {
		lc = splitCommands(t.s, ls, le, t.lang, 0)
		if t.lineCmds == nil {
			t.lineCmds = map[int]*lineCommands{}
		}
		t.lineCmds[ls] = lc
	}
	k := sort.Search(len(lc.lits), func(k int) bool { return lc.lits[k].end > i }) // the first literal not closed by i
	if k < len(lc.lits) && lc.lits[k].open < i {
		if inner := t.literalCommands(&lc.lits[k], i); inner != nil {
			start, end := inner.around(i)
			if lit := &lc.lits[k]; end == lit.end && t.lang == LangMarkdown {
				if lit.flagsEnd == 0 { // once per span, however many URLs it holds
					lit.flagsEnd = t.flagSpansAfter(lc, k, end)
				}
				end = lit.flagsEnd
			}
			return start, end
		}
	}
	return lc.around(i)
}

// flagSpansAfter extends a command that ends with its Markdown code span
// k over the code spans after it on the line that hold only its flags:
// prose writes "run `curl URL` with `-H "X-GitHub-Api-Version: …"`", and
// that header is the command's. A span that is not a flag ends it.
func (t *codeText) flagSpansAfter(lc *lineCommands, k, end int) int {
	for _, l := range lc.lits[k+1:] {
		if t.s[l.open] != '`' || l.open+1 >= l.end || t.s[l.open+1] != '-' {
			break
		}
		end = l.end
	}
	return end
}

// literalCommands is the literal's contents split into commands, when the
// literal holds a command word before i, or always in JSON, whose strings
// are never pieces of one command (nil otherwise).
func (t *codeText) literalCommands(lit *cmdLiteral, i int) *lineCommands {
	if !lit.asked {
		lit.asked = true
		lit.inner = splitCommands(t.s, lit.open+1, lit.end, LangShell, t.s[lit.open])
	}
	if t.lang == LangJSON {
		return lit.inner
	}
	c := t.command(lit.open+1, lit.end)
	for _, e := range []int{c.curlEnd, c.wgetEnd, c.invokeEnd} {
		if e >= 0 && e <= i {
			return lit.inner
		}
	}
	return nil
}

// around is the command holding i.
func (lc *lineCommands) around(i int) (start, end int) {
	k := sort.Search(len(lc.ends), func(k int) bool { return lc.ends[k] > i })
	if k == len(lc.ends) {
		k--
	}
	return lc.starts[k], lc.ends[k]
}

// splitCommands splits s[from:to] at the shell's command separators
// outside quotes, in one pass, and lists its string literals. lang says
// which quotes open a literal and whether a backslash escapes in it
// (lineLexer's rules). hostQuote, when not 0, is the quote of the literal
// s[from:to] is the contents of: an escaped one (\" in JSON) quotes there.
func splitCommands(s string, from, to int, lang Lang, hostQuote byte) *lineCommands {
	lc := &lineCommands{}
	lx := lineLexer{lang: lang}
	segStart := from
	for i := from; i < to; {
		c := s[i]
		switch {
		case c == '\\' && hostQuote != 0 && i+1 < to && s[i+1] == hostQuote:
			end := escapedQuoteClose(s, i+2, to, hostQuote)
			lc.lits = append(lc.lits, cmdLiteral{open: i + 1, end: end})
			i = min(end+2, to)
		case c == '\\':
			i += 2
		case isQuote(c) && lx.opensQuote(c) && !continuationTick(s, i, to):
			end := quoteClose(s, i, to, lx)
			lc.lits = append(lc.lits, cmdLiteral{open: i, end: end})
			i = min(end+1, to)
		default:
			n := separatorAt(s, i, to)
			if n == 0 {
				i++
				continue
			}
			lc.starts, lc.ends = append(lc.starts, segStart), append(lc.ends, i)
			i += n
			segStart = i
		}
	}
	lc.starts, lc.ends = append(lc.starts, segStart), append(lc.ends, to)
	return lc
}

// opensQuote is opensLiteral for the quote byte c.
func (lx lineLexer) opensQuote(c byte) bool {
	return !(c == '\'' && (lx.lang == LangRust || lx.lang == LangGo || lx.lang == LangJava))
}

// quoteClose is the index of the quote closing the one at s[open], or to.
func quoteClose(s string, open, to int, lx lineLexer) int {
	q := s[open]
	esc := lx.escapes(q)
	for i := open + 1; i < to; i++ {
		switch {
		case s[i] == '\\' && esc:
			i++
		case s[i] == q:
			return i
		}
	}
	return to
}

// escapedQuoteClose is the index of the backslash of the next \q from i,
// or to.
func escapedQuoteClose[T string | []byte](s T, i, to int, q byte) int {
	for ; i+1 < to; i++ {
		if s[i] == '\\' {
			if s[i+1] == q {
				return i
			}
			i++
		}
	}
	return to
}

// continuationTick: the backtick at i ends its line (PowerShell's line
// continuation), not a quote.
func continuationTick(s string, i, to int) bool {
	if s[i] != '`' {
		return false
	}
	for j := i + 1; j < to; j++ {
		switch s[j] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

// separatorAt is the length of the shell command separator at s[i] (0:
// none): ;, &&, ||, | and a lone & standing apart from its words (a URL's
// query a=1&b=2 and the redirections 2>&1, &>f are not one).
func separatorAt(s string, i, to int) int {
	next := byte(0)
	if i+1 < to {
		next = s[i+1]
	}
	switch s[i] {
	case ';':
		return 1
	case '|':
		if next == '|' || next == '&' {
			return 2
		}
		return 1
	case '&':
		if next == '&' {
			return 2
		}
		prev := byte(' ')
		if i > 0 {
			prev = s[i-1]
		}
		if prev == '>' || prev == '<' || next == '>' {
			return 0
		}
		if isBlank(prev) || next == 0 || isBlank(next) {
			return 1
		}
	}
	return 0
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// maxCommandLines bounds how far a shell command is followed over
// continuation lines, in each direction: every match walks its command,
// so without a bound a file of continued lines costs time quadratic in
// its length.
const maxCommandLines = 64

// commandExtent is the logical shell line holding off: its line plus the
// lines joined to it by a trailing backslash, all of its commands (the
// breaking-change rule reads a request's lines; the header rules read
// one command, textLines.commandAt).
func commandExtent(tl *textLines, off int) (start, end int) {
	continues := func(ls int) bool { // the line before ls does
		if ls == 0 {
			return false
		}
		ps, pe, _ := tl.line(ls - 1)
		return lineContinues(tl.text, ps, pe)
	}
	start, _, end = tl.line(off)
	for n := 0; n < maxCommandLines && continues(start); n++ {
		start, _, _ = tl.line(start - 1)
	}
	for n := 0; n < maxCommandLines && end < len(tl.text) && continues(end); n++ {
		_, _, end = tl.line(end)
	}
	return start, end
}
