package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// peekLive is a LiveLookups that knows one classic token with broad
// scopes, for the least-privilege hover and diagnostic.
type peekLive struct {
	hoverOnly
	redacted string
}

func (p peekLive) Hover(context.Context, analysis.EnvRef) (string, bool) { return "live", true }

func (p peekLive) Peek(name string) tokeninfo.Result {
	return tokeninfo.Result{Var: name, State: tokeninfo.Accepted, Kind: ghtoken.ClassicPAT, Redacted: p.redacted,
		ScopesKnown: true, Scopes: []string{"repo", "delete_repo"}}
}

// indexWorkspace writes n files: every tenth holds a token, the others a
// GitHub API call each.
func indexWorkspace(t *testing.T, n int) (string, []string) {
	dir := t.TempDir()
	var toks []string
	for i := range n {
		text := fmt.Sprintf("curl https://api.github.com/repos/o/r/issues/%d\n", i)
		if i%10 == 0 {
			tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(500+i))
			toks = append(toks, tok)
			text = "T=" + tok + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.sh", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, toks
}

func (h *harness) initializeFolder(dir string, caps map[string]any) {
	h.t.Helper()
	h.mustCall("initialize", map[string]any{"processId": nil, "rootUri": "file://" + filepath.ToSlash(dir),
		"capabilities": caps}, nil)
	h.notify("initialized", map[string]any{})
}

// TestIndexRacesEditsAndHovers: the index publishes and stores while the
// read loop edits and requests hovers (run with -race); hovers answer
// without waiting for it, and once it ends the overprivileged diagnostic
// names delete_repo only (the issue reads need repo).
func TestIndexRacesEditsAndHovers(t *testing.T) {
	dir, toks := indexWorkspace(t, 300)
	live := peekLive{redacted: "ghp_abc…wxyz"}
	h := startServer(t, Options{Live: live})
	h.secrets = append(h.secrets, toks...)
	h.initializeFolder(dir, map[string]any{"window": map[string]any{"workDoneProgress": true}})
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	h.open(uri, "javascript", "const t = process.env.GITHUB_TOKEN;\n", 1)
	var wg sync.WaitGroup
	for v := 2; v < 30; v++ {
		h.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"text": "const t = process.env.GITHUB_TOKEN;\n"}},
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			var res struct {
				Contents struct{ Value string } `json:"contents"`
			}
			if err := h.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
				"position": map[string]any{"line": 0, "character": 25}}, &res); err != nil {
				t.Errorf("hover: %v", err)
			} else if !strings.Contains(res.Contents.Value, "**This workspace needs:**") {
				t.Errorf("hover lacks the workspace section:\n%s", res.Contents.Value)
			}
		}()
	}
	wg.Wait()
	// Published during the scan, before the pass that follows it.
	leak := "file://" + filepath.ToSlash(filepath.Join(dir, "f010.sh"))
	if d, err := h.c.WaitDiagnostics(h.ctx(), leak, 0); err != nil || len(byCode(d.Diagnostics, "github-pat")) != 1 {
		t.Errorf("unopened f010.sh: %+v %v", d, err)
	}
	p, err := h.c.WaitDiagnosticsMatching(h.ctx(), uri, func(p *lsptest.PublishedDiagnostics) bool {
		return len(byCode(p.Diagnostics, analysis.RuleTokenOverprivileged)) == 1
	})
	if err != nil {
		t.Fatalf("no overprivileged diagnostic: %v", err)
	}
	// This client refuses window/workDoneProgress/create: no $/progress,
	// and the log says so.
	if !strings.Contains(h.log.String(), "workspace index: 300 files, 270 GitHub API calls, 30 with tokens") ||
		!strings.Contains(h.log.String(), "window/workDoneProgress/create: method not found") {
		t.Errorf("log lacks the index summary or the refused progress token")
	}
	if m := byCode(p.Diagnostics, analysis.RuleTokenOverprivileged)[0].Message; !strings.Contains(m, "delete_repo") || strings.Contains(m, "repo,") {
		t.Errorf("overprivileged message %q: want delete_repo only", m)
	}
	if code := h.shutdownExit(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestIndexCancelledOnShutdown: shutdown cancels the scan; the server
// still exits cleanly and its goroutines end.
func TestIndexCancelledOnShutdown(t *testing.T) {
	dir, toks := indexWorkspace(t, 400)
	h := startServer(t, Options{})
	h.secrets = append(h.secrets, toks...)
	h.initializeFolder(dir, map[string]any{})
	if code := h.shutdownExit(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	h.srv.workers.Wait()
	h.srv.index.mu.Lock()
	running := h.srv.index.running
	h.srv.index.mu.Unlock()
	if running {
		t.Errorf("index still running after shutdown")
	}
}

// hoverText is the Markdown of a hover at line:character.
func (h *harness) hoverText(uri string, line, char int) string {
	h.t.Helper()
	var res struct {
		Contents struct{ Value string } `json:"contents"`
	}
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": line, "character": char}}, &res)
	return res.Contents.Value
}

// TestHoverBeforeTheIndexSaysIndexing: a hover answered before the index
// ran says so instead of waiting, and no overprivileged claim is made.
func TestHoverBeforeTheIndexSaysIndexing(t *testing.T) {
	dir, toks := indexWorkspace(t, 3)
	h := startServer(t, Options{Live: peekLive{redacted: "ghp_abc…wxyz"}})
	h.secrets = append(h.secrets, toks...)
	// initialize without initialized: the index has not started.
	h.mustCall("initialize", map[string]any{"processId": nil, "rootUri": "file://" + filepath.ToSlash(dir), "capabilities": map[string]any{}}, nil)
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	h.open(uri, "javascript", "const t = process.env.GITHUB_TOKEN;\n", 1)
	if d := h.diagnostics(uri, 1); len(byCode(d.Diagnostics, analysis.RuleTokenOverprivileged)) != 0 {
		t.Errorf("overprivileged claimed before the index ran: %+v", d.Diagnostics)
	}
	if md := h.hoverText(uri, 0, 25); !strings.Contains(md, "**This workspace needs:** _indexing… (so far)_") {
		t.Errorf("hover before the index:\n%s", md)
	}
	h.notify("initialized", map[string]any{})
	if _, err := h.c.WaitDiagnosticsMatching(h.ctx(), uri, func(p *lsptest.PublishedDiagnostics) bool {
		return len(byCode(p.Diagnostics, analysis.RuleTokenOverprivileged)) == 1
	}); err != nil {
		t.Fatalf("no overprivileged diagnostic after the index: %v", err)
	}
	if md := h.hoverText(uri, 0, 25); strings.Contains(md, "indexing") || !strings.Contains(md, "Issues: read") {
		t.Errorf("hover after the index:\n%s", md)
	}
	h.shutdownExit()
}

// TestIndexCap: past MaxIndexFiles the index stops with a log line, the
// hover says its list is partial, and no overprivileged claim is made on
// a partial list.
func TestIndexCap(t *testing.T) {
	dir, toks := indexWorkspace(t, 20)
	h := startServer(t, Options{Live: peekLive{redacted: "ghp_abc…wxyz"}, MaxIndexFiles: 5})
	h.secrets = append(h.secrets, toks...)
	h.initializeFolder(dir, map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	h.open(uri, "javascript", "const t = process.env.GITHUB_TOKEN;\n", 1)
	ctx := h.ctx()
	for !strings.Contains(h.log.String(), "INFO  workspace index: ") {
		select {
		case <-ctx.Done():
			t.Fatalf("the index did not end:\n%s", h.log.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if !strings.Contains(h.log.String(), "WARN  workspace index: stopped after 5 files") {
		t.Errorf("no log line for the cap:\n%s", h.log.String())
	}
	if md := h.hoverText(uri, 0, 25); !strings.Contains(md, "_partial: stopped after 5 files") {
		t.Errorf("hover does not say the list is partial:\n%s", md)
	}
	// A new version, analysed after the index ended.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": "const t = process.env.GITHUB_TOKEN;\n"}},
	})
	if d := h.diagnostics(uri, 2); len(byCode(d.Diagnostics, analysis.RuleTokenOverprivileged)) != 0 {
		t.Errorf("overprivileged claimed on a partial index: %+v", d.Diagnostics)
	}
	h.shutdownExit()
}

// scopedLive is a peekLive whose scopes the test changes, signalling
// Updates as a landing lookup does.
type scopedLive struct {
	peekLive
	updates chan struct{}
	mu      sync.Mutex
	scopes  []string
}

func (l *scopedLive) Updates() <-chan struct{} { return l.updates }

func (l *scopedLive) Peek(name string) tokeninfo.Result {
	r := l.peekLive.Peek(name)
	l.mu.Lock()
	r.Scopes = l.scopes
	l.mu.Unlock()
	return r
}

func (l *scopedLive) setScopes(s ...string) {
	l.mu.Lock()
	l.scopes = s
	l.mu.Unlock()
	select {
	case l.updates <- struct{}{}:
	default:
	}
}

// TestOverprivilegedFollowsScopes: a new answer with other scopes makes
// the diagnostic appear and go.
func TestOverprivilegedFollowsScopes(t *testing.T) {
	dir, toks := indexWorkspace(t, 3) // issue reads: repo
	live := &scopedLive{peekLive: peekLive{redacted: "ghp_abc…wxyz"}, updates: make(chan struct{}, 1), scopes: []string{"repo"}}
	h := startServer(t, Options{Live: live})
	h.secrets = append(h.secrets, toks...)
	h.initializeFolder(dir, map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	h.open(uri, "javascript", "const t = process.env.GITHUB_TOKEN;\n", 1)
	live.setScopes("repo", "admin:org", "gist")
	p, err := h.c.WaitDiagnosticsMatching(h.ctx(), uri, func(p *lsptest.PublishedDiagnostics) bool {
		return len(byCode(p.Diagnostics, analysis.RuleTokenOverprivileged)) == 1
	})
	if err != nil {
		t.Fatalf("no overprivileged diagnostic for admin:org: %v", err)
	}
	if m := byCode(p.Diagnostics, analysis.RuleTokenOverprivileged)[0].Message; !strings.HasSuffix(m, "uses: admin:org; hover for what it needs") {
		t.Errorf("message %q: want admin:org only (gist is not broad, repo is used)", m)
	}
	live.setScopes("repo")
	if _, err := h.c.WaitDiagnosticsMatching(h.ctx(), uri, func(p *lsptest.PublishedDiagnostics) bool {
		return len(byCode(p.Diagnostics, analysis.RuleTokenOverprivileged)) == 0
	}); err != nil {
		t.Fatalf("the diagnostic stayed after the scopes narrowed: %v", err)
	}
	h.shutdownExit()
}
