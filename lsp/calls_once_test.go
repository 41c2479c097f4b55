package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// madeTexts records every analysis.Text the server makes (snapshots and
// indexed files) by path, until the test ends.
func madeTexts(t *testing.T) func(path string) []*analysis.Text {
	var mu sync.Mutex
	made := map[string][]*analysis.Text{}
	newEngineText = func(path, languageID string, text []byte) *analysis.Text {
		x := analysis.NewText(path, languageID, text)
		mu.Lock()
		made[path] = append(made[path], x)
		mu.Unlock()
		return x
	}
	t.Cleanup(func() { newEngineText = analysis.NewText })
	return func(path string) []*analysis.Text {
		mu.Lock()
		defer mu.Unlock()
		return append([]*analysis.Text(nil), made[path]...)
	}
}

// TestOneCallSearchPerText: an edit's analysis, the least-privilege
// hover's workspace needs (the open document's routes) and a version
// hover read one search of the snapshot's text for API calls; the index
// reads a file's calls and analyses it with one search too. Each used to
// run FindAPICalls again beside Analyze.
func TestOneCallSearchPerText(t *testing.T) {
	texts := madeTexts(t)
	dir := t.TempDir()
	indexed := filepath.Join(dir, "f.sh")
	if err := os.WriteFile(indexed, []byte("curl https://api.github.com/repos/o/r/issues/1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startServer(t, Options{Live: peekLive{redacted: "ghp_abc…wxyz"}})
	h.initializeFolder(dir, map[string]any{})
	for st := h.srv.indexSnapshot(); st.running || !st.done; st = h.srv.indexSnapshot() {
		time.Sleep(time.Millisecond) // the index reads f.sh first
	}
	file := filepath.Join(dir, "app.js")
	uri := "file://" + filepath.ToSlash(file)
	const text = "const t = process.env.GITHUB_TOKEN;\n" +
		"const r = await fetch(\"https://api.github.com/repos/o/r/pulls/1\", { headers: { \"X-GitHub-Api-Version\": \"2022-11-28\" } });\n"
	h.open(uri, "javascript", text, 1)
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": text + "console.log(r.merge_commit_sha);\n"}},
	})
	h.diagnostics(uri, 2)
	hover := func(line, char int) string {
		var res struct {
			Contents struct{ Value string } `json:"contents"`
		}
		h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": line, "character": char}}, &res)
		return res.Contents.Value
	}
	if md := hover(0, 25); !strings.Contains(md, "**This workspace needs:**") {
		t.Errorf("the token's hover lacks the workspace's needs:\n%s", md)
	}
	if md := hover(1, strings.Index(text[strings.IndexByte(text, '\n')+1:], "2022")+1); !strings.Contains(md, "merge_commit_sha") {
		t.Errorf("the version hover lacks the call's dependent line:\n%s", md)
	}
	if n := h.srv.sess.get(protocolURI(uri)).engine.Searches(); n != 1 {
		t.Errorf("version 2, analysed, its routes read and a version hover: %d call searches, want 1", n)
	}
	for _, path := range []string{file, indexed} {
		made := texts(path)
		if len(made) == 0 {
			t.Fatalf("no text made for %s", path)
		}
		for i, x := range made {
			if n := x.Searches(); n > 1 {
				t.Errorf("%s, text %d of %d: %d call searches, want at most 1", filepath.Base(path), i+1, len(made), n)
			}
		}
	}
	if n := texts(indexed)[0].Searches(); n != 1 {
		t.Errorf("the indexed file's read: %d call searches, want 1", n)
	}
	h.shutdownExit()
}

// TestSnapshotReadersShareOneSearch: a snapshot's routes, its analysis
// and a version hover on it share one search in either order, and the
// copy an analysis makes shares it too.
func TestSnapshotReadersShareOneSearch(t *testing.T) {
	const text = "curl -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/repos/o/r/pulls/1 | jq .merge_commit_sha\n"
	cfg := DefaultSettings().Config()
	for _, routesFirst := range []bool{true, false} {
		d := NewDocument("file:///w/call.sh", "shellscript", 1, []byte(text))
		if routesFirst {
			d.apiRoutes(cfg.EnterpriseHosts)
		}
		fs := baseAnalysis(d, cfg)
		analysed := d.withFindings(fs, "")
		if _, _, ok := analysed.engineText().VersionHover(strings.Index(text, "2022"), "", cfg.EnterpriseHosts); !ok {
			t.Errorf("no version hover on the pin")
		}
		if got := analysed.apiRoutes(cfg.EnterpriseHosts); len(got) != 1 || len(byRule(fs, analysis.RuleBreakingChange)) == 0 {
			t.Errorf("routes first %v: %d routes, findings %+v", routesFirst, len(got), fs)
		}
		if n := d.engine.Searches(); n != 1 {
			t.Errorf("routes first %v: %d call searches, want 1", routesFirst, n)
		}
	}
}

func byRule(fs []analysis.Finding, id string) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range fs {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

// TestNoCallSearchBesideText: the server reads a text's API calls only
// through its analysis.Text, so that the counts above see every search.
func TestNoCallSearchBesideText(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, call := range []string{"analysis.FindAPICalls(", "analysis.ReviewCalls(", "analysis.CallVersions(", "analysis.VersionHover("} {
			if strings.Contains(string(b), call) {
				t.Errorf("%s calls %s: read the calls from the snapshot's or file's analysis.Text", f, call)
			}
		}
	}
}
