package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// indexClient records the server's own requests (progress token, watcher
// registration) and answers them with null, as VS Code does.
type indexClient struct {
	mu       sync.Mutex
	requests []string
}

func (r *indexClient) answer(method string, params json.RawMessage) (any, *lsptest.Error) {
	r.mu.Lock()
	r.requests = append(r.requests, method+" "+string(params))
	r.mu.Unlock()
	return nil, nil
}

func (r *indexClient) seen(method string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, q := range r.requests {
		if strings.HasPrefix(q, method+" ") {
			return true
		}
	}
	return false
}

// indexStart runs the binary's server on a workspace folder, with a client
// that supports work-done progress and dynamic file watchers.
func indexStart(t *testing.T, dir string, env []string, settings map[string]any) (*lsptest.Process, *indexClient) {
	t.Helper()
	rec := &indexClient{}
	cmd := exec.Command(testbin.Path(t), "serve", "--log-level", "debug")
	cmd.Env = env
	c := lsptest.Spawn(t, cmd, rec.answer)
	liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": fileURIOf(dir),
		"workspaceFolders": []any{map[string]any{"uri": fileURIOf(dir), "name": "w"}},
		"capabilities": map[string]any{
			"window":    map[string]any{"workDoneProgress": true},
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
		"initializationOptions": map[string]any{"ghpat": settings},
	})
	c.Notify("initialized", map[string]any{})
	return c, rec
}

func fileURIOf(p string) string { return "file://" + filepath.ToSlash(p) }

// waitProgress waits for a $/progress of kind on the index's token and
// returns its message.
func waitProgress(t *testing.T, c *lsptest.Process, kind string) string {
	t.Helper()
	var msg string
	_, err := c.Client.WaitNotification(c.Ctx(), "$/progress", func(p json.RawMessage) bool {
		var v struct {
			Token string `json:"token"`
			Value struct {
				Kind    string `json:"kind"`
				Message string `json:"message"`
			} `json:"value"`
		}
		if json.Unmarshal(p, &v) != nil || v.Token == "" || v.Value.Kind != kind {
			return false
		}
		msg = v.Value.Message
		return true
	})
	if err != nil {
		t.Fatalf("no $/progress %s: %v\nstderr:\n%s", kind, err, c.Stderr.String())
	}
	return msg
}

