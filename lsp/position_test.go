package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

func pos(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }

func TestMapperEmojiCJKAndLineEndings(t *testing.T) {
	// 😀 is 4 bytes / 2 UTF-16 units; 中 and 文 are 3 bytes / 1 unit each.
	text := "a😀b\r\n中文 tok\rx\n\nend"
	m := NewMapper([]byte(text))
	if got := m.LineCount(); got != 5 {
		t.Fatalf("LineCount = %d, want 5", got)
	}
	cases := []struct {
		off int
		pos protocol.Position
	}{
		{0, pos(0, 0)},
		{1, pos(0, 1)},                                  // before 😀
		{5, pos(0, 3)},                                  // after 😀: 1 + 2 units
		{6, pos(0, 4)},                                  // end of line 0 content (before \r\n)
		{8, pos(1, 0)},                                  // after \r\n
		{strings.Index(text, "tok"), pos(1, 3)},         // 中文 + space = 3 units
		{strings.Index(text, "\rx"), pos(1, 6)},         // end of line 1 (lone \r ends it)
		{strings.Index(text, "x\n"), pos(2, 0)},         // after the lone \r
		{strings.Index(text, "\n\nend") + 1, pos(3, 0)}, // empty line
		{strings.Index(text, "end"), pos(4, 0)},         // last line, no EOL
		{len(text), pos(4, 3)},                          // end of text
	}
	for _, c := range cases {
		if got := m.Position(c.off); got != c.pos {
			t.Errorf("Position(%d) = %v, want %v", c.off, got, c.pos)
		}
		if got := m.Offset(c.pos); got != c.off {
			t.Errorf("Offset(%v) = %d, want %d", c.pos, got, c.off)
		}
	}
}

func TestMapperTokenAfterEmojiAndCJK(t *testing.T) {
	text := "x := 1\n// 🔑 密钥: \"ghp_placeholder\"\n"
	m := NewMapper([]byte(text))
	start := strings.Index(text, "ghp_")
	r := m.Range(analysis.Range{Start: start, End: start + len("ghp_placeholder")})
	// "// " (3) + 🔑 (2) + " " (1) + 密钥 (2) + ": \"" (3) = 11 units.
	want := protocol.Range{Start: pos(1, 11), End: pos(1, 26)}
	if r != want {
		t.Fatalf("Range = %v, want %v", r, want)
	}
	if s, e := m.OffsetRange(r); s != start || e != start+15 {
		t.Fatalf("OffsetRange = %d,%d want %d,%d", s, e, start, start+15)
	}
}

func TestMapperClampsOutOfRange(t *testing.T) {
	text := "ab😀\r\ncd"
	m := NewMapper([]byte(text))
	cases := []struct {
		pos protocol.Position
		off int
	}{
		{pos(0, 99), 6},         // past end of line: end of content, before \r\n
		{pos(0, 3), 2},          // middle of the surrogate pair: start of 😀
		{pos(1, 99), len(text)}, // past end of last line
		{pos(7, 0), len(text)},  // past last line
		{pos(1<<31, 1<<31), len(text)},
	}
	for _, c := range cases {
		if got := m.Offset(c.pos); got != c.off {
			t.Errorf("Offset(%v) = %d, want %d", c.pos, got, c.off)
		}
	}
	if got := m.Position(-5); got != pos(0, 0) {
		t.Errorf("Position(-5) = %v", got)
	}
	if got := m.Position(1000); got != pos(1, 2) {
		t.Errorf("Position(1000) = %v", got)
	}
	if got := m.Position(7); got != pos(0, 4) { // between \r and \n
		t.Errorf("Position(7) = %v, want 0:4", got)
	}
	if got := m.Position(4); got != pos(0, 2) { // inside 😀's bytes
		t.Errorf("Position(4) = %v, want 0:2", got)
	}
	// A reversed range is swapped, never negative.
	if s, e := m.OffsetRange(protocol.Range{Start: pos(1, 1), End: pos(0, 1)}); s != 1 || e != 9 {
		t.Errorf("reversed OffsetRange = %d,%d", s, e)
	}
}

func TestMapperInvalidUTF8CountsOneUnitPerByte(t *testing.T) {
	m := NewMapper([]byte("a\xff\xfeb"))
	if got := m.Position(3); got != pos(0, 3) {
		t.Fatalf("Position(3) = %v", got)
	}
	if got := m.Offset(pos(0, 2)); got != 2 {
		t.Fatalf("Offset = %d", got)
	}
}

// TestMapperRangesMatchRange: the batch conversion the diagnostics use
// gives each range what Range gives it, for ranges out of order, nested
// and overlapping, on one long line of emoji and CJK and across lines.
func TestMapperRangesMatchRange(t *testing.T) {
	text := []byte(strings.Repeat("ab 😀 鍵 \"x\"; ", 300) + "\r\n" + strings.Repeat("é😀", 50) + "\rz")
	m := NewMapper(text)
	var rs []analysis.Range
	for i := 0; i+40 <= len(text)+5; i += 37 {
		rs = append(rs, analysis.Range{Start: i, End: i + 40}, analysis.Range{Start: i + 3, End: i + 5})
	}
	rs = append(rs, analysis.Range{Start: len(text) - 1, End: len(text) + 9}, analysis.Range{Start: 0, End: len(text)})
	got := m.Ranges(rs)
	for i, r := range rs {
		if want := m.Range(r); got[i] != want {
			t.Fatalf("Ranges[%d] of %v = %v, Range = %v", i, r, got[i], want)
		}
	}
}
