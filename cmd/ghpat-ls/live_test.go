package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// The live-hover path end to end: the real binary over stdio, tokens in
// its environment, enterpriseHost pointing at a loopback HTTPS fake of the
// GitHub API (trusted through SSL_CERT_FILE, so the https-only rule is
// exercised as shipped).

// liveTokenVars are removed from the environment the test server inherits.
var liveTokenVars = []string{"GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_PAT", "GITHUB_ENTERPRISE_TOKEN"}

// liveBuildBinary builds ./cmd/ghpat-ls into a temporary directory.
func liveBuildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ghpat-ls")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// liveGuard is the tests' one no-token-in-output check (fixture.Guard)
// watching tokens.
func liveGuard(t *testing.T, tokens ...string) *fixture.Guard {
	g := fixture.NewGuard(t, 0)
	g.Add(tokens...)
	return g
}

// liveClient is a minimal LSP client over a child process's stdio.
type liveClient struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	stderr *liveBuffer

	mu      sync.Mutex
	frames  []string // every frame the server wrote to stdout
	nextID  int
	waiting map[int]chan json.RawMessage
	diags   chan livePublished
	done    chan struct{}
}

type liveBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *liveBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *liveBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type liveRange struct {
	Start struct{ Line, Character int } `json:"start"`
	End   struct{ Line, Character int } `json:"end"`
}

type livePublished struct {
	URI         string `json:"uri"`
	Diagnostics []struct {
		Range    liveRange `json:"range"`
		Severity int       `json:"severity"`
		Code     string    `json:"code"`
		Message  string    `json:"message"`
	} `json:"diagnostics"`
}

func liveStartServer(t *testing.T, bin string, env []string) *liveClient {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--log-level", "debug")
	cmd.Env = env
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &liveClient{
		t: t, cmd: cmd, in: in, stderr: &liveBuffer{},
		waiting: map[int]chan json.RawMessage{},
		diags:   make(chan livePublished, 100),
		done:    make(chan struct{}),
	}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
		cmd.Wait()
	})
	go c.read(bufio.NewReader(out))
	return c
}

// read splits stdout into frames, answers server requests with null and
// routes responses and diagnostics.
func (c *liveClient) read(r *bufio.Reader) {
	defer close(c.done)
	for {
		n := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		if n < 0 {
			c.t.Errorf("frame without Content-Length")
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		c.mu.Lock()
		c.frames = append(c.frames, string(body))
		c.mu.Unlock()
		var msg struct {
			ID     *json.RawMessage `json:"id"`
			Method string           `json:"method"`
			Params json.RawMessage  `json:"params"`
			Result json.RawMessage  `json:"result"`
			Error  json.RawMessage  `json:"error"`
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			c.t.Errorf("bad frame: %v", err)
			return
		}
		switch {
		case msg.Method != "" && msg.ID != nil: // a request from the server
			c.send(map[string]any{"jsonrpc": "2.0", "id": msg.ID, "result": nil})
		case msg.Method == "textDocument/publishDiagnostics":
			var p livePublished
			json.Unmarshal(msg.Params, &p)
			c.diags <- p
		case msg.ID != nil:
			id, _ := strconv.Atoi(string(*msg.ID))
			c.mu.Lock()
			ch := c.waiting[id]
			delete(c.waiting, id)
			c.mu.Unlock()
			if ch != nil {
				if len(msg.Error) > 0 && string(msg.Error) != "null" {
					ch <- append([]byte(`{"error":`), append(msg.Error, '}')...)
				} else {
					ch <- msg.Result
				}
			}
		}
	}
}

func (c *liveClient) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(b), b)
}

func (c *liveClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and waits for its result (failing after a generous
// limit: a hang is a bug, not a slow machine).
func (c *liveClient) call(method string, params any) json.RawMessage {
	c.t.Helper()
	ch := make(chan json.RawMessage, 1)
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.waiting[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	select {
	case res := <-ch:
		return res
	case <-time.After(30 * time.Second):
		c.t.Fatalf("%s: no response", method)
		return nil
	}
}

// waitDiagnostics waits for a publication for uri that satisfies ok.
func (c *liveClient) waitDiagnostics(uri string, ok func(livePublished) bool) livePublished {
	c.t.Helper()
	limit := time.After(30 * time.Second)
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri && ok(p) {
				return p
			}
		case <-limit:
			c.t.Fatalf("no matching diagnostics for %s", uri)
		}
	}
}

func (c *liveClient) stdout() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.frames, "\n")
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

