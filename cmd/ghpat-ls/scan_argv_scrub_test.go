package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// Issue 18, Must show 6: every byte `scan` writes passes the scrubber.
// `scan --history=<a branch named like a token> --format json` wrote the
// revision in full in history.revisions: the report writers now scrub
// their whole output at the edge. A token is planted in every argument
// value scan takes, each run in every format, to stdout and to --output,
// and every output is searched for any planted token.
func TestScanArgvTokensNeverShow(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18100)
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer,
		ghtoken.ServerToServer, ghtoken.Refresh, ghtoken.StatelessInstall}
	next := 0
	tok := func() string {
		next++
		return g.Token(kinds[next%len(kinds)])
	}
	r.write("a.txt", []byte("clean\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	branch := "leak-" + tok()
	r.git("branch", branch)
	named := tok() + ".txt" // a file named like a token
	r.write(named, []byte("clean\n"))
	notJSON := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(notJSON, []byte(tok()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ignore := filepath.Join(t.TempDir(), "ignore")
	if err := os.WriteFile(ignore, []byte(tok()+":github-pat:1\n"+tok()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := func() string { return filepath.Join(t.TempDir(), tok(), "x") }

	cases := [][]string{
		{missing()},
		{named},
		{".", "--", tok()},
		{"--history=" + branch},
		{"--history=HEAD " + branch},
		{"--history=" + tok()},
		{"--history=-" + tok()},
		{"--history", "--cache", missing()},
		{"--diff", tok()},
		{"--diff", "main.." + branch},
		{"--diff", branch + "...main"},
		{"--diff", "main..." + tok()},
		{"--staged", tok()},
		{"--baseline", missing()},
		{"--baseline", notJSON},
		{"--gitleaksignore", missing()},
		{"--gitleaksignore", ignore},
		{"--fail-on", tok()},
		{"--max-file-size", tok()},
		{"--max-file-size", "1" + tok()},
		{"--color", tok()},
		{"--disable", tok()},
		{"--disable", "github-pat," + tok()},
		{"--workers", tok()},
		{"--" + tok()},
		{"-" + tok() + "=1"},
		{"--history=" + branch, "--max-file-size", tok()},
	}
	formats := []string{"text", "json", "sarif", tok()}
	for _, args := range cases {
		for _, format := range formats {
			out := filepath.Join(t.TempDir(), "report")
			for _, extra := range [][]string{nil, {"--output", out}} {
				all := append(append([]string{"scan", "--format", format}, extra...), args...)
				res := scRun(t, r.env, r.dir, r.bin, all...)
				what := g.Redact(strings.Join(all, " "))
				g.CheckString(what+": stdout", res.stdout)
				g.CheckString(what+": stderr", res.stderr)
				if res.stdout == "" && res.stderr == "" && extra == nil {
					t.Errorf("%s: no output at all (exit %d)", what, res.code)
				}
				if b, err := os.ReadFile(out); err == nil {
					g.Check(what+": --output", b)
					os.Remove(out)
				}
			}
		}
	}
	// The branch's report: its revision is there, redacted.
	res := r.scan("--history="+branch, "--format", "json")
	if res.code != 0 || !strings.Contains(res.stdout, ghtoken.RedactAll(branch)) {
		t.Errorf("--history=<branch>: exit %d, the revision not shown redacted\n%s%s", res.code, g.Redact(res.stdout), g.Redact(res.stderr))
	}
}
