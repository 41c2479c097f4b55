package scan

import (
	"math/rand/v2"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// TestPositionerColumnsIncremental: columns counted on from known offsets
// (issue 18: many findings on one line read it once) equal UTF16Len from
// the line start, for offsets that mostly increase, sometimes go back
// (an end past the next start), and cut multi-byte characters.
func TestPositionerColumnsIncremental(t *testing.T) {
	pieces := []string{"a", "é", "😀", "中", "\xe2\x82", "\xff", " ", "\n", "\r\n", "\r"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		var b []byte
		for i := 0; i < 200; i++ {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		p := newPositioner(b)
		ref := newPositioner(b)
		off := 0
		for step := 0; step < 300; step++ {
			if rng.IntN(5) == 0 {
				off = max(0, off-rng.IntN(6))
			} else {
				off = min(len(b), off+rng.IntN(8))
			}
			line, col := p.at(off)
			ref.reset()
			rline, _ := ref.at(off)
			ls := ref.lineStart
			want := analysis.UTF16Len(b[ls:off]) + 1
			if line != rline || col != want {
				t.Fatalf("round %d offset %d: line %d col %d, want line %d col %d", round, off, line, col, rline, want)
			}
		}
	}
}
