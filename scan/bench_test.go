package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// benchTree writes 200 source-like files of ~64 KB each, a token in every
// tenth file, and returns the total size.
func benchTree(b *testing.B, dir string) int64 {
	var total int64
	for i := range 200 {
		var sb strings.Builder
		fmt.Fprintf(&sb, "package p%d\n\nimport \"net/http\"\n\n", i)
		for j := 0; sb.Len() < 64<<10; j++ {
			fmt.Fprintf(&sb, "\tresult%d := compute(ctx, input[%d], \"label-%d\") // right: the highest weight\n", j, j, j)
			if i%10 == 0 && j == 300 {
				fmt.Fprintf(&sb, "\tconst tok = %q\n", ghtoken.Generate(ghtoken.ClassicPAT, uint64(i)))
			}
		}
		p := filepath.Join(dir, fmt.Sprintf("pkg%02d", i%17), fmt.Sprintf("f%d.go", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(sb.Len())
	}
	return total
}

// BenchmarkRunFiles is `ghpat-ls scan DIR` outside git: walk, read, analyse
// with all workers.
func BenchmarkRunFiles(b *testing.B) {
	dir := b.TempDir()
	b.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	b.SetBytes(benchTree(b, dir))
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), Options{Dir: dir, IgnoreFile: "-"})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Findings) != 20 {
			b.Fatalf("%d findings, want 20", len(rep.Findings))
		}
	}
}
