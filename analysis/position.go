package analysis

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// The one position model of ghpat-ls: lines end at "\n", "\r\n" or a lone
// "\r", as LSP defines them (and as editors show them); columns count UTF-16
// code units. lsp.Mapper and the scanner's line/column numbers both use it,
// so a finding has the same place in the editor and in `scan` output.

// LineIndex maps byte offsets of a text to 0-based lines and UTF-16 columns
// and back. Out-of-range input is clamped, never an error. The text must not
// change while the index is in use.
type LineIndex struct {
	text   []byte
	starts []int // byte offset where each line starts
}

// NewLineIndex indexes the line starts of text.
func NewLineIndex(text []byte) *LineIndex {
	starts := make([]int, 1, 64)
	if bytes.IndexByte(text, '\r') < 0 {
		// The common case, with a vectorised search: an editor rebuilds
		// the index once per change, and a multi-cursor edit sends
		// hundreds of changes in one notification.
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				return &LineIndex{text: text, starts: starts}
			}
			i += j + 1
			starts = append(starts, i)
		}
	}
	for i := 0; ; {
		next := NextLineStart(text, i)
		if next < 0 {
			return &LineIndex{text: text, starts: starts}
		}
		starts = append(starts, next)
		i = next
	}
}

// NextLineStart returns the start of the first line that begins after
// text[from:] starts (after the first "\n", "\r\n" or lone "\r" at or after
// from), or -1 when there is none.
func NextLineStart(text []byte, from int) int {
	_, next := lineBreakFrom(text, from)
	return next
}

// lineBreakFrom finds the first line break at or after from: where it
// starts and where the next line starts, or -1, -1 when there is none.
func lineBreakFrom(text []byte, from int) (at, next int) {
	rest := text[from:]
	nl := bytes.IndexByte(rest, '\n')
	search := rest
	if nl >= 0 {
		search = rest[:nl]
	}
	if cr := bytes.IndexByte(search, '\r'); cr >= 0 {
		if cr+1 < len(rest) && rest[cr+1] == '\n' {
			return from + cr, from + cr + 2
		}
		return from + cr, from + cr + 1
	}
	if nl < 0 {
		return -1, -1
	}
	return from + nl, from + nl + 1
}

// newlineBreaks is text as a string whose lines end in '\n' exactly where
// the one model's do: a lone '\r' becomes '\n' ("\r\n" already ends in
// one). Its length and offsets are text's, so a reader that splits at
// '\n' (a (?m) regexp, a line scan) puts every offset on the model's line.
func newlineBreaks(text []byte) string {
	if bytes.IndexByte(text, '\r') < 0 {
		return string(text)
	}
	b := bytes.Clone(text)
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			b[i] = '\n'
		}
	}
	return string(b)
}

// LineCount is the number of lines (a text ending in a line break has an
// empty last line).
func (x *LineIndex) LineCount() int { return len(x.starts) }

// LineStart is the offset where line i starts (clamped to the lines there are).
func (x *LineIndex) LineStart(i int) int {
	return x.starts[max(0, min(i, len(x.starts)-1))]
}

// LineEnd is the offset of the end of line i's content, before its line break.
func (x *LineIndex) LineEnd(i int) int {
	if i+1 >= len(x.starts) {
		return len(x.text)
	}
	end := x.starts[i+1]
	if end > 0 && x.text[end-1] == '\n' {
		end--
	}
	if end > x.starts[i] && x.text[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the 0-based line of byte offset off (Position's line,
// without counting the column: a caller that needs only lines stays
// linear however many offsets share one long line).
func (x *LineIndex) Line(off int) int {
	off = max(0, min(off, len(x.text)))
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
}

// Position returns the 0-based line and UTF-16 column of byte offset off.
// An offset inside a multi-byte character maps to the start of that
// character; an offset inside a line break to the end of the line's content.
func (x *LineIndex) Position(off int) (line, col int) {
	off = max(0, min(off, len(x.text)))
	line = x.Line(off)
	end := x.LineEnd(line)
	off = runeStart(x.text[:end], x.starts[line], min(off, end))
	return line, UTF16Len(x.text[x.starts[line]:off])
}

// Positions is Position of every offset in offs, in one pass over the
// lines they fall on: lines[i], cols[i] is the position of offs[i]. The
// offsets are visited in order and each column is counted on from the one
// before it on its line, so converting n offsets on one long line reads
// the line once instead of n times from its start (a server publishing
// thousands of diagnostics on a minified line). offs may be in any order.
func (x *LineIndex) Positions(offs []int) (lines, cols []int) {
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return offs[order[a]] < offs[order[b]] })
	lines, cols = make([]int, len(offs)), make([]int, len(offs))
	line, end := -1, 0
	markOff, markCol := 0, 0 // a known column on the current line
	for _, i := range order {
		off := max(0, min(offs[i], len(x.text)))
		if line < 0 || line+1 < len(x.starts) && x.starts[line+1] <= off {
			line = sort.Search(len(x.starts), func(k int) bool { return x.starts[k] > off }) - 1
			end = x.LineEnd(line)
			markOff, markCol = x.starts[line], 0
		}
		o := runeStart(x.text[:end], x.starts[line], min(off, end))
		markCol += UTF16Len(x.text[markOff:o])
		markOff = o
		lines[i], cols[i] = line, markCol
	}
	return lines, cols
}

// Offset returns the byte offset of a 0-based line and UTF-16 column. A line
// past the end maps to the end of the text, a column past the end of its
// line to the end of the line's content, and a column in the middle of a
// surrogate pair to the start of that character.
func (x *LineIndex) Offset(line, col int64) int {
	if line >= int64(len(x.starts)) {
		return len(x.text)
	}
	start := x.starts[max(0, line)]
	return start + UTF16Offset(x.text[start:x.LineEnd(int(max(0, line)))], col)
}

// runeStart moves off back to the start of the character containing it,
// not before lineStart.
func runeStart(text []byte, lineStart, off int) int {
	for k := 1; k <= utf8.UTFMax-1 && off-k >= lineStart; k++ {
		if utf8.RuneStart(text[off-k]) {
			if _, size := utf8.DecodeRune(text[off-k:]); off-k+size > off {
				return off - k
			}
			break
		}
	}
	return off
}
