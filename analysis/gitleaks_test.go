package analysis

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// TestAgreesWithGitleaks runs gitleaks' own detector, restricted to the same
// GitHub rules, over every token fixture: each gitleaks finding must be one
// of ours (same rule, same start; ours may be longer where gitleaks cuts a
// refresh token), and each checksum-valid finding of ours on a gitleaks rule
// must be one of gitleaks'.
func TestAgreesWithGitleaks(t *testing.T) {
	if _, err := githubRules(); err != nil {
		t.Fatal(err)
	}
	det := detect.NewDetector(gitleaksCfg)
	for _, tc := range tokenFixtures {
		path := filepath.Join("..", "testdata", "tokens", tc.file)
		text, _ := fixture.Load(t, path, 11)
		ours := tokenFindings(Analyze(path, "", text, nil))
		theirs := det.DetectBytes(text)
		lines := strings.Split(string(text), "\n")
		for _, g := range theirs {
			if strings.Contains(lines[g.StartLine], "ghpat-ls:allow") { // our own marker, unknown to gitleaks
				continue
			}
			found := false
			for _, f := range ours {
				if f.RuleID == g.RuleID && lineOf(text, f.Range.Start)-1 == g.StartLine && strings.HasPrefix(string(text[f.Range.Start:f.Range.End]), g.Secret) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: gitleaks found %s %s on line %d, ghpat-ls did not", tc.file, g.RuleID, ghtoken.Redact(g.Secret), g.StartLine+1)
			}
		}
		for _, f := range ours {
			if !f.Token.ChecksumValid || f.RuleID == RuleStatelessInstall {
				continue
			}
			found := false
			for _, g := range theirs {
				if g.RuleID == f.RuleID && g.StartLine == lineOf(text, f.Range.Start)-1 {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: ghpat-ls found %s on line %d, gitleaks did not", tc.file, f.RuleID, lineOf(text, f.Range.Start))
			}
		}
	}
}
