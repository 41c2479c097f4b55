package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// silentClient never answers the server's window/workDoneProgress/create
// and client/registerCapability (its answer waits until the test ends);
// it answers everything else with null.
func silentClient(t *testing.T) func(string, json.RawMessage) (any, *lsptest.Error) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	return func(method string, _ json.RawMessage) (any, *lsptest.Error) {
		if method == "window/workDoneProgress/create" || method == "client/registerCapability" {
			<-never
		}
		return nil, nil
	}
}

// TestWorkspaceIndexWithoutClientAnswers (issue 18, item 4): a client that
// announces work-done progress and dynamic watchers but never answers the
// server's requests for them still gets its workspace indexed: the
// requests time out and the index goes on without progress.
func TestWorkspaceIndexWithoutClientAnswers(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1801)
	g := fixture.Watch(t, tok)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "leak.js"), "const t = \""+tok+"\";\n")
	cmd := exec.Command(testbin.Path(t), "serve", "--log-level", "debug")
	cmd.Env = liveEnv()
	c := lsptest.Spawn(t, cmd, silentClient(t))
	liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": fileURIOf(dir),
		"workspaceFolders": []any{map[string]any{"uri": fileURIOf(dir), "name": "w"}},
		"capabilities": map[string]any{
			"window":    map[string]any{"workDoneProgress": true},
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
		"initializationOptions": map[string]any{"ghpat": map[string]any{"liveLookups": map[string]any{"enabled": false}}},
	})
	c.Notify("initialized", map[string]any{})
	leak := fileURIOf(filepath.Join(dir, "leak.js"))
	liveWaitDiagnostics(t, c, leak, func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") })
	for ctx := c.Ctx(); ctx.Err() == nil && !strings.Contains(c.Stderr.String(), "workspace index: 1 files"); {
		time.Sleep(20 * time.Millisecond)
	}
	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	stderr := c.Stderr.String()
	for _, want := range []string{"window/workDoneProgress/create: context deadline exceeded (indexing without progress)",
		"client/registerCapability (file watcher): context deadline exceeded", "workspace index: 1 files"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(liveStdout(c), `"$/progress"`) {
		t.Errorf("progress sent for a token the client never accepted")
	}
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", stderr)
	if t.Failed() {
		t.Logf("stderr:\n%s", ghtoken.RedactAll(stderr))
	}
}
