package analysis_test

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// TestRuleSamples runs every rule against its own samples (rules.go), as
// gitleaks validates each rule: a positive sample holds a finding of the
// rule, a negative one none. Rules that analysis runs on a text must have
// both; path and live rules, which need a file name or GitHub's answer,
// have none here (scan's and tokeninfo's tests hold them).
func TestRuleSamples(t *testing.T) {
	expand := strings.NewReplacer("{{api}}", strings.TrimSuffix(ghhost.DefaultAPIURL, "/"), "{{media}}", ghhost.MediaType)
	for _, r := range analysis.Rules() {
		s := r.Samples
		textRule := r.Kind == analysis.KindToken || r.Kind == analysis.KindHeader || r.Kind == analysis.KindAPIChange || r.Kind == analysis.KindWorkflow
		if !textRule {
			if len(s.Positive)+len(s.Negative) > 0 {
				t.Errorf("%s: a %s rule has samples this test cannot run", r.ID, r.Kind)
			}
			continue
		}
		if s.Path == "" || len(s.Positive) == 0 || len(s.Negative) == 0 {
			t.Errorf("%s: needs a path and at least one positive and one negative sample", r.ID)
			continue
		}
		run := func(sample string, seed uint64) (found bool, text string) {
			b, _ := fixture.Expand([]byte(expand.Replace(sample)), seed)
			for _, f := range analysis.Analyze(s.Path, "", b, nil) {
				if f.RuleID == r.ID {
					found = true
				}
			}
			return found, string(b)
		}
		for i, sample := range s.Positive {
			if found, text := run(sample, uint64(100+i)); !found {
				t.Errorf("%s: positive sample %d not flagged:\n%s", r.ID, i, ghtoken.RedactAll(text))
			}
		}
		for i, sample := range s.Negative {
			if found, text := run(sample, uint64(200+i)); found {
				t.Errorf("%s: negative sample %d flagged:\n%s", r.ID, i, ghtoken.RedactAll(text))
			}
		}
	}
}
