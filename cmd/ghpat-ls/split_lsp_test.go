package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestSplitTokenThroughLSP: the real binary over stdio. A token joined
// from literals on two lines gets one diagnostic at its first byte; its
// fix replaces the whole expression; allow goes on its first line; the
// revoke sends the joined token, once, and nothing for a decoy.
func TestSplitTokenThroughLSP(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	src, planted := fixture.Expand([]byte("import os\nTOKEN = (\"{{ghp[:7]}}\"\n         \"{{ghp[7:]}}\")\n"+
		"DECOY = (\"ghp_\"\n         \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")\nZW = \"{{gho[:9]}}\u200b{{gho[9:]}}\"\n"), 1290)
	tok, zw := planted[0].Token, planted[1].Token
	g := fixture.Watch(t, tok, zw)
	c := liveStartServer(t, liveEnv("SSL_CERT_FILE="+fake.CertFile(t)))
	liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{"enterpriseHost": host}},
	})
	c.Notify("initialized", map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "settings.py"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "python", "version": 1, "text": string(src),
	}})
	pub := liveWaitDiagnostics(t, c, uri, func(p *lsptest.PublishedDiagnostics) bool { return len(p.Diagnostics) >= 2 })
	if len(pub.Diagnostics) != 2 {
		t.Fatalf("%d diagnostics, want 2 (the decoy stays quiet)", len(pub.Diagnostics))
	}
	d := pub.Diagnostics[0]
	if d.Code != analysis.RuleClassicPAT || d.Severity != 1 || d.Range.Start != (lsptest.Position{Line: 1, Character: 10}) ||
		d.Range.End != (lsptest.Position{Line: 2, Character: 43}) || !strings.Contains(d.Message, "joined from 2 string literals") {
		t.Errorf("diagnostic %s %+v %q", d.Code, d.Range, g.Redact(d.Message))
	}
	if z := pub.Diagnostics[1]; z.Range.Start.Line != 5 || !strings.Contains(z.Message, "split by U+200B") {
		t.Errorf("diagnostic %+v %q", z.Range, g.Redact(z.Message))
	}

	actions := func(line, char int) []map[string]any {
		raw := liveCall(c, "textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]any{"line": line, "character": char}, "end": map[string]any{"line": line, "character": char}},
			"context":      map[string]any{"diagnostics": []any{}},
		})
		var all []map[string]any
		json.Unmarshal(raw, &all)
		return all
	}
	var env, allow, revoke map[string]any
	for _, a := range actions(2, 12) { // on the second literal
		switch title, _ := a["title"].(string); {
		case strings.HasPrefix(title, "Read the token from os.environ"):
			env = a
		case strings.Contains(title, "gitleaks:allow"):
			allow = a
		case title == "Revoke this token at GitHub…":
			revoke = a
		}
	}
	if env == nil || allow == nil || revoke == nil {
		t.Fatalf("actions %s", g.Redact(string(mustMarshal(actions(2, 12)))))
	}
	edits := env["edit"].(map[string]any)["changes"].(map[string]any)[uri].([]any)
	replace := edits[len(edits)-1].(map[string]any)
	if r := mustMarshal(replace["range"]); string(r) != `{"end":{"character":44,"line":2},"start":{"character":9,"line":1}}` || replace["newText"] != `os.environ["GITHUB_TOKEN"]` {
		t.Errorf("the fix does not replace both literals: %s %v", r, replace["newText"])
	}
	allowEdit := allow["edit"].(map[string]any)["changes"].(map[string]any)[uri].([]any)[0].(map[string]any)
	if r := allowEdit["range"].(map[string]any)["start"].(map[string]any); r["line"] != float64(1) {
		t.Errorf("allow comment not on the token's first line: %v", r)
	}
	for _, line := range []int{3, 4} {
		for _, a := range actions(line, 12) {
			if a["command"] != nil {
				t.Errorf("an action on the decoy: %v", a["title"])
			}
		}
	}

	cmd := revoke["command"].(map[string]any)
	arg := cmd["arguments"].([]any)[0].(map[string]any)
	arg["confirmed"] = true
	liveCall(c, "workspace/executeCommand", map[string]any{"command": cmd["command"], "arguments": []any{arg}})
	// The decoy argument carries everything a real one does (the version,
	// the host, the confirmed token's redacted form), so only its range
	// can refuse it.
	decoy := map[string]any{"uri": uri, "version": 1, "confirmed": true, "host": host, "redacted": arg["redacted"],
		"range": map[string]any{"start": map[string]any{"line": 3, "character": 10}, "end": map[string]any{"line": 4, "character": 46}}}
	liveCall(c, "workspace/executeCommand", map[string]any{"command": cmd["command"], "arguments": []any{decoy}})
	for deadline := time.Now().Add(20 * time.Second); fake.Count() == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	time.Sleep(100 * time.Millisecond)
	reqs := fake.Received()
	if len(reqs) != 1 || len(reqs[0].Credentials) != 1 || reqs[0].Credentials[0] != tok {
		t.Errorf("%d revocation requests; want one, of the joined token", len(reqs))
	}
	if !strings.Contains(liveStdout(c), "Not revoked: no token GitHub can revoke is at that place") {
		t.Errorf("the decoy's range was not refused")
	}

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
}

// TestSplitFixturesThroughLSP: every split fixture opened in the editor
// gets one diagnostic per planted token, at its first byte (UTF-16), and
// the decoys none.
func TestSplitFixturesThroughLSP(t *testing.T) {
	dir := t.TempDir()
	want, all := plantSplitFixtures(t, dir)
	g := fixture.Watch(t, all...)
	byFile := map[string][]splitWant{}
	for _, w := range want {
		byFile[w.file] = append(byFile[w.file], w)
	}
	c := liveStartServer(t, liveEnv())
	liveCall(c, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
	c.Notify("initialized", map[string]any{})
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		uri := "file://" + filepath.ToSlash(filepath.Join(dir, e.Name()))
		c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": uri, "languageId": "", "version": 1, "text": string(text),
		}})
		ws := byFile[e.Name()]
		pub := liveWaitDiagnostics(t, c, uri, func(p *lsptest.PublishedDiagnostics) bool { return true })
		var tokens []lsptest.Diagnostic
		for _, d := range pub.Diagnostics {
			if _, ok := analysis.RuleByID(d.Code); ok && strings.HasPrefix(d.Code, "github-") && d.Severity == 1 {
				tokens = append(tokens, d)
			}
		}
		if len(tokens) != len(ws) {
			t.Errorf("%s: %d token diagnostics, want %d", e.Name(), len(tokens), len(ws))
			continue
		}
		for i, w := range ws {
			if p := tokens[i].Range.Start; p.Line != w.line-1 || p.Character != w.col-1 || tokens[i].Code != w.rule {
				t.Errorf("%s: %s at %d:%d, want %d:%d %s", e.Name(), tokens[i].Code, p.Line, p.Character, w.line-1, w.col-1, w.rule)
			}
		}
	}
	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
}
