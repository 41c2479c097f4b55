package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// FuzzHeaders checks the header lints on arbitrary text: Analyze never
// panics, every range and edit lies inside the text, each fix applies
// cleanly and the fixed text analyses again, and no header message repeats
// a token found in the text. Seeds: testdata/headers and the snippet cases.
func FuzzHeaders(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "headers", "*"))
	files = append(files, filepath.Join("..", "testdata", "headers", ".github", "workflows", "api.yml"))
	for _, p := range files {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			continue
		}
		text, _ := fixture.Load(f, p, 11)
		f.Add(filepath.Base(p), string(text))
	}
	for _, c := range snippetCases {
		f.Add(c.path, c.src)
	}
	for _, c := range commandCases {
		f.Add(c.path, c.src)
	}
	f.Add(".github/workflows/x.yml", "run: curl -H \"Authorization: token \\\n  https://api.github.com")
	f.Add("a.sh", "curl \\\r\n -H 'Authorization:'\\\r\n https://api.github.com")
	f.Fuzz(func(t *testing.T, path, text string) {
		b := []byte(text)
		cfg := &Config{EnterpriseHosts: []string{"ghe.example.com"}}
		fs := Analyze(path, "", b, cfg)
		var tokens []string
		for _, fd := range fs {
			if fd.Range.Start < 0 || fd.Range.End > len(b) || fd.Range.Start > fd.Range.End {
				t.Fatalf("%s: range %+v out of bounds (len %d)", fd.RuleID, fd.Range, len(b))
			}
			if fd.Token != nil {
				tokens = append(tokens, text[fd.Range.Start:fd.Range.End])
			}
		}
		for _, fd := range fs {
			if !isHeaderRule(fd.RuleID) {
				continue
			}
			for _, tok := range tokens {
				if strings.Contains(fd.Message, tok) {
					t.Fatalf("%s message repeats a token", fd.RuleID)
				}
			}
			for _, fix := range fd.Fixes {
				if len(fix.Edits) == 0 {
					t.Fatalf("%s fix %q has no edits", fd.RuleID, fix.Title)
				}
				out, err := applyHeaderFix(b, fix)
				if err != nil {
					t.Fatal(err)
				}
				Analyze(path, "", out, cfg)
			}
		}
	})
}
