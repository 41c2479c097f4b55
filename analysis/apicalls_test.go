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
			FindAPICalls(d.lang, d.text)
		}
	}
}
