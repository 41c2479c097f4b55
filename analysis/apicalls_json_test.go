package analysis

import (
	"strings"
	"testing"
)

// TestJSONURLsAreDataUnlessACommandCalls: in JSON an API URL is an
// answer's "url" field, a recorded exchange or a setting, not a call
// (permissions would ask for Administration to read a fixture's keys_url);
// a script that runs curl or gh on one still calls it.
func TestJSONURLsAreDataUnlessACommandCalls(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"an API answer", `{"url": "https://api.github.com/repos/o/r/pulls/1",
 "keys_url": "https://api.github.com/repos/o/r/keys",
 "issue_url": "https://api.github.com/repos/o/r/issues/1"}`, nil},
		{"a recorded exchange", `{"log": {"entries": [{"request": {"url": "https://api.github.com/repos/o/r/hooks"}}]}}`, nil},
		{"package.json scripts", `{"scripts": {
  "hooks": "curl -H 'Authorization: Bearer $GITHUB_TOKEN' https://api.github.com/repos/o/r/hooks",
  "open": "curl -X POST https://api.github.com/repos/o/r/issues",
  "who": "gh api /user"
}}`, []string{"GET /repos/{owner}/{repo}/hooks", "POST /repos/{owner}/{repo}/issues", "GET /user"}},
	} {
		var got []string
		for _, call := range FindAPICalls(LangJSON, []byte(c.text), nil) {
			got = append(got, call.Method+" "+call.Path)
		}
		if strings.Join(got, ", ") != strings.Join(c.want, ", ") {
			t.Errorf("%s: calls %q, want %q", c.name, got, c.want)
		}
	}
	// The same answer in a JavaScript file is a URL the code may request.
	if n := len(FindAPICalls(LangJavaScript, []byte(`const u = "https://api.github.com/repos/o/r/keys";`), nil)); n != 1 {
		t.Errorf("JavaScript: %d calls, want 1", n)
	}
	if DetectLanguage("session.har", "") != LangJSON {
		t.Errorf("a .har file is not read as JSON")
	}
}
