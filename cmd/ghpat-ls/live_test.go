package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// The live-hover path end to end: the real binary over stdio, tokens in
// its environment, enterpriseHost pointing at a loopback HTTPS fake of the
// GitHub API (trusted through SSL_CERT_FILE, so the https-only rule is
// exercised as shipped).

// liveTokenVars are removed from the environment the test server inherits.
var liveTokenVars = []string{"GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_PAT", "GITHUB_ENTERPRISE_TOKEN"}

// liveStartServer runs the binary's language server with env and debug
// logging on stderr; it answers the server's own requests with null.
func liveStartServer(t *testing.T, env []string) *lsptest.Process {
	t.Helper()
	cmd := exec.Command(testbin.Path(t), "serve", "--log-level", "debug")
	cmd.Env = env
	return lsptest.Spawn(t, cmd, lsptest.AnswerNull)
}

// liveCall sends a request and returns its raw result.
func liveCall(c *lsptest.Process, method string, params any) json.RawMessage {
	var res json.RawMessage
	c.Call(method, params, &res)
	return res
}

// liveWaitDiagnostics waits for a publication for uri that satisfies ok.
func liveWaitDiagnostics(t *testing.T, c *lsptest.Process, uri string, ok func(*lsptest.PublishedDiagnostics) bool) *lsptest.PublishedDiagnostics {
	t.Helper()
	p, err := c.Client.WaitDiagnosticsMatching(c.Ctx(), uri, ok)
	if err != nil {
		t.Fatalf("no matching diagnostics for %s: %v", uri, err)
	}
	return p
}

// liveStdout is every frame the server wrote to stdout, one a line.
func liveStdout(c *lsptest.Process) string {
	var frames []string
	for _, f := range c.Client.Frames() {
		frames = append(frames, string(f))
	}
	return strings.Join(frames, "\n")
}

// liveEnv is the parent environment without token variables, plus extra.
func liveEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		drop := name == "SSL_CERT_FILE" || name == "SSL_CERT_DIR"
		for _, v := range liveTokenVars {
			drop = drop || name == v
		}
		if !drop {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

func liveHoverText(t *testing.T, res json.RawMessage) (string, lsptest.Range) {
	t.Helper()
	var h struct {
		Contents struct {
			Kind  string `json:"kind"`
			Value string `json:"value"`
		} `json:"contents"`
		Range lsptest.Range `json:"range"`
	}
	if string(res) == "null" || len(res) == 0 {
		t.Fatalf("no hover")
	}
	if err := json.Unmarshal(res, &h); err != nil {
		t.Fatalf("hover %s: %v", res, err)
	}
	if h.Contents.Kind != "markdown" {
		t.Errorf("hover kind %q", h.Contents.Kind)
	}
	return h.Contents.Value, h.Range
}

func TestLiveHoverThroughLSP(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")

	// GITHUB_TOKEN: a classic token valid for another month; GH_TOKEN:
	// one that expires in three days; GITHUB_PAT: one GitHub rejects.
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 301)
	soon := ghtoken.Generate(ghtoken.ClassicPAT, 302)
	bad := ghtoken.Generate(ghtoken.ClassicPAT, 303)
	g := fixture.Watch(t, tok, soon, bad)
	fake.Token(tok, tokeninfotest.Classic)
	fake.Token(soon, tokeninfotest.Classic)
	fake.Token(bad, tokeninfotest.BadCreds)
	expires := time.Now().Add(30*24*time.Hour + 2*time.Hour).Truncate(time.Second)
	fake.Expire(tok, expires)
	fake.Expire(soon, time.Now().Add(3*24*time.Hour+2*time.Hour))

	dir := t.TempDir()
	certFile := fake.CertFile(t)
	c := liveStartServer(t, liveEnv("GITHUB_TOKEN="+tok, "GH_TOKEN="+soon, "GITHUB_PAT="+bad, "SSL_CERT_FILE="+certFile))

	liveCall(c, "initialize", map[string]any{
		"processId":    nil,
		"rootUri":      nil,
		"capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{
			"enterpriseHost": host,
			// Long enough that the first hover waits for the answer.
			"liveLookups": map[string]any{"enabled": true, "timeoutMs": 8000},
		}},
	})
	c.Notify("initialized", map[string]any{})

	src := "const token = process.env.GITHUB_TOKEN;\n" +
		"const soon = process.env.GH_TOKEN;\n" +
		"const bad = process.env[\"GITHUB_PAT\"];\n" +
		"// gh issue create\n" // needs repo: no github-token-overprivileged here
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "javascript", "version": 1, "text": src,
	}})

	// Opening the file starts the lookups; when they land the server
	// republishes with the expiry warning and the rejection error.
	p := liveWaitDiagnostics(t, c, uri, func(p *lsptest.PublishedDiagnostics) bool {
		n := 0
		for _, d := range p.Diagnostics {
			if d.Code == tokeninfo.RuleTokenExpiring || d.Code == tokeninfo.RuleTokenRejected {
				n++
			}
		}
		return n == 2
	})
	type diag struct {
		code             string
		severity         int
		line, start, end int
	}
	var got []diag
	for _, d := range p.Diagnostics {
		g.Logf("diagnostic %s: %s", d.Code, d.Message)
		if d.Range.Start.Line != d.Range.End.Line {
			t.Errorf("diagnostic %s spans lines", d.Code)
		}
		got = append(got, diag{d.Code, d.Severity, d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Character})
		if d.Code == tokeninfo.RuleTokenExpiring && !strings.Contains(d.Message, "GH_TOKEN ("+ghtoken.Redact(soon)+")") {
			t.Errorf("expiry warning %q does not name the variable and redacted token", g.Redact(d.Message))
		}
	}
	want := []diag{
		// `process.env.GH_TOKEN` on line 1, `process.env["GITHUB_PAT"]` on line 2.
		{tokeninfo.RuleTokenExpiring, 2, 1, 13, 33},
		{tokeninfo.RuleTokenRejected, 1, 2, 12, 37},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}

	hover := func() (string, lsptest.Range) {
		return liveHoverText(t, liveCall(c, "textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"position":     map[string]any{"line": 0, "character": 30},
		}))
	}
	md, rng := hover()
	g.Logf("hover:\n%s", md)
	if rng.Start.Line != 0 || rng.Start.Character != 14 || rng.End.Character != 38 {
		t.Errorf("hover range %+v, want 0:14-0:38 (process.env.GITHUB_TOKEN)", rng)
	}
	for _, w := range []string{
		"**GITHUB_TOKEN**: set in the language server's environment",
		"`" + ghtoken.Redact(tok) + "`",
		"Owner: **octocat** (User, The Octocat)",
		"`repo` ⚠", "`read:org`",
		"Expires: " + expires.Local().Format("2006-01-02 15:04 MST") + " (in 30 days)",
		"Rate limit: 4999 of 5000 left (core)",
		"](https://" + host + "/settings/tokens)",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("hover lacks %q", w)
		}
	}
	first := fake.Requests()
	md2, _ := hover()
	if md2 != md {
		t.Errorf("second hover differs:\n%s", g.Redact(md2))
	}
	// One GET /user per token, through Enterprise's /api/v3 prefix; the
	// second hover and the re-publication came from the cache.
	wantReqs := "[GET /api/v3/user GET /api/v3/user GET /api/v3/user]"
	if got := fmt.Sprint(fake.Requests()); got != wantReqs || fmt.Sprint(first) != wantReqs {
		t.Errorf("requests after first hover %v, after second %v; want %s", first, got, wantReqs)
	}

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.Stderr.String())
	}
	if !strings.Contains(c.Stderr.String(), "sha256:") {
		t.Errorf("the log does not name lookups by hash prefix")
	}
}

