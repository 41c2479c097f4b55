package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestJSFixDropsFallbackToToken: a token written as the fallback of the very
// environment read the fix writes loses the fallback; the fix never writes
// process.env.GITHUB_TOKEN || process.env.GITHUB_TOKEN.
func TestJSFixDropsFallbackToToken(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 9)
	cases := []struct{ src, want string }{
		{`const t = process.env.GITHUB_TOKEN || "<T>";`, `const t = process.env.GITHUB_TOKEN;`},
		{`const t = process.env.GITHUB_TOKEN ?? '<T>';`, `const t = process.env.GITHUB_TOKEN;`},
		{`const t = process.env.GITHUB_TOKEN||"<T>"`, `const t = process.env.GITHUB_TOKEN`},
		// Another variable stays as the first choice.
		{`const t = process.env.GH_TOKEN || "<T>";`, `const t = process.env.GH_TOKEN || process.env.GITHUB_TOKEN;`},
		{`const t = xprocess.env.GITHUB_TOKEN || "<T>";`, `const t = xprocess.env.GITHUB_TOKEN || process.env.GITHUB_TOKEN;`},
	}
	for _, c := range cases {
		src := []byte(strings.ReplaceAll(c.src, "<T>", tok) + "\n")
		fs := tokenFindings(Analyze("a.js", "", src, nil))
		if len(fs) != 1 || len(fs[0].Fixes) == 0 {
			t.Fatalf("%q: want one finding with fixes, got %d", c.src, len(fs))
		}
		if got := string(applyFix(t, src, fs[0].Fixes[0])); got != c.want+"\n" {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want+"\n")
		}
	}
}