func hasCode(p *lsptest.PublishedDiagnostics, code string) bool {
	for _, d := range p.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWorkspaceIndexThroughLSP: on initialized the server indexes the
// workspace folder in the background with progress, publishes token
// diagnostics for files nobody opened (not for what .gitignore ignores),
// follows didChangeWatchedFiles, and the setting clears them.
func TestWorkspaceIndexThroughLSP(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 401)
	tok2 := ghtoken.Generate(ghtoken.ClassicPAT, 402)
	g := fixture.Watch(t, tok, tok2)
	dir := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	writeFile(t, filepath.Join(dir, ".gitignore"), "ignored.js\n")
	writeFile(t, filepath.Join(dir, "leak.js"), "const t = \""+tok+"\";\n")
	writeFile(t, filepath.Join(dir, "ignored.js"), "const t = \""+tok+"\";\n")
	writeFile(t, filepath.Join(dir, "api.sh"), "curl -X POST https://api.github.com/repos/o/r/issues\n")

	c, rec := indexStart(t, dir, liveEnv(), map[string]any{"liveLookups": map[string]any{"enabled": false}})
	if begin := waitProgress(t, c, "begin"); begin != "indexing 1 workspace folder" {
		t.Errorf("progress begin %q", begin)
	}
	// .gitignore, leak.js, api.sh: ignored.js is left out.
	if end := waitProgress(t, c, "end"); end != "3 files, 1 GitHub API calls, 1 with tokens (github-pat: 1)" {
		t.Errorf("progress end %q: want the files, calls and token kinds counted", end)
	}
	if !rec.seen("window/workDoneProgress/create") || !rec.seen("client/registerCapability") {
		t.Errorf("server requests %v: want the progress token created and the watcher registered", rec.requests)
	}
	leak := fileURIOf(filepath.Join(dir, "leak.js"))
	p := liveWaitDiagnostics(t, c, leak, func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") })
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Character != 11 {
		t.Errorf("unopened leak.js diagnostics %+v", p.Diagnostics)
	}
	ignored := fileURIOf(filepath.Join(dir, "ignored.js"))
	if strings.Contains(liveStdout(c), ignored) {
		t.Errorf("a file .gitignore ignores got diagnostics")
	}

	// A new file with a token, and the leak fixed: both on disk only.
	fresh := filepath.Join(dir, "fresh.py")
	writeFile(t, fresh, "T = '"+tok2+"'\n")
	writeFile(t, filepath.Join(dir, "leak.js"), "const t = process.env.GITHUB_TOKEN;\n")
	c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": fileURIOf(fresh), "type": 1},
		map[string]any{"uri": leak, "type": 2},
	}})
	// Two readers re-read the two files at once: their diagnostics may come
	// in either order (and a wait for one drops the earlier notes).
	waitEach(t, c, map[string]func(*lsptest.PublishedDiagnostics) bool{
		fileURIOf(fresh): func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") },
		leak:             func(p *lsptest.PublishedDiagnostics) bool { return len(p.Diagnostics) == 0 },
	})

	// Open documents win: opening fresh.py publishes the editor's text.
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": fileURIOf(fresh), "languageId": "python", "version": 3, "text": "T = 1\n",
	}})
	liveWaitDiagnostics(t, c, fileURIOf(fresh), func(p *lsptest.PublishedDiagnostics) bool { return p.Version == 3 && len(p.Diagnostics) == 0 })
	// Closing it gives it back to the index, which reads the disk.
	c.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURIOf(fresh)}})
	liveWaitDiagnostics(t, c, fileURIOf(fresh), func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") })

	// Turned off: the unopened file's diagnostics are cleared.
	c.Notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{
		"liveLookups": map[string]any{"enabled": false}, "workspaceIndex": map[string]any{"diagnostics": false},
	}}})
	liveWaitDiagnostics(t, c, fileURIOf(fresh), func(p *lsptest.PublishedDiagnostics) bool { return len(p.Diagnostics) == 0 })

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.Stderr.String())
	}
}

