package lsp

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// publishedVersions lists the versions published for uri, in order.
func publishedVersions(h *harness, uri string) []int {
	var out []int
	for _, f := range h.c.Frames() {
		var m struct {
			Method string                       `json:"method"`
			Params lsptest.PublishedDiagnostics `json:"params"`
		}
		if json.Unmarshal(f, &m) == nil && m.Method == "textDocument/publishDiagnostics" && m.Params.URI == uri {
			out = append(out, m.Params.Version)
		}
	}
	return out
}

// TestReadLoopNeverWaitsOnAnalysis (issue 18, item 2): while one
// document's analysis runs (held here, as a huge one takes long), the read
// loop goes on: two more versions of it are read, requests on another
// document are answered before any diagnostics of the held one, and a
// hover on the held document waits for its newest version. Only the last
// version is published: the overtaken ones never are.
func TestReadLoopNeverWaitsOnAnalysis(t *testing.T) {
	const big, small = "file:///work/big.js", "file:///work/small.js"
	entered, release := make(chan struct{}, 1), make(chan struct{})
	var mu sync.Mutex
	armed := false
	extra := func(doc *Document) []analysis.Finding {
		mu.Lock()
		hold := armed && string(doc.URI) == big
		if hold {
			armed = false
		}
		mu.Unlock()
		if hold {
			entered <- struct{}{}
			<-release
		}
		return nil
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, planted := h.fixture("app.js", 1801)
	h.open(small, "javascript", text, 1)
	h.diagnostics(small, 1)

	mu.Lock()
	armed = true
	mu.Unlock()
	h.open(big, "javascript", "// v1\n", 1)
	<-entered // version 1's analysis is running, and held
	for v, body := range []string{"// v2\n", "// v3\n" + text} {
		h.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": big, "version": v + 2},
			"contentChanges": []any{map[string]any{"text": body}},
		})
	}
	at := lsptest.PositionOf(text, planted[0].Offset+2)
	onBig, err := h.c.Start(nil, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": big}, "position": lsptest.Position{Line: at.Line + 1, Character: at.Character}})
	if err != nil {
		t.Fatal(err)
	}
	var hov struct {
		Contents struct{ Value string } `json:"contents"`
	}
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": small}, "position": at}, &hov)
	if !strings.Contains(hov.Contents.Value, "OAuth") {
		t.Errorf("hover on the other document: %q", hov.Contents.Value)
	}
	var actions []json.RawMessage
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": small}, "range": map[string]any{"start": at, "end": at},
		"context": map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) == 0 {
		t.Error("no code actions on the other document")
	}
	if err := h.call("no/such/method", nil, nil); rpcCode(err) != -32601 {
		t.Errorf("unknown method during the analysis: %v", err)
	}
	if v := publishedVersions(h, big); len(v) != 0 {
		t.Errorf("diagnostics of the held document published before the requests were answered: versions %v", v)
	}
	close(release)
	if d := byCode(h.diagnostics(big, 3).Diagnostics, analysis.RuleOAuth); len(d) != 1 {
		t.Errorf("diagnostics of the last version: %+v", d)
	}
	m, err := h.c.Await(h.ctx(), onBig)
	if err != nil || m.Error != nil || !strings.Contains(string(m.Result), "OAuth") {
		t.Errorf("hover on the held document, answered from its last version: %v %+v", err, m)
	}
	h.shutdownExit()
	if v := publishedVersions(h, big); len(v) != 1 || v[0] != 3 {
		t.Errorf("versions published for the held document: %v, want only the last, 3", v)
	}
}
