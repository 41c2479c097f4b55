package lsp

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
)

// BenchmarkLinear is the server's half of the linear-work series (issue
// 18; analysis.BenchmarkLinear is the engine's): turning a document's
// findings into the diagnostics it publishes, byte offsets into UTF-16
// positions, on each shape of internal/shapes at 1x, 2x, 4x and 8x. The
// shapes with thousands of findings on one line (tokens-line-*,
// headers-line) are the ones a per-diagnostic recount of the line made
// quadratic. The analysis runs before the timer; bench/linear.sh prints
// the series. cpu-ns/op is the process's CPU time per operation.
func BenchmarkLinear(b *testing.B) {
	div, _ := strconv.Atoi(os.Getenv("LINEAR_DIV"))
	div = max(div, 1)
	for _, sh := range shapes.All {
		for _, mult := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("shape=%s/size=%dx", sh.Name, mult), func(b *testing.B) {
				text := sh.Gen(max(1, sh.Base*mult/div))
				doc := NewDocument(protocol.DocumentURI("file:///w/"+sh.File), "", 1, text)
				doc = doc.withFindings(analysis.Analyze(doc.Path, "", text, &analysis.Config{}), "")
				b.SetBytes(int64(len(text)))
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					diagnosticsParams(doc)
				}
				if cpu := processCPU() - cpu0; cpu > 0 {
					b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
