package lsp

import (
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
	shapes.Bench(b, func(sh shapes.Shape, text []byte) func() {
		doc := NewDocument(protocol.DocumentURI("file:///w/"+sh.File), "", 1, text)
		doc = doc.withFindings(analysis.Analyze(doc.Path, "", text, &analysis.Config{}), "")
		return func() { diagnosticsParams(doc) }
	})
}
