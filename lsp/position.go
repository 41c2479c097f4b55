package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// Mapper converts between byte offsets into a text and LSP positions (0-based
// line, column in UTF-16 code units). It is analysis.LineIndex, the one
// position model the scanner uses too, in protocol types: lines end at
// "\n", "\r\n" or "\r", and out-of-range input is clamped, never an error
// (clients do send positions past the end of a line or of the document).
type Mapper struct {
	lines *analysis.LineIndex
}

// NewMapper indexes the line starts of text. The text must not change while
// the mapper is in use.
func NewMapper(text []byte) *Mapper { return &Mapper{lines: analysis.NewLineIndex(text)} }

// LineCount is the number of lines (a text ending in a newline has an empty
// last line).
func (m *Mapper) LineCount() int { return m.lines.LineCount() }

// LineStart is the byte offset where line i starts.
func (m *Mapper) LineStart(i int) int { return m.lines.LineStart(i) }

// Position returns the LSP position of byte offset off.
func (m *Mapper) Position(off int) protocol.Position {
	line, col := m.lines.Position(off)
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

// Offset returns the byte offset of an LSP position.
func (m *Mapper) Offset(p protocol.Position) int {
	return m.lines.Offset(int64(p.Line), int64(p.Character))
}

// Range converts a byte range to an LSP range.
func (m *Mapper) Range(r analysis.Range) protocol.Range {
	return protocol.Range{Start: m.Position(r.Start), End: m.Position(r.End)}
}

// Ranges converts byte ranges to LSP ranges in one pass over their lines
// (analysis.LineIndex.Positions): the diagnostics of a document with
// thousands of findings on one long line cost one read of that line.
func (m *Mapper) Ranges(rs []analysis.Range) []protocol.Range {
	offs := make([]int, 0, 2*len(rs))
	for _, r := range rs {
		offs = append(offs, r.Start, r.End)
	}
	lines, cols := m.lines.Positions(offs)
	out := make([]protocol.Range, len(rs))
	for i := range out {
		out[i] = protocol.Range{
			Start: protocol.Position{Line: uint32(lines[2*i]), Character: uint32(cols[2*i])},
			End:   protocol.Position{Line: uint32(lines[2*i+1]), Character: uint32(cols[2*i+1])},
		}
	}
	return out
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
