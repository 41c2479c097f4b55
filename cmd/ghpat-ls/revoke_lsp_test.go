package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestRevokeThroughLSP: the real binary over stdio, enterpriseHost at the
// fake HTTPS host (trusted through SSL_CERT_FILE). Offering the action
// sends nothing; executing it sends the token read from the server's copy
// of the document once, and the outcome arrives as window/showMessage.
func TestRevokeThroughLSP(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1250)
	inst := ghtoken.Generate(ghtoken.ServerToServer, 1251)
	g := fixture.Watch(t, []string{tok, inst}...)
	dir := t.TempDir()
	cert := fake.CertFile(t)
	c := liveStartServer(t, liveEnv("SSL_CERT_FILE="+cert))
	init := liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{"enterpriseHost": host}},
	})
	if !strings.Contains(string(init), `"executeCommandProvider":{"commands":["ghpat.revokeToken"]}`) {
		t.Errorf("initialize does not advertise the command")
	}
	c.Notify("initialized", map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "deploy.py"))
	src := "TOKEN = \"" + tok + "\"\nAPP = \"" + inst + "\"\n"
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "python", "version": 1, "text": src,
	}})
	liveWaitDiagnostics(t, c, uri, func(p *lsptest.PublishedDiagnostics) bool { return len(p.Diagnostics) >= 2 })

	actions := func(line int) []map[string]any {
		raw := liveCall(c, "textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]any{"line": line, "character": 12}, "end": map[string]any{"line": line, "character": 12}},
			"context":      map[string]any{"diagnostics": []any{}},
		})
		var all, out []map[string]any
		json.Unmarshal(raw, &all)
		for _, a := range all {
			if cmd, ok := a["command"].(map[string]any); ok && cmd["command"] == "ghpat.revokeToken" {
				out = append(out, a)
			}
		}
		return out
	}
	if n := len(actions(1)); n != 0 {
		t.Errorf("%d revoke actions on an installation token", n)
	}
	acts := actions(0)
	if len(acts) != 1 || acts[0]["title"] != "Revoke this token at GitHub…" || acts[0]["kind"] != "quickfix" {
		t.Fatalf("revoke actions %v", g.Redact(strings.TrimSpace(string(mustMarshal(acts)))))
	}
	if fake.Count() != 0 {
		t.Fatalf("offering the action sent %d requests", fake.Count())
	}
	cmd := acts[0]["command"].(map[string]any)
	// Run as a client that does not ask (this one answers the server's
	// window/showMessageRequest with null): nothing is sent.
	liveCall(c, "workspace/executeCommand", map[string]any{"command": cmd["command"], "arguments": cmd["arguments"]})
	if !strings.Contains(liveStdout(c), `"method":"window/showMessageRequest"`) || fake.Count() != 0 {
		t.Fatalf("unconfirmed: the server did not ask, or sent %d requests", fake.Count())
	}
	// As the VS Code and Neovim plugins send it after the user chose Revoke.
	arg := cmd["arguments"].([]any)[0].(map[string]any)
	arg["confirmed"] = true
	liveCall(c, "workspace/executeCommand", map[string]any{"command": cmd["command"], "arguments": []any{arg}})

	var shown string
	for deadline := time.Now().Add(20 * time.Second); shown == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, f := range strings.Split(liveStdout(c), "\n") {
			if strings.Contains(f, `"window/showMessage"`) && strings.Contains(f, "Revoked ") {
				shown = f
			}
		}
	}
	g.Logf("shown: %s", shown)
	if !strings.Contains(shown, "Revoked "+ghtoken.Redact(tok)+" at "+host) || !strings.Contains(shown, `"type":3`) {
		t.Errorf("outcome not shown as information")
	}
	// Issue 18: a confirmed argument that does not carry the version, the
	// host and the redacted token it was offered with sends nothing, and
	// the user is told why.
	for _, key := range []string{"version", "host", "redacted"} {
		bad := map[string]any{}
		for k, v := range arg {
			bad[k] = v
		}
		delete(bad, key)
		liveCall(c, "workspace/executeCommand", map[string]any{"command": cmd["command"], "arguments": []any{bad}})
	}
	refused := 0
	for deadline := time.Now().Add(20 * time.Second); refused < 3 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		refused = strings.Count(liveStdout(c), "Not revoked: the command does not say which document version, host and token")
	}
	if refused != 3 {
		t.Errorf("%d of 3 incomplete arguments refused with a message", refused)
	}
	reqs := fake.Received()
	if len(reqs) != 1 || reqs[0].Path != "/api/v3/credentials/revoke" || len(reqs[0].Credentials) != 1 ||
		reqs[0].Credentials[0] != tok || reqs[0].Header.Get("Authorization") != "" {
		t.Errorf("%d requests; want one unauthenticated POST of the token to /api/v3/credentials/revoke", len(reqs))
	}

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
	if !strings.Contains(c.Stderr.String(), "revoke: sending "+ghtoken.Redact(tok)+" (sha256:") {
		t.Errorf("the log does not record the revocation by redacted form and hash")
	}
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
