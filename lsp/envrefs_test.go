package lsp

import (
	"encoding/json"
	"testing"
)

// envRefRuns is how many times the current snapshot of uri searched its
// text for token variable references.
func envRefRuns(h *harness, uri string) int {
	h.t.Helper()
	d := h.srv.sess.get(protocolURI(uri))
	if d == nil {
		h.t.Fatalf("%s is not open", uri)
	}
	d.refs.mu.Lock()
	defer d.refs.mu.Unlock()
	return d.refs.runs
}

// TestEnvRefsFoundOncePerSnapshot: the analyses of one version (each
// live answer re-analyses it) and the hovers on it share one search for
// token variable references; new patterns search again, and so does a
// new version.
func TestEnvRefsFoundOncePerSnapshot(t *testing.T) {
	live := newFakeLive()
	h := startServer(t, Options{Live: live})
	h.initialize(nil, nil)
	const uri = "file:///work/a.js"
	const text = "const t = process.env.GITHUB_TOKEN;\n"
	h.open(uri, "javascript", text, 1)
	h.diagnostics(uri, 1)
	hover := func() {
		var res json.RawMessage
		h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": 0, "character": 25}}, &res)
	}
	for range 3 {
		h.srv.Refresh()
		hover()
	}
	if n := live.callCount(); n < 4 {
		t.Fatalf("the live lookups were asked %d times, want an analysis per pass", n)
	}
	if n := envRefRuns(h, uri); n != 1 {
		t.Errorf("version 1, 4 analyses and 3 hovers: %d searches, want 1", n)
	}

	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{"tokenVariablePatterns": []string{"GITHUB_*"}}}})
	hover() // waits for the analysis with the new patterns
	h.srv.Refresh()
	if n := envRefRuns(h, uri); n != 2 {
		t.Errorf("after new patterns: %d searches, want 2", n)
	}

	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": text}},
	})
	h.diagnostics(uri, 2)
	hover()
	if n := envRefRuns(h, uri); n != 1 {
		t.Errorf("version 2: %d searches, want 1", n)
	}
	h.shutdownExit()
}
