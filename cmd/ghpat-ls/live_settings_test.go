package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestLiveSettings drives the wiring in-process through a real client:
// the editor's settings turn lookups off and on, and the rules and
// expiryWarningDays settings shape the diagnostics on references.
func TestLiveSettings(t *testing.T) {
	whoamiClearEnv(t)
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	liveHTTPClient = fake.Client()
	t.Cleanup(func() { liveHTTPClient = nil })
	host := strings.TrimPrefix(fake.URL, "https://")
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 501)
	g := fixture.Watch(t, tok)
	fake.Token(tok, tokeninfotest.Classic)
	fake.Expire(tok, time.Now().Add(3*24*time.Hour+time.Hour))
	t.Setenv("GITHUB_TOKEN", tok)

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var logs lsptest.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"serve", "--log-level", "debug"}, inR, outW, &logs)
		outW.Close()
	}()
	c := lsptest.New(outR, inW)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	settings := func(liveLookups, rules string) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"ghpat": {"enterpriseHost": %q, "liveLookups": %s, "rules": %s}}`, host, liveLookups, rules))
	}
	const uri = "file:///src/app.js"
	// The second line is a call that needs repo, the token's broad scope:
	// no github-token-overprivileged here (this test is about expiry).
	const text = "const t = process.env.GITHUB_TOKEN;\n// gh issue create\n"
	hover := func() string {
		t.Helper()
		var hov struct {
			Contents struct{ Value string } `json:"contents"`
		}
		at := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 25}}
		if err := c.Call(ctx, "textDocument/hover", at, &hov); err != nil {
			t.Fatal(err)
		}
		return hov.Contents.Value
	}
	// diags are the diagnostics last published on the reference. A
	// settings change publishes before the next message is read, so the
	// publication is in the output before the answer to a later request.
	diags := func() string {
		t.Helper()
		hover()
		return liveDiagnostics(t, c.Frames(), uri, text, g)
	}
	apply := func(liveLookups, rules string) {
		t.Helper()
		c.Notify("workspace/didChangeConfiguration", map[string]any{"settings": settings(liveLookups, rules)})
	}

	// Off: no diagnostics and nothing sent.
	if err := c.Call(ctx, "initialize", map[string]any{"processId": nil, "capabilities": map[string]any{},
		"initializationOptions": settings(`{"enabled": false}`, `{}`)}, nil); err != nil {
		t.Fatal(err)
	}
	c.Notify("initialized", map[string]any{})
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "javascript", "version": 1, "text": text,
	}})
	if got := diags(); got != "" || fake.Count() != 0 {
		t.Fatalf("disabled: diagnostics %q, requests %v", got, fake.Requests())
	}

	// On: the hover waits (timeoutMs) for the one request.
	apply(`{"enabled": true, "timeoutMs": 9000}`, `{}`)
	md := hover()
	g.CheckString("the hover", md)
	if !strings.Contains(md, "Owner: **octocat**") || !strings.Contains(md, "(in 3 days)") {
		t.Fatalf("hover: %s", g.Redact(md))
	}
	// The answer re-publishes the document in the background.
	if _, err := c.WaitNotification(ctx, "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), tokeninfo.RuleTokenExpiring)
	}); err != nil {
		t.Fatalf("no diagnostics after the answer: %v", err)
	}
	const ref = "@10-34" // process.env.GITHUB_TOKEN
	if got, want := diags(), tokeninfo.RuleTokenExpiring+"/warning"+ref; got != want {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	// The rules setting applies to the live rules too.
	apply(`{"enabled": true}`, `{"github-token-expiring": {"severity": "error"}}`)
	if got, want := diags(), tokeninfo.RuleTokenExpiring+"/error"+ref; got != want {
		t.Errorf("severity override: %q, want %q", got, want)
	}
	apply(`{"enabled": true}`, `{"github-token-expiring": {"disabled": true}}`)
	if got := diags(); got != "" {
		t.Errorf("disabled rule: %q", got)
	}
	// A one-day warning window: three days left is fine.
	apply(`{"enabled": true, "expiryWarningDays": 1}`, `{}`)
	if got := diags(); got != "" {
		t.Errorf("expiryWarningDays 1: %q", got)
	}
	apply(`{"enabled": true, "expiryWarningDays": 4}`, `{}`)
	if got, want := diags(), tokeninfo.RuleTokenExpiring+"/warning"+ref; got != want {
		t.Errorf("expiryWarningDays 4: %q, want %q", got, want)
	}
	// Diagnostics off, hovers still on.
	apply(`{"enabled": true, "diagnostics": false}`, `{}`)
	if got := diags(); got != "" {
		t.Errorf("diagnostics false: %q", got)
	}
	if md := hover(); !strings.Contains(md, "Owner: **octocat**") {
		t.Errorf("hover with diagnostics off: %s", g.Redact(md))
	}
	// Same endpoint all along: the cache held.
	if n := fake.Count(); n != 1 {
		t.Errorf("requests %v", fake.Requests())
	}

	if err := c.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	c.Notify("exit", nil)
	select {
	case got := <-code:
		if got != 0 {
			t.Errorf("exit code %d, want 0", got)
		}
	case <-ctx.Done():
		t.Fatal("runServe did not return after exit")
	}
	inW.Close()
	if err := c.Drain(ctx); err != nil {
		t.Errorf("stdout is not clean LSP: %v", err)
	}
	g.CheckString("the log", logs.String())
}

// liveDiagnostics renders the last diagnostics published on uri as
// "rule/severity@start-end" (byte offsets into text), the live rules only.
func liveDiagnostics(t *testing.T, frames [][]byte, uri, text string, g interface{ CheckString(string, string) }) string {
	t.Helper()
	var last *lsptest.PublishedDiagnostics
	for _, f := range frames {
		var m struct {
			Method string                       `json:"method"`
			Params lsptest.PublishedDiagnostics `json:"params"`
		}
		if json.Unmarshal(f, &m) == nil && m.Method == "textDocument/publishDiagnostics" && m.Params.URI == uri {
			p := m.Params
			last = &p
		}
	}
	if last == nil {
		t.Fatalf("no diagnostics published on %s", uri)
	}
	var out []string
	for _, d := range last.Diagnostics {
		if !strings.HasPrefix(d.Code, "github-token-") {
			continue
		}
		g.CheckString("a diagnostic", d.Message)
		start, err1 := lsptest.Offset(text, d.Range.Start)
		end, err2 := lsptest.Offset(text, d.Range.End)
		if err1 != nil || err2 != nil {
			t.Fatalf("range %+v: %v %v", d.Range, err1, err2)
		}
		out = append(out, fmt.Sprintf("%s/%v@%d-%d", d.Code, analysis.Severity(d.Severity), start, end))
	}
	return strings.Join(out, " ")
}