// TestLeastPrivilegeHoverThroughLSP: the live hover on an environment
// reference says what the workspace's calls need, the classic scopes
// nothing uses, and links a right-sized fine-grained token on the
// configured host; github-token-overprivileged appears when the call that
// needs `repo` goes away and disappears when it comes back.
func TestLeastPrivilegeHoverThroughLSP(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	classic := ghtoken.Generate(ghtoken.ClassicPAT, 411)
	fine := ghtoken.Generate(ghtoken.FineGrainedPAT, 412)
	refused := ghtoken.Generate(ghtoken.ClassicPAT, 413)
	g := fixture.Watch(t, classic, fine, refused)
	fake.Token(classic, tokeninfotest.Classic)
	fake.Token(fine, tokeninfotest.FineGrained)
	fake.Token(refused, tokeninfotest.Forbidden)
	later := time.Now().Add(60 * 24 * time.Hour)
	fake.Expire(classic, later)
	fake.Expire(fine, later)

	dir := t.TempDir()
	api := filepath.Join(dir, "api.sh")
	apiText := "curl -X POST https://api.github.com/repos/o/r/issues\n"
	writeFile(t, api, apiText)
	env := liveEnv("GITHUB_TOKEN="+classic, "GH_TOKEN="+fine, "GITHUB_PAT="+refused, "SSL_CERT_FILE="+fake.CertFile(t))
	c, _ := indexStart(t, dir, env, map[string]any{
		"enterpriseHost": host,
		"liveLookups":    map[string]any{"enabled": true, "timeoutMs": 8000},
	})
	waitProgress(t, c, "end")

	src := "const a = process.env.GITHUB_TOKEN;\nconst b = process.env.GH_TOKEN;\nconst c = process.env.GITHUB_PAT;\n"
	uri := fileURIOf(filepath.Join(dir, "app.js"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "javascript", "version": 1, "text": src,
	}})
	hover := func(line int) string {
		md, _ := liveHoverText(t, liveCall(c, "textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"position":     map[string]any{"line": line, "character": 25},
		}))
		return md
	}
	md := hover(0)
	g.Logf("classic hover:\n%s", md)
	for _, w := range []string{
		"**This workspace needs:**",
		"Repository: Issues: write",
		"Classic scopes: `repo`",
		"Not needed here: `read:org`",
		"[Create a right-sized fine-grained token](https://" + host + "/settings/personal-access-tokens/new?",
		"&issues=write)",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("classic hover lacks %q", w)
		}
	}
	if strings.Contains(md, "indexing") {
		t.Errorf("hover says indexing after the index ended")
	}
	md = hover(1)
	g.Logf("fine-grained hover:\n%s", md)
	for _, w := range []string{"Repository: Issues: write", "GitHub does not reveal a fine-grained token's permissions"} {
		if !strings.Contains(md, w) {
			t.Errorf("fine-grained hover lacks %q", w)
		}
	}
	if strings.Contains(md, "Not needed here") {
		t.Errorf("fine-grained hover names unused scopes it cannot know")
	}
	md = hover(2)
	if !strings.Contains(md, "A 403 said the endpoint accepts `"+tokeninfotest.AcceptedPerms+"`") {
		t.Errorf("refused hover lacks X-Accepted-GitHub-Permissions:\n%s", g.Redact(md))
	}

	overprivileged := func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, analysis.RuleTokenOverprivileged) }
	// repo is used by api.sh: no diagnostic yet.
	p := liveWaitDiagnostics(t, c, uri, func(p *lsptest.PublishedDiagnostics) bool { return true })
	if overprivileged(p) {
		t.Errorf("overprivileged while the workspace needs repo: %+v", p.Diagnostics)
	}
	// The call goes away: repo is a broad scope nothing uses.
	if err := os.Remove(api); err != nil {
		t.Fatal(err)
	}
	c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURIOf(api), "type": 3}}})
	p = liveWaitDiagnostics(t, c, uri, overprivileged)
	for _, d := range p.Diagnostics {
		if d.Code != analysis.RuleTokenOverprivileged {
			continue
		}
		if d.Severity != 3 || d.Range.Start.Line != 0 || !strings.Contains(d.Message, "GITHUB_TOKEN ("+ghtoken.Redact(classic)+")") ||
			!strings.Contains(d.Message, "repo") || strings.Contains(d.Message, "read:org") {
			t.Errorf("overprivileged diagnostic %+v", d)
		}
	}
	if n := strings.Count(fmt.Sprint(p.Diagnostics), analysis.RuleTokenOverprivileged); n != 1 {
		t.Errorf("%d overprivileged diagnostics, want 1 (the classic token only)", n)
	}
	// It comes back, saved from an editor: the diagnostic goes.
	writeFile(t, api, apiText)
	c.Notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": fileURIOf(api)}})
	liveWaitDiagnostics(t, c, uri, func(p *lsptest.PublishedDiagnostics) bool { return !overprivileged(p) })

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.Stderr.String())
	}
}

// waitEach waits until each URI of want had a publishDiagnostics its
// function accepts, in any order.
func waitEach(t *testing.T, c *lsptest.Process, want map[string]func(*lsptest.PublishedDiagnostics) bool) {
	t.Helper()
	for len(want) > 0 {
		_, err := c.Client.WaitNotification(c.Ctx(), "textDocument/publishDiagnostics", func(raw json.RawMessage) bool {
			var d lsptest.PublishedDiagnostics
			if json.Unmarshal(raw, &d) != nil || want[d.URI] == nil || !want[d.URI](&d) {
				return false
			}
			delete(want, d.URI)
			return true
		})
		if err != nil {
			t.Fatalf("no matching diagnostics for %d of the files: %v", len(want), err)
		}
	}
}