// TestLiveHoverCheckingThroughLSP: a hover never waits longer than
// liveLookups.timeoutMs; it says "checking…", and a later hover shows the
// answer of the same (single) request. A dropped connection says which
// host could not be reached.
func TestLiveHoverCheckingThroughLSP(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	slow := ghtoken.Generate(ghtoken.ClassicPAT, 311)
	drop := ghtoken.Generate(ghtoken.ClassicPAT, 312)
	g := fixture.Watch(t, slow, drop)
	fake.Token(slow, tokeninfotest.Slow)
	// Not within the expiry warning: on a warned reference the hover shows
	// the diagnostic instead (lsp shows findings first).
	fake.Expire(slow, time.Now().Add(60*24*time.Hour))
	fake.Token(drop, tokeninfotest.Drop)

	dir := t.TempDir()
	certFile := fake.CertFile(t)
	c := liveStartServer(t, liveEnv("GITHUB_TOKEN="+slow, "GH_TOKEN="+drop, "SSL_CERT_FILE="+certFile))
	liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{
			"enterpriseHost": host,
			"liveLookups":    map[string]any{"enabled": true, "timeoutMs": 200},
		}},
	})
	c.Notify("initialized", map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "main.py"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "python", "version": 1,
		"text": "import os\ntoken = os.environ[\"GITHUB_TOKEN\"]\nother = os.getenv(\"GH_TOKEN\")\n",
	}})
	hover := func(line, char int) string {
		md, _ := liveHoverText(t, liveCall(c, "textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"position":     map[string]any{"line": line, "character": char},
		}))
		g.CheckString("a hover", md)
		return md
	}

	// The fake holds the request until Release: the hover cannot have the
	// answer, whatever the machine's speed.
	md := hover(1, 22)
	g.Logf("first hover:\n%s", md)
	if !strings.Contains(md, "checking with "+host+"…") || !strings.Contains(md, ghtoken.Redact(slow)) {
		t.Errorf("first hover does not say it is checking")
	}
	fake.Release()
	var answered string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if md := hover(1, 22); !strings.Contains(md, "checking") {
			answered = md
			break
		}
	}
	g.Logf("answer:\n%s", answered)
	if !strings.Contains(answered, "Owner: **octocat**") {
		t.Errorf("no answer after the slow request finished")
	}

	md = hover(2, 20)
	g.Logf("dropped:\n%s", md)
	if !strings.Contains(md, "Could not reach "+host+": connection closed") {
		t.Errorf("dropped connection not explained")
	}
	// A workflow's secrets are CI's, not this machine's: nothing is asked.
	wf := "file://" + filepath.ToSlash(filepath.Join(dir, ".github", "workflows", "ci.yml"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": wf, "languageId": "yaml", "version": 1,
		"text": "jobs:\n  a:\n    steps:\n      - env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n",
	}})
	md, _ = liveHoverText(t, liveCall(c, "textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": wf},
		"position":     map[string]any{"line": 4, "character": 36},
	}))
	if want := "**GITHUB_TOKEN**: a GitHub Actions secret: set in CI, not readable here."; md != want {
		t.Errorf("workflow hover %q, want %q", md, want)
	}
	// One request per token: the polling hovers joined the slow one, then
	// used its cached answer; the dropped one is backed off.
	var user int
	for _, r := range fake.Requests() {
		if r == "GET /api/v3/user" {
			user++
		}
	}
	if n := len(fake.Requests()); n != 2 || user != 2 {
		t.Errorf("requests %v, want two GET /api/v3/user", fake.Requests())
	}

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.Stderr.String())
	}
}
