package lsp

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
)

// BenchmarkSnapshotAnalysisAndRoutes is the engine's work on one new
// snapshot that the server does whatever the client asks next: its
// analysis (the diagnostics) and its API call routes (the workspace index
// reads them for the least-privilege hover and diagnostic). The 10,000-line
// file of BenchmarkDidChangeToDiagnostics10kLines, and the shapes of
// internal/shapes heaviest in calls, at 1x.
func BenchmarkSnapshotAnalysisAndRoutes(b *testing.B) {
	type input struct {
		name, file string
		text       []byte
	}
	inputs := []input{{"10k-lines", "big.js", []byte(benchDoc())}}
	for _, name := range []string{"normal-go", "minified-urls", "curl-line", "headers-line"} {
		sh, _ := shapes.ByName(name)
		inputs = append(inputs, input{name, sh.File, sh.Gen(sh.Base)})
	}
	cfg := DefaultSettings().Config()
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			for i := 0; i < b.N; i++ {
				d := NewDocument(protocol.DocumentURI("file:///w/"+in.file), "", 1, in.text)
				baseAnalysis(d, cfg)
				d.apiRoutes(cfg.EnterpriseHosts)
			}
		})
	}
}
