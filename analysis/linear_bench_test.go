package analysis

import (
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
)

// BenchmarkLinear runs every analysis path over each shape of
// internal/shapes at 1x, 2x, 4x and 8x its base size (issue 18: work
// linear in input). Linear work shows as a constant cost per byte across
// the four sizes; bench/linear.sh prints the series as a table. Analyze
// runs every rule (what `scan --all-rules` and the server do);
// FindAPICalls is `permissions` and the server's API-call index; EnvRefs
// is hover and the live check. cpu-ns/op: see shapes.Bench.
func BenchmarkLinear(b *testing.B) {
	// Compile the rules' regular expressions and load the route table
	// before timing: bench/linear.sh runs one iteration per size.
	Analyze("warm.yml", "", []byte("x"), &Config{})
	FindAPICalls(LangShell, []byte("gh api user"), nil)
	shapes.Bench(b, func(sh shapes.Shape, text []byte) func() {
		lang := DetectLanguage(sh.File, "")
		return func() {
			Analyze(sh.File, "", text, &Config{})
			FindAPICalls(lang, text, nil)
			EnvRefs(sh.File, "", text, nil)
		}
	})
}
