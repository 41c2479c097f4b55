package lsp

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// TestHeaderPinLandsOnItsCommand: in the editor too, a pinned command does
// not cover the next command of its line (package.json scripts), and the
// pin fix is inserted right after the bare command's own curl.
func TestHeaderPinLandsOnItsCommand(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	const uri = "file:///work/package.json"
	text := "{\n  \"scripts\": {\"a\": \"curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user\", \"b\": \"curl https://api.github.com/repos/o/r\"}\n}\n"
	h.open(uri, "json", text, 1)
	d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleUnpinnedVersion)
	line := strings.Split(text, "\n")[1]
	url := strings.Index(line, "https://api.github.com/repos/o/r")
	if len(d) != 1 || d[0].Range.Start != (lsptest.Position{Line: 1, Character: url}) {
		t.Fatalf("unpinned diagnostics %+v, want one at 1:%d", d, url)
	}
	var actions []struct {
		Title string `json:"title"`
		Edit  struct {
			Changes map[string][]struct {
				Range   lsptest.Range `json:"range"`
				NewText string        `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": d[0].Range, "context": map[string]any{"diagnostics": []any{}},
	}, &actions)
	after := lsptest.Position{Line: 1, Character: strings.LastIndex(line, "curl ") + len("curl")}
	found := false
	for _, a := range actions {
		if strings.HasPrefix(a.Title, "Pin X-GitHub-Api-Version: 2022-11-28") {
			e := a.Edit.Changes[uri]
			found = len(e) == 1 && e[0].Range.Start == after && e[0].Range.End == after && e[0].NewText == " -H 'X-GitHub-Api-Version: 2022-11-28'"
		}
	}
	if !found {
		t.Errorf("no pin fix after the second script's curl (%+v) among %+v", after, actions)
	}
	h.shutdownExit()
}
