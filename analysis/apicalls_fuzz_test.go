package analysis

import (
	"strings"
	"testing"
)

// FuzzFindAPICalls: whatever a file holds, the finder returns calls whose
// ranges lie inside the text and never panics (the language server will
// run it on every document).
func FuzzFindAPICalls(f *testing.F) {
	for _, s := range []string{
		"curl -X POST https://api.github.com/repos/o/r/issues -d '{}'",
		"const API = \"https://api.github.com\"\nfetch(`${API}/repos/${o}/${r}/pulls`, {method: 'PATCH'})",
		"gh api -X\ngh api\ngh pr\ngh api repos/{owner}/{repo}/labels -f",
		"u := fmt.Sprintf(\"%s/repos/%s\", apiBase, o)\nhttp.NewRequest(\"PUT\", u, nil)\n// github.com/google/go-github/v66\nc.Issues.Create(",
		"API = 'https://ghe.example.com/api/v3'\nrequests.get(API + \"/repos/\" + x + \"/\"",
		"${{ github.api_url }}/repos/${{",
		"fetch(\"https://api.github.com/${(((\"",
		"octokit.request(\"GET /\")\noctokit.rest.issues.\nclient.get(\"/\"",
		// Issue 18's shapes: many calls on one line, nesting.
		"fetch(\"https://api.github.com/repos/o/r/issues/1/comments\",{method:\"POST\"});let x=await fetch(\"https://api.github.com/repos/o/r\");",
		"f(\"https://api.github.com/repos/o/r/issues/1\",f(\"https://api.github.com/repos/o/r/issues/2\",0));",
		"gh issue create -t x; gh api -X DELETE repos/o/r/labels/l && curl -X POST https://api.github.com/repos/o/r/issues; irm https://api.github.com/user -Method Put",
		"u = \"https://api.github.com/repos/o/r/issues\" x = 1\nrequests.post(u)\nAPI = \"https://api.github.com\"\nfmt.Sprintf(\"%s/user\", API)",
		// Commands within a line: separators, literals, escaped quotes.
		`{"a": "curl -d \"x;y\" https://api.github.com/repos/o/r/issues && curl https://api.github.com/user", "b": "wget \"`,
		"curl https://api.github.com/user 2>&1 &>x & irm -Method Post `\n https://api.github.com/user | 'curl -X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []Lang{LangJavaScript, LangGo, LangRuby, LangShell, LangText, LangJSON} {
			for _, c := range FindAPICalls(lang, []byte(s), nil) {
				if c.Range.Start < 0 || c.Range.End > len(s) || c.Range.Start > c.Range.End {
					t.Fatalf("%s: range %v outside %d bytes", lang, c.Range, len(s))
				}
				if c.Method == "" || !strings.HasPrefix(c.Path, "/") {
					t.Fatalf("%s: call %+v", lang, c)
				}
			}
		}
	})
}
