package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestLiveSettingsChangeAndExitWithLookupsInFlight runs the server
// in-process. A hover waits on a lookup that the old Enterprise host holds
// when enterpriseHost changes: the hover shows the new host's answer, not
// the old one's. Then the client exits while the old host still holds its
// request: Serve ends with code 0 and the request is cancelled, not left
// running.
func TestLiveSettingsChangeAndExitWithLookupsInFlight(t *testing.T) {
	whoamiClearEnv(t)
	oldGHE := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	newGHE := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	// httptest's TLS servers share one certificate: this client trusts both.
	liveHTTPClient = oldGHE.Client()
	t.Cleanup(func() { liveHTTPClient = nil })
	oldHost := strings.TrimPrefix(oldGHE.URL, "https://")
	newHost := strings.TrimPrefix(newGHE.URL, "https://")
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 521)
	g := fixture.Watch(t, tok)
	oldGHE.Token(tok, tokeninfotest.Slow) // held until the test ends
	newGHE.Token(tok, tokeninfotest.BadCreds)
	t.Setenv("GITHUB_TOKEN", tok)

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr lsptest.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"serve", "--log-level", "debug"}, inR, outW, &stderr)
		outW.Close()
	}()
	c := lsptest.New(outR, inW)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	settings := func(host string) map[string]any {
		return map[string]any{"ghpat": map[string]any{"enterpriseHost": host, "liveLookups": map[string]any{"timeoutMs": 10000}}}
	}
	if err := c.Call(ctx, "initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}, "initializationOptions": settings(oldHost)}, nil); err != nil {
		t.Fatal(err)
	}
	c.Notify("initialized", map[string]any{})
	const uri = "file:///work/app.js"
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "javascript", "version": 1, "text": "const t = process.env.GITHUB_TOKEN;\n",
	}})
	<-oldGHE.Arrived() // opening the file started the lookup; the old host holds it

	id, err := c.Start(100, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 25}})
	if err != nil {
		t.Fatal(err)
	}
	c.Notify("workspace/didChangeConfiguration", map[string]any{"settings": settings(newHost)})
	m, err := c.Await(ctx, id)
	if err != nil || m.Error != nil {
		t.Fatalf("hover: %v %+v", err, m)
	}
	var hov struct {
		Contents struct{ Value string } `json:"contents"`
	}
	if err := json.Unmarshal(m.Result, &hov); err != nil {
		t.Fatal(err)
	}
	md := hov.Contents.Value
	g.CheckString("the hover", md)
	if !strings.Contains(md, "Rejected: 401 Bad credentials") || !strings.Contains(md, "· "+newHost) || strings.Contains(md, oldHost) {
		t.Errorf("hover after the host changed (old %s, new %s):\n%s", oldHost, newHost, g.Redact(md))
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
	select {
	case <-oldGHE.Abandoned():
	case <-ctx.Done():
		t.Error("the request in flight was not cancelled at exit")
	}
	inW.Close()
	if err := c.Drain(ctx); err != nil {
		t.Errorf("stdout is not clean LSP: %v", err)
	}
	for _, f := range c.Frames() {
		g.CheckString("a frame", string(f))
	}
	g.CheckString("the log", stderr.String())
	if t.Failed() {
		t.Logf("log:\n%s", g.Redact(stderr.String()))
	}
}
