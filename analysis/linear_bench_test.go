package analysis

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
)

// BenchmarkLinear runs every analysis path over each shape of
// internal/shapes at 1x, 2x, 4x and 8x its base size (issue 18: work
// linear in input). Linear work shows as a constant cost per byte across
// the four sizes; bench/linear.sh prints the series as a table. Analyze
// runs every rule (what `scan --all-rules` and the server do);
// FindAPICalls is `permissions` and the server's API-call index; EnvRefs
// is hover and the live check. cpu-ns/op is the process's CPU time (user
// and system, GC included) per operation: steadier than the wall time on
// a shared machine.
func BenchmarkLinear(b *testing.B) {
	// Compile the rules' regular expressions and load the route table
	// before timing: bench/linear.sh runs one iteration per size.
	Analyze("warm.yml", "", []byte("x"), &Config{})
	FindAPICalls(LangShell, []byte("gh api user"), nil)
	// LINEAR_DIV divides every size (bench/linear.sh's DIV).
	div, _ := strconv.Atoi(os.Getenv("LINEAR_DIV"))
	div = max(div, 1)
	for _, sh := range shapes.All {
		for _, mult := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("shape=%s/size=%dx", sh.Name, mult), func(b *testing.B) {
				text := sh.Gen(max(1, sh.Base*mult/div))
				lang := DetectLanguage(sh.File, "")
				b.SetBytes(int64(len(text)))
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					Analyze(sh.File, "", text, &Config{})
					FindAPICalls(lang, text, nil)
					EnvRefs(sh.File, "", text, nil)
				}
				if cpu := processCPU() - cpu0; cpu > 0 {
					b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