func liveHoverText(t *testing.T, res json.RawMessage) (string, liveRange) {
	t.Helper()
	var h struct {
		Contents struct {
			Kind  string `json:"kind"`
			Value string `json:"value"`
		} `json:"contents"`
		Range liveRange `json:"range"`
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
	bin := liveBuildBinary(t)
	fake := tokeninfotest.NewTLS(t, analysis.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")

	// GITHUB_TOKEN: a classic token valid for another month; GH_TOKEN:
	// one that expires in three days; GITHUB_PAT: one GitHub rejects.
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 301)
	soon := ghtoken.Generate(ghtoken.ClassicPAT, 302)
	bad := ghtoken.Generate(ghtoken.ClassicPAT, 303)
	g := liveGuard(t, tok, soon, bad)
	fake.Token(tok, tokeninfotest.Classic)
	fake.Token(soon, tokeninfotest.Classic)
	fake.Token(bad, tokeninfotest.BadCreds)
	expires := time.Now().Add(30*24*time.Hour + 2*time.Hour).Truncate(time.Second)
	fake.Expire(tok, expires)
	fake.Expire(soon, time.Now().Add(3*24*time.Hour+2*time.Hour))

	dir := t.TempDir()
	certFile := fake.CertFile(t)
	c := liveStartServer(t, bin, liveEnv("GITHUB_TOKEN="+tok, "GH_TOKEN="+soon, "GITHUB_PAT="+bad, "SSL_CERT_FILE="+certFile))

	c.call("initialize", map[string]any{
		"processId":    nil,
		"rootUri":      nil,
		"capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{
			"enterpriseHost": host,
			// Long enough that the first hover waits for the answer.
			"liveLookups": map[string]any{"enabled": true, "timeoutMs": 8000},
		}},
	})
	c.notify("initialized", map[string]any{})

	src := "const token = process.env.GITHUB_TOKEN;\n" +
		"const soon = process.env.GH_TOKEN;\n" +
		"const bad = process.env[\"GITHUB_PAT\"];\n"
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "javascript", "version": 1, "text": src,
	}})

	// Opening the file starts the lookups; when they land the server
	// republishes with the expiry warning and the rejection error.
	p := c.waitDiagnostics(uri, func(p livePublished) bool {
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

	hover := func() (string, liveRange) {
		return liveHoverText(t, c.call("textDocument/hover", map[string]any{
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

	c.call("shutdown", nil)
	c.notify("exit", nil)
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		t.Error("server did not exit")
	}
	g.CheckString("the LSP stdout stream", c.stdout())
	g.CheckString("the server's stderr", c.stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.stderr.String())
	}
	if !strings.Contains(c.stderr.String(), "sha256:") {
		t.Errorf("the log does not name lookups by hash prefix")
	}
}

// TestLiveHoverCheckingThroughLSP: a hover never waits longer than
// liveLookups.timeoutMs; it says "checking…", and a later hover shows the
// answer of the same (single) request. A dropped connection says which
// host could not be reached.
func TestLiveHoverCheckingThroughLSP(t *testing.T) {
	bin := liveBuildBinary(t)
	fake := tokeninfotest.NewTLS(t, analysis.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	slow := ghtoken.Generate(ghtoken.ClassicPAT, 311)
	drop := ghtoken.Generate(ghtoken.ClassicPAT, 312)
	g := liveGuard(t, slow, drop)
	fake.Token(slow, tokeninfotest.Slow)
	// Not within the expiry warning: on a warned reference the hover shows
	// the diagnostic instead (lsp shows findings first).
	fake.Expire(slow, time.Now().Add(60*24*time.Hour))
	fake.Token(drop, tokeninfotest.Drop)

	dir := t.TempDir()
	certFile := fake.CertFile(t)
	c := liveStartServer(t, bin, liveEnv("GITHUB_TOKEN="+slow, "GH_TOKEN="+drop, "SSL_CERT_FILE="+certFile))
	c.call("initialize", map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{
			"enterpriseHost": host,
			"liveLookups":    map[string]any{"enabled": true, "timeoutMs": 200},
		}},
	})
	c.notify("initialized", map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "main.py"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "python", "version": 1,
		"text": "import os\ntoken = os.environ[\"GITHUB_TOKEN\"]\nother = os.getenv(\"GH_TOKEN\")\n",
	}})
	hover := func(line, char int) string {
		md, _ := liveHoverText(t, c.call("textDocument/hover", map[string]any{
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
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": wf, "languageId": "yaml", "version": 1,
		"text": "jobs:\n  a:\n    steps:\n      - env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n",
	}})
	md, _ = liveHoverText(t, c.call("textDocument/hover", map[string]any{
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

	c.call("shutdown", nil)
	c.notify("exit", nil)
	<-c.done
	g.CheckString("the LSP stdout stream", c.stdout())
	g.CheckString("the server's stderr", c.stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.stderr.String())
	}
}
