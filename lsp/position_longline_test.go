package lsp

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// TestDiagnosticsOnOneLongLine: the diagnostics of many tokens on one
// line, between emoji and CJK (columns in UTF-16 units differ from bytes
// and from runes), reach the client at the columns the test client
// computes on its own, in the order of the line. The server converts
// them in one pass (Mapper.Ranges); this holds that pass to the text.
func TestDiagnosticsOnOneLongLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("// 鍵 header\nconst tokens = [")
	var toks []string
	for i := 0; i < 300; i++ {
		tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(4000+i))
		toks = append(toks, tok)
		b.WriteString(`"` + tok + `", /* 😀 密钥 */ `)
	}
	b.WriteString("];\n")
	text := b.String()
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	uri := "file:///w/long.js"
	h.open(uri, "javascript", text, 1)
	pats := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleClassicPAT)
	if len(pats) != len(toks) {
		t.Fatalf("%d github-pat diagnostics, want %d", len(pats), len(toks))
	}
	from := 0
	for i, tok := range toks {
		off := strings.Index(text[from:], tok) + from
		from = off + len(tok)
		want := lsptest.Range{Start: lsptest.PositionOf(text, off), End: lsptest.PositionOf(text, from)}
		if pats[i].Range != want {
			t.Fatalf("token %d at %+v, want %+v", i, pats[i].Range, want)
		}
	}
	h.shutdownExit()
}
