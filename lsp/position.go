package lsp

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// Mapper converts between byte offsets into a text and LSP positions (0-based
// line, column in UTF-16 code units). Lines end at "\n", "\r\n" or "\r", as
// LSP defines them. Out-of-range input is clamped, never an error: clients
// do send positions past the end of a line or of the document.
type Mapper struct {
	text  []byte
	lines []int // byte offset where each line starts
}

// NewMapper indexes the line starts of text. The text must not change while
// the mapper is in use.
func NewMapper(text []byte) *Mapper {
	lines := make([]int, 1, 64)
	if bytes.IndexByte(text, '\r') < 0 {
		// The common case, with a vectorised search: didChange rebuilds
		// the mapper once per change, and a multi-cursor edit sends
		// hundreds of changes in one notification.
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				return &Mapper{text: text, lines: lines}
			}
			i += j + 1
			lines = append(lines, i)
		}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return &Mapper{text: text, lines: lines}
}

// LineCount is the number of lines (a text ending in a newline has an empty
// last line).
func (m *Mapper) LineCount() int { return len(m.lines) }

// lineEnd is the offset of the end of line i's content, before its EOL.
func (m *Mapper) lineEnd(i int) int {
	if i+1 >= len(m.lines) {
		return len(m.text)
	}
	end := m.lines[i+1]
	if end > 0 && m.text[end-1] == '\n' {
		end--
	}
	if end > m.lines[i] && m.text[end-1] == '\r' {
		end--
	}
	return end
}

// Position returns the LSP position of byte offset off. An offset inside a
// multi-byte character maps to the start of that character; an offset inside
// a line ending maps to the end of the line's content.
func (m *Mapper) Position(off int) protocol.Position {
	off = clamp(off, 0, len(m.text))
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
	end := m.lineEnd(line)
	if off > end {
		off = end
	}
	off = runeStart(m.text[:end], m.lines[line], off)
	return protocol.Position{Line: uint32(line), Character: uint32(analysis.UTF16Len(m.text[m.lines[line]:off]))}
}

// Offset returns the byte offset of an LSP position. A line past the end
// maps to the end of the text, a column past the end of its line to the end
// of the line's content, and a column in the middle of a surrogate pair to
// the start of that character.
func (m *Mapper) Offset(p protocol.Position) int {
	if int64(p.Line) >= int64(len(m.lines)) {
		return len(m.text)
	}
	line := int(p.Line)
	i, end := m.lines[line], m.lineEnd(line)
	want := int64(p.Character)
	var col int64
	for i < end {
		r, size := utf8.DecodeRune(m.text[i:end])
		w := int64(1)
		if r >= 0x10000 {
			w = 2
		}
		if col+w > want {
			break
		}
		col += w
		i += size
	}
	return i
}

// Range converts a byte range to an LSP range.
func (m *Mapper) Range(r analysis.Range) protocol.Range {
	return protocol.Range{Start: m.Position(r.Start), End: m.Position(r.End)}
}

// OffsetRange converts an LSP range to byte offsets, swapping a reversed
// range so that start <= end.
func (m *Mapper) OffsetRange(r protocol.Range) (start, end int) {
	start, end = m.Offset(r.Start), m.Offset(r.End)
	if end < start {
		start, end = end, start
	}
	return start, end
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

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
