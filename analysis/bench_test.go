package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// benchFile is a 10,000-line Go-like file with a token, a legacy header and
// an unpinned API call every 500 lines, as in a large real source file.
func benchFile() []byte {
	var b strings.Builder
	b.WriteString("package big\n\nimport \"net/http\"\n\n")
	for i := 4; i < 10000; i++ {
		switch i % 500 {
		case 0:
			fmt.Fprintf(&b, "var tok%d = %q\n", i, ghtoken.Generate(ghtoken.ClassicPAT, uint64(i)))
		case 100:
			fmt.Fprintf(&b, "\treq.Header.Set(\"Authorization\", \"token \"+tok)\n")
		case 200:
			fmt.Fprintf(&b, "\treq, _ := http.NewRequest(\"GET\", \"https://api.github.com/repos/o/r/issues/%d\", nil)\n", i)
		default:
			fmt.Fprintf(&b, "\tresult%d := compute(ctx, input[%d], \"label-%d\") // right: the highest weight\n", i, i, i)
		}
	}
	return []byte(b.String())
}

// BenchmarkAnalyze10kLines is the editor's cost for re-diagnosing a large
// file after an edit (the LSP re-analyses the whole document).
func BenchmarkAnalyze10kLines(b *testing.B) {
	text := benchFile()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze("big.go", "go", text, nil)
	}
}

// BenchmarkAnalyzeTokensOnly is the scanner's default path (header rules off).
func BenchmarkAnalyzeTokensOnly(b *testing.B) {
	text := benchFile()
	cfg := &Config{Disabled: map[string]bool{}}
	for _, id := range HeaderRuleIDs {
		cfg.Disabled[id] = true
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze("big.go", "go", text, cfg)
	}
}
