package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Regression: a checksum-valid token followed directly by more letters or
// digits (two tokens back to back, a token glued to a word) was measured
// as one over-long run and reported as a placeholder hint, so a real
// token passed a scan with the default --fail-on error.
func TestGluedTokensAreStillTokens(t *testing.T) {
	a := ghtoken.Generate(ghtoken.ClassicPAT, 61)
	b := ghtoken.Generate(ghtoken.OAuth, 62)
	f := ghtoken.Generate(ghtoken.FineGrainedPAT, 63)
	r := ghtoken.Generate(ghtoken.Refresh, 64)
	cases := []struct {
		text string
		want []string // "rule start-end severity"
	}{
		{"x=" + a + "abc\n", []string{fmt.Sprintf("github-pat 2-42 %s", SeverityError)}},
		{"x=" + a + b + "\n", []string{fmt.Sprintf("github-pat 2-42 %s", SeverityError), fmt.Sprintf("github-oauth 42-82 %s", SeverityError)}},
		{"x=" + f + "X\n", []string{fmt.Sprintf("github-fine-grained-pat 2-95 %s", SeverityError)}},
		{"x=" + r + "0\n", []string{fmt.Sprintf("github-refresh-token 2-82 %s", SeverityError)}},
		// A long run whose first 40 characters are not a token stays a hint.
		{"x=ghp_" + strings.Repeat("x", 50) + "\n", []string{fmt.Sprintf("github-pat 2-56 %s", SeverityHint)}},
	}
	for i, c := range cases {
		var got []string
		for _, fd := range Analyze("a.txt", "plaintext", []byte(c.text), &Config{}) {
			if fd.Token != nil {
				got = append(got, fmt.Sprintf("%s %d-%d %s", fd.RuleID, fd.Range.Start, fd.Range.End, fd.Severity))
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("case %d: got %q, want %q", i, got, c.want)
		}
	}
}
