package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// splitFixtureDir holds one fixture per way of writing a token in pieces
// (testdata/split; decoys*.* must stay quiet).
const splitFixtureDir = "../../testdata/split"

// splitWant is where a planted split token must be reported.
type splitWant struct {
	file, rule string
	line, col  int // 1-based; UTF-16 column
	token      string
}

// plantSplitFixtures expands every split fixture into dir and returns
// what must be found, and every planted token (decoys' too).
func plantSplitFixtures(t *testing.T, dir string) (want []splitWant, all []string) {
	t.Helper()
	entries, err := os.ReadDir(splitFixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		text, planted := fixture.Load(t, filepath.Join(splitFixtureDir, e.Name()), uint64(50+i))
		scWrite(t, dir, e.Name(), string(text))
		idx := analysis.NewLineIndex(text)
		for _, p := range planted {
			all = append(all, p.Token)
			if strings.HasPrefix(e.Name(), "decoys") {
				continue
			}
			line, col := idx.Position(p.Offset)
			rule, _ := ruleOfToken(p.Token)
			want = append(want, splitWant{e.Name(), rule, line + 1, col + 1, p.Token})
		}
	}
	return want, all
}

// ruleOfToken is the rule a token of this kind is reported under.
func ruleOfToken(tok string) (string, bool) {
	for _, r := range []struct {
		kind ghtoken.Kind
		rule string
	}{
		{ghtoken.StatelessInstall, analysis.RuleStatelessInstall}, {ghtoken.FineGrainedPAT, analysis.RuleFineGrainedPAT},
		{ghtoken.ClassicPAT, analysis.RuleClassicPAT}, {ghtoken.OAuth, analysis.RuleOAuth},
		{ghtoken.UserToServer, analysis.RuleAppToken}, {ghtoken.ServerToServer, analysis.RuleAppToken},
		{ghtoken.Refresh, analysis.RuleRefreshToken},
	} {
		if ghtoken.Classify(tok) == r.kind {
			return r.rule, true
		}
	}
	return "", false
}

type splitFinding struct {
	File, RuleID, Severity, Message string
	Line, Column                    int
	Token                           struct{ Fingerprint, Redacted string }
}

// checkSplitReport compares a JSON report with the planted tokens.
func checkSplitReport(t *testing.T, mode string, res scResult, want []splitWant) {
	t.Helper()
	if res.code != 1 {
		t.Fatalf("%s: exit %d, want 1\n%s", mode, res.code, res.stderr)
	}
	var rep struct{ Findings []splitFinding }
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("%s: %v", mode, err)
	}
	got := map[string]splitFinding{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.File, "decoys") {
			t.Errorf("%s: a decoy was reported: %s:%d %s", mode, f.File, f.Line, f.Message)
		}
		got[f.Token.Fingerprint] = f
	}
	if len(rep.Findings) != len(want) {
		t.Errorf("%s: %d findings, want %d", mode, len(rep.Findings), len(want))
	}
	for _, w := range want {
		f, ok := got[fingerprintOf(w.token)]
		switch {
		case !ok:
			t.Errorf("%s: %s: %s not found", mode, w.file, ghtoken.Redact(w.token))
		case f.File != w.file || f.Line != w.line || f.Column != w.col || f.RuleID != w.rule || f.Severity != "error":
			t.Errorf("%s: %s at %s:%d:%d (%s %s), want %s:%d:%d (%s)", mode, f.Token.Redacted, f.File, f.Line, f.Column, f.RuleID, f.Severity, w.file, w.line, w.col, w.rule)
		case !strings.Contains(f.Message, "joined from") && !strings.Contains(f.Message, "split by U+") && !strings.Contains(f.Message, "continued with"):
			t.Errorf("%s: %s:%d: the message does not say how the token was written: %s", mode, f.File, f.Line, f.Message)
		}
	}
}

func fingerprintOf(tok string) string {
	fs := analysis.Analyze("t.txt", "", []byte(tok), nil)
	if len(fs) != 1 {
		return ""
	}
	return fs[0].Token.Fingerprint
}

// TestScanSplitTokens: every way of writing a token in pieces is found by
// the real binary, in a files scan, --staged, --history and --diff, at the token's first
// byte, under its kind's rule; the decoys stay quiet; no output (JSON,
// text, SARIF) shows a token, whole or in pieces.
func TestScanSplitTokens(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	env := scEnv(t, t.TempDir())
	dir := t.TempDir()
	want, all := plantSplitFixtures(t, dir)
	sort.Slice(want, func(i, j int) bool { return want[i].file < want[j].file })
	if len(want) < 20 {
		t.Fatalf("only %d split tokens planted", len(want))
	}

	t.Logf("%d split tokens planted", len(want))
	res := scRun(t, env, dir, bin, "scan", "--format", "json", ".")
	scClean(t, res, all...)
	checkSplitReport(t, "files", res, want)
	for _, format := range []string{"text", "sarif"} {
		r := scRun(t, env, dir, bin, "scan", "--format", format, ".")
		scClean(t, r, all...)
		if r.code != 1 {
			t.Errorf("--format %s: exit %d", format, r.code)
		}
	}

	// An empty first commit, so that --diff has a base the fixtures were
	// added after.
	for _, args := range [][]string{{"init", "-q"}, {"commit", "-q", "--allow-empty", "-m", "base"}, {"add", "."}} {
		if r := scRun(t, env, dir, "git", args...); r.code != 0 {
			t.Fatalf("git %v: %s", args, r.stderr)
		}
	}
	res = scRun(t, env, dir, bin, "scan", "--staged", "--format", "json")
	scClean(t, res, all...)
	checkSplitReport(t, "--staged", res, want)

	if r := scRun(t, env, dir, "git", "commit", "-q", "-m", "split tokens"); r.code != 0 {
		t.Fatalf("git commit: %s", r.stderr)
	}
	res = scRun(t, env, dir, bin, "scan", "--history", "--format", "json")
	scClean(t, res, all...)
	checkSplitReport(t, "--history", res, want)

	// --diff, against the work tree and as a range of commits: every
	// fixture line was added since the base.
	for _, rev := range []string{"HEAD~1", "HEAD~1..HEAD"} {
		res = scRun(t, env, dir, bin, "scan", "--diff", rev, "--format", "json")
		scClean(t, res, all...)
		checkSplitReport(t, "--diff "+rev, res, want)
	}
}
