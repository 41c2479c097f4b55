package analysis

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// The hand-kept tables (gh subcommands, Octokit.rb and PyGithub methods) name routes
// exactly as the generated table spells them: a typo would turn a call
// into "not a documented route".
func TestClientTablesPointAtRoutes(t *testing.T) {
	tab := permissions.Default()
	for what, table := range map[string]map[string]string{"gh": ghSubcommands, "Octokit.rb": octokitRbMethods, "PyGithub": pyGithubMethods} {
		for name, route := range table {
			method, path, _ := strings.Cut(route, " ")
			r, ok := tab.Match(method, path)
			if !ok || r.Path != path {
				t.Errorf("%s %s: %s is not a route in the table (matched %v)", what, name, route, r)
			}
		}
	}
}

// BenchmarkFindAPICallsContinuedLines: a script of thousands of lines each
// continued by a backslash, every one a call. Each match once walked its
// command (26 s for 8,000 lines), then a window of 64 lines either side
// (1.2 s); now the command is read once for all its lines.
func BenchmarkFindAPICallsContinuedLines(b *testing.B) {
	text := []byte(strings.Repeat("curl -X POST https://api.github.com/repos/o/r/issues \\\n", 8000))
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		FindAPICalls(LangShell, text, nil)
	}
}

// BenchmarkFindAPICalls runs the finder over the fixture workspace, one
// file per language, as a language server would on each change.
func BenchmarkFindAPICalls(b *testing.B) {
	type doc struct {
		lang Lang
		text []byte
	}
	var docs []doc
	total := 0
	root := filepath.Join("..", "testdata", "permissions", "workspace")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		docs = append(docs, doc{DetectLanguage(p, ""), data})
		total += len(data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(total))
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			FindAPICalls(d.lang, d.text, nil)
		}
	}
}

// TestNamedCalls: a gh subcommand, an Octokit.rb method and a PyGithub
// method are read from their tables, with where each was found.
func TestNamedCalls(t *testing.T) {
	for _, c := range []struct {
		lang            Lang
		text, call, how string
		method, path    string
	}{
		{LangShell, "x; gh pr merge 12 --squash\n", "gh pr merge", "gh pr merge", "PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge"},
		{LangRuby, "client.create_issue(repo, 'x')\n", "client.create_issue", "Octokit.rb create_issue", "POST", "/repos/{owner}/{repo}/issues"},
		{LangPython, "from github import Github\nrepo.get_workflow_runs()\n", "get_workflow_runs", "PyGithub get_workflow_runs", "GET", "/repos/{owner}/{repo}/actions/runs"},
		{LangShell, "gh pr frobnicate 12\n", "", "", "", ""},
	} {
		calls := FindAPICalls(c.lang, []byte(c.text), nil)
		if c.call == "" {
			if len(calls) != 0 {
				t.Errorf("%q: got %+v, want none", c.text, calls)
			}
			continue
		}
		if len(calls) != 1 {
			t.Fatalf("%q: got %+v, want one call", c.text, calls)
		}
		got := calls[0]
		at := strings.Index(c.text, c.call)
		if got.How != c.how || got.Method != c.method || got.Path != c.path || got.Route == nil ||
			got.Range != (Range{at, at + len(c.call)}) {
			t.Errorf("%q: got %+v, want %s %s by %q at %d-%d", c.text, got, c.method, c.path, c.how, at, at+len(c.call))
		}
	}
}
