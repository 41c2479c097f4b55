package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// alive checks that the server still answers a request.
func (h *harness) alive() {
	h.t.Helper()
	var res json.RawMessage
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///none"}, "position": lsptest.Position{}}, &res)
}

// nullIDError waits for an error response with id null.
func (h *harness) nullIDError() *lsptest.Error {
	h.t.Helper()
	m, err := h.c.Await(h.ctx(), json.RawMessage("null"))
	if err != nil {
		h.t.Fatalf("no error response with id null: %v", err)
	}
	if m.Error == nil {
		h.t.Fatalf("response with id null is not an error: %+v", m)
	}
	return m.Error
}

func TestBadFramesGetErrorsAndTheServerGoesOn(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		code int64
	}{
		{"invalid JSON", string(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":1,"method":`))), -32700},
		{"not JSON-RPC", string(lsptest.Frame([]byte(`[1,2,3]`))), -32600},
		{"non-numeric Content-Length", "Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\"}", -32700},
		{"negative Content-Length", "Content-Length: -5\r\n\r\n{}", -32700},
		{"Content-Length beyond int64", "Content-Length: 99999999999999999999\r\n\r\n{}", -32700},
		{"missing Content-Length", "Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\"}", -32700},
		{"garbage line", "hello there\r\n", -32700},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := startServer(t, Options{})
			h.initialize(nil, nil)
			if err := h.c.WriteRaw([]byte(c.raw)); err != nil {
				t.Fatal(err)
			}
			if e := h.nullIDError(); e.Code != c.code {
				t.Errorf("error %+v, want code %d", e, c.code)
			}
			h.alive()
			if code := h.shutdownExit(); code != 0 {
				t.Errorf("exit code %d", code)
			}
			if !strings.Contains(h.log.String(), "WARN") {
				t.Errorf("no warning logged")
			}
		})
	}
}

func TestInvalidRequestKeepsItsID(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	// "method" must be a string: an invalid request, answered with its id.
	h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":41,"method":7}`)))
	m, err := h.c.Await(h.ctx(), json.RawMessage("41"))
	if err != nil || m.Error == nil || m.Error.Code != -32600 {
		t.Fatalf("got %+v, %v; want InvalidRequest for id 41", m, err)
	}
	h.alive()
	h.shutdownExit()
}

func TestBinaryAndInvalidUnicodeDocumentsAreSkipped(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 99)
	h.secrets = append(h.secrets, tok)
	line := `token = "` + tok + `"` + "\n"
	docs := map[string]string{
		// NUL bytes: a binary file opened in the editor.
		"file:///bin.dat": `{"uri":"file:///bin.dat","languageId":"plaintext","version":1,"text":` + mustStr(t, "\x00\x01ELF\x00"+line) + `}`,
		// Raw invalid UTF-8 bytes inside the JSON string.
		"file:///latin1.py": `{"uri":"file:///latin1.py","languageId":"python","version":1,"text":"caf` + "\xe9 \xff" + `\n` + strings.TrimSuffix(mustStr(t, line)[1:], `"`) + `"}`,
		// A lone surrogate, as a JavaScript string can hold.
		"file:///lone.js": `{"uri":"file:///lone.js","languageId":"javascript","version":1,"text":"// \ud83d\n` + strings.TrimSuffix(mustStr(t, line)[1:], `"`) + `"}`,
	}
	for uri, td := range docs {
		h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":` + td + `}}`)))
		d, err := h.c.WaitDiagnostics(h.ctx(), uri, 1)
		if err != nil {
			t.Fatalf("%s: %v\nlog:\n%s", uri, err, h.log.String())
		}
		if d.Null || len(d.Diagnostics) != 0 {
			t.Errorf("%s: diagnostics %+v, want an empty array (skipped)", uri, d.Diagnostics)
		}
	}
	// Replacing the whole text with valid text analyses it again.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": "file:///lone.js", "version": 2},
		"contentChanges": []any{map[string]any{"text": line}},
	})
	if d := h.diagnostics("file:///lone.js", 2); len(d.Diagnostics) != 1 {
		t.Errorf("after a valid full replacement: %+v", d.Diagnostics)
	}
	h.shutdownExit()
	log := h.log.String()
	for _, want := range []string{"not analysing file:///bin.dat: binary", "not analysing file:///latin1.py: not valid UTF-8", "not analysing file:///lone.js: not valid UTF-8"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func mustStr(t *testing.T, s string) string {
	t.Helper()
	return string(mustJSON(t, s))
}

func TestLargeDocumentIsSkipped(t *testing.T) {
	h := startServer(t, Options{MaxDocumentSize: 1 << 20})
	h.initialize(nil, nil)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 5)
	h.secrets = append(h.secrets, tok)
	big := strings.Repeat("const x = 1; // padding padding padding padding\n", (2<<20)/48) + `t = "` + tok + `"` + "\n"
	h.open("file:///big.js", "javascript", big, 1)
	if d := h.diagnostics("file:///big.js", 1); len(d.Diagnostics) != 0 {
		t.Errorf("a document over MaxDocumentSize was analysed: %d diagnostics", len(d.Diagnostics))
	}
	// Shrinking it below the limit analyses it again.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": "file:///big.js", "version": 2},
		"contentChanges": []any{map[string]any{"range": lsptest.Range{End: lsptest.PositionOf(big, strings.Index(big, "t = "))}, "text": ""}},
	})
	if d := h.diagnostics("file:///big.js", 2); len(d.Diagnostics) != 1 {
		t.Errorf("after shrinking: %d diagnostics, want 1", len(d.Diagnostics))
	}
	h.shutdownExit()
	if n := strings.Count(h.log.String(), "not analysing file:///big.js: larger than the 1048576-byte limit"); n != 1 {
		t.Errorf("skip logged %d times, want once", n)
	}
}
