package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// TestIndexFollowsRuleAndHostSettings: the unopened files' diagnostics
// and API calls were found under the settings of their reading; a change
// of a rule or of the Enterprise host reads them again, so a disabled
// rule's diagnostic leaves an unopened file and a call to the newly
// configured host counts in the workspace's needs.
func TestIndexFollowsRuleAndHostSettings(t *testing.T) {
	dir := t.TempDir()
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 77)
	files := map[string]string{
		"leak.sh": "T=" + tok + "\n",
		"ghe.sh":  "curl https://ghe.example.com/api/v3/repos/o/r/issues/1\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := startServer(t, Options{Live: peekLive{redacted: "ghp_abc…wxyz"}})
	h.secrets = append(h.secrets, tok)
	h.initializeFolder(dir, map[string]any{})
	leak := "file://" + filepath.ToSlash(filepath.Join(dir, "leak.sh"))
	if _, err := h.c.WaitDiagnosticsMatching(h.ctx(), leak, func(p *lsptest.PublishedDiagnostics) bool {
		return len(byCode(p.Diagnostics, "github-pat")) == 1
	}); err != nil {
		t.Fatalf("the index did not publish leak.sh's token: %v", err)
	}
	app := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
	h.open(app, "javascript", "const t = process.env.GITHUB_TOKEN;\n", 1)
	if v := h.hoverWhenIndexed(app); strings.Contains(v, "issues") {
		t.Fatalf("an unconfigured host's call counts before the setting:\n%s", v)
	}

	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{
		"enterpriseHost": "ghe.example.com",
		"rules":          map[string]any{"github-pat": "off"},
	}}})
	if _, err := h.c.WaitDiagnosticsMatching(h.ctx(), leak, func(p *lsptest.PublishedDiagnostics) bool {
		return len(p.Diagnostics) == 0
	}); err != nil {
		t.Errorf("leak.sh keeps the disabled rule's diagnostic: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		v := h.hoverWhenIndexed(app)
		if strings.Contains(v, "issues") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the configured host's call never counts in the workspace's needs:\n%s", v)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code := h.shutdownExit(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// hoverWhenIndexed is the hover on app.js's GITHUB_TOKEN once the index
// has run (before, the hover says it is indexing).
func (h *harness) hoverWhenIndexed(uri string) string {
	h.t.Helper()
	for {
		var res struct {
			Contents struct{ Value string } `json:"contents"`
		}
		h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": 0, "character": 25}}, &res)
		if !strings.Contains(res.Contents.Value, "indexing") || h.ctx().Err() != nil {
			return res.Contents.Value
		}
		time.Sleep(20 * time.Millisecond)
	}
}
