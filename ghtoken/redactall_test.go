package ghtoken

import (
	"strings"
	"testing"
)

func TestRedactAllLeavesNoTokenWhole(t *testing.T) {
	kinds := []Kind{ClassicPAT, OAuth, UserToServer, ServerToServer, Refresh, FineGrainedPAT, StatelessInstall}
	for i, k := range kinds {
		tok := Generate(k, uint64(i+1))
		for _, s := range []string{
			tok,
			"opened untitled:" + tok + " (python, 3 bytes)",
			`invalid Content-Length "` + tok + `"`,
			"https://x:" + tok + "@github.com/o/r.git " + tok + "\n",
			"x" + tok + ".",
		} {
			got := RedactAll(s)
			if strings.Contains(got, tok) {
				t.Errorf("%s: RedactAll left the token whole in %q", k, strings.ReplaceAll(got, tok, Redact(tok)))
			}
			if !strings.Contains(got, Redact(tok)[:len(Redact(tok))-4]) {
				t.Errorf("%s: %q does not show the redacted token", k, strings.ReplaceAll(got, tok, "<token>"))
			}
		}
	}
}

func TestRedactAllKeepsOtherText(t *testing.T) {
	for _, s := range []string{
		"",
		"no ghp_, github_pat_, gho_, ghu_ or ghs_ prefix",
		"ghp_short and GHP_UPPERCASEISNOTATOKEN1234567890",
		"file:///home/me/ghpat-ls/main.go",
		"héllo wörld ✓",
	} {
		if got := RedactAll(s); got != s {
			t.Errorf("RedactAll(%q) = %q, want it unchanged", s, got)
		}
	}
}
