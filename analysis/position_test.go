package analysis

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLineIndexAllLineEndings(t *testing.T) {
	text := []byte("a\nb\r\nc\rd\r\r\ne")
	x := NewLineIndex(text)
	want := []string{"a", "b", "c", "d", "", "e"}
	if x.LineCount() != len(want) {
		t.Fatalf("LineCount = %d, want %d", x.LineCount(), len(want))
	}
	for i, w := range want {
		if got := string(text[x.LineStart(i):x.LineEnd(i)]); got != w {
			t.Errorf("line %d = %q, want %q", i, got, w)
		}
		if line, col := x.Position(x.LineStart(i)); line != i || col != 0 {
			t.Errorf("Position(start of line %d) = %d:%d", i, line, col)
		}
		if off := x.Offset(int64(i), 0); off != x.LineStart(i) {
			t.Errorf("Offset(%d, 0) = %d, want %d", i, off, x.LineStart(i))
		}
	}
	if off := x.Offset(1, 99); off != x.LineEnd(1) {
		t.Errorf("a column past the end maps to %d, want the line end %d", off, x.LineEnd(1))
	}
	if off := x.Offset(99, 0); off != len(text) {
		t.Errorf("a line past the end maps to %d, want %d", off, len(text))
	}
}

// TestNextLineStartMatchesLineIndex: the scanner walks lines with
// NextLineStart; it must agree with the index the editor positions use.
func TestNextLineStartMatchesLineIndex(t *testing.T) {
	for _, s := range []string{"", "x", "\r", "\n", "\r\n", "a\r\rb", "a\n\rb", "a\r\n\nb\r", "中\r😀\r\nz"} {
		text := []byte(s)
		x := NewLineIndex(text)
		line := 0
		for from := 0; ; line++ {
			next := NextLineStart(text, from)
			if next < 0 {
				break
			}
			if line+1 >= x.LineCount() || x.LineStart(line+1) != next {
				t.Errorf("%q: line %d starts at %d by NextLineStart", s, line+1, next)
			}
			from = next
		}
		if line+1 != x.LineCount() {
			t.Errorf("%q: NextLineStart sees %d lines, LineIndex %d", s, line+1, x.LineCount())
		}
	}
}

func TestUTF16Offset(t *testing.T) {
	b := []byte("a😀中b")
	for col, want := range map[int64]int{0: 0, 1: 1, 2: 1, 3: 5, 4: 8, 5: 9, 9: 9} {
		if got := UTF16Offset(b, col); got != want {
			t.Errorf("UTF16Offset(%d) = %d, want %d", col, got, want)
		}
	}
}

// TestPositionsMatchPosition: the one-pass batch conversion gives every
// offset the position Position gives it, in any order, on texts mixing
// line endings, multi-byte and astral characters and invalid bytes, with
// offsets inside characters, inside "\r\n" and out of range.
func TestPositionsMatchPosition(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 19))
	parts := []string{"a", "bc", "é", "鍵", "😀", "\n", "\r", "\r\n", "\xff", "\xe2\x82"}
	for round := 0; round < 300; round++ {
		var b strings.Builder
		for n := rng.IntN(60); n > 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := []byte(b.String())
		offs := make([]int, rng.IntN(40))
		for i := range offs {
			offs[i] = rng.IntN(len(text)+7) - 3
		}
		checkPositions(t, text, offs)
	}
}

func checkPositions(t *testing.T, text []byte, offs []int) {
	t.Helper()
	x := NewLineIndex(text)
	lines, cols := x.Positions(offs)
	for i, off := range offs {
		if l, c := x.Position(off); lines[i] != l || cols[i] != c || x.Line(off) != l {
			t.Fatalf("text %q: Positions gives offset %d %d:%d, Position %d:%d, Line %d", text, off, lines[i], cols[i], l, c, x.Line(off))
		}
	}
}

// FuzzPositions holds Positions to Position.
func FuzzPositions(f *testing.F) {
	f.Add([]byte("ab\r\n😀c\rd\n"), []byte{3, 1, 9, 2, 200})
	f.Fuzz(func(t *testing.T, text, raw []byte) {
		offs := make([]int, len(raw))
		for i, r := range raw {
			offs[i] = int(r) - 4
		}
		checkPositions(t, text, offs)
	})
}
