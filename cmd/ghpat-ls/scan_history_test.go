package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// TestScanHistoryCommand runs the real binary over a real repository: the
// exit codes, the commit data in every format, the cache, usage errors,
// and no token in full anywhere (a token is also in the commit message
// and the author's name).
func TestScanHistoryCommand(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	repo := t.TempDir()
	tk := ghtoken.Generate(ghtoken.ClassicPAT, 901)
	ph := ghtoken.Generate(ghtoken.OAuth, 902)
	if last := ph[len(ph)-1]; last == 'A' { // break the checksum: a placeholder
		ph = ph[:len(ph)-1] + "B"
	} else {
		ph = ph[:len(ph)-1] + "A"
	}
	git := func(args ...string) string {
		t.Helper()
		r := scRun(t, env, repo, "git", args...)
		if r.code != 0 {
			t.Fatalf("git %v: %s", args, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	git("init", "-q", "-b", "main")
	scWrite(t, repo, "docs/example.md", "use "+ph+" here\n")
	git("add", ".")
	git("commit", "-q", "-m", "docs")
	placeholderOnly := git("rev-parse", "HEAD")

	git("checkout", "-q", "-b", "leak-"+tk[:12])
	scWrite(t, repo, "config/app.env", "A=1\nGITHUB_TOKEN="+tk+"\n")
	git("add", ".")
	git("commit", "-q", "--author", "name "+tk+" <t@example.com>", "-m", "add config "+tk)
	leak := git("rev-parse", "HEAD")
	git("checkout", "-q", "main")
	scWrite(t, repo, "config/app.env", "A=1\n")
	git("add", ".")
	git("commit", "-q", "-m", "main config")

	guard := fixture.NewGuard(t, 0)
	guard.Add(tk, ph)
	all := func(r scResult) { // in full, or any run of its hidden part
		t.Helper()
		guard.CheckString("stdout", r.stdout)
		guard.CheckString("stderr", r.stderr)
	}

	// Text: the finding with its commit line; exit 1; nothing on stderr
	// (no progress line when stderr is not a terminal).
	r := scRun(t, env, repo, bin, "scan", "--history")
	all(r)
	if r.code != 1 || !strings.Contains(r.stdout, "config/app.env:2:14: github-pat [error]") ||
		!strings.Contains(r.stdout, "introduced in "+leak[:12]) || r.stderr != "" {
		t.Fatalf("text: code %d\n%s\nstderr: %q", r.code, r.stdout, r.stderr)
	}

	// JSON: exact commit, path, line; the placeholder is a hint.
	r = scRun(t, env, repo, bin, "scan", "--history", "--format", "json")
	all(r)
	var rep struct {
		Mode     string `json:"mode"`
		Findings []struct {
			File, RuleID, Severity, Fingerprint string
			Line                                int
			Commit                              struct{ SHA, Author, Subject string }
		} `json:"findings"`
		History struct{ Commits, Blobs int } `json:"history"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if rep.Mode != "history" || len(rep.Findings) != 4 || rep.History.Commits != 3 {
		t.Fatalf("json report: %+v", rep)
	}
	for _, f := range rep.Findings {
		switch f.File {
		case "config/app.env":
			if f.Line != 2 || f.Severity != "error" || f.Commit.SHA != leak || f.Fingerprint != leak+":config/app.env:github-pat:2" ||
				!strings.HasPrefix(f.Commit.Subject, "add config ghp_") || !strings.HasPrefix(f.Commit.Author, "name ghp_") {
				t.Errorf("token finding: %+v", f)
			}
		case "(commit)": // the author line and the message of the leaking commit
			if f.Commit.SHA != leak || (f.Line != 3 && f.Line != 6) || f.Fingerprint != fmt.Sprintf("%s:(commit):github-pat:%d", leak, f.Line) {
				t.Errorf("commit object finding: %+v", f)
			}
		case "docs/example.md":
			if f.Line != 1 || f.Severity != "hint" || f.Commit.SHA != placeholderOnly {
				t.Errorf("placeholder finding: %+v", f)
			}
		default:
			t.Errorf("unexpected finding %+v", f)
		}
	}

	// SARIF carries the repository and the commit.
	r = scRun(t, env, repo, bin, "scan", "--history", "--format", "sarif")
	all(r)
	if r.code != 1 || !strings.Contains(r.stdout, `"versionControlProvenance"`) || !strings.Contains(r.stdout, `"commitSha": "`+leak+`"`) {
		t.Errorf("sarif: code %d\n%s", r.code, r.stdout)
	}

	// A range without the leak: only the placeholder, a hint: exit 0.
	r = scRun(t, env, repo, bin, "scan", "--history="+placeholderOnly+"~0", "--format", "json")
	all(r)
	if r.code != 0 || strings.Contains(r.stdout, leak) {
		t.Errorf("range: code %d\n%s", r.code, r.stdout)
	}

	// The cache: the second run reads nothing and still fails on the leak.
	cache := filepath.Join(t.TempDir(), "c")
	for i := range 2 {
		r = scRun(t, env, repo, bin, "scan", "--history", "--cache", cache)
		all(r)
		if r.code != 1 || !strings.Contains(r.stdout, leak[:12]) {
			t.Fatalf("cache run %d: code %d\n%s", i, r.code, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "objects from the cache") {
		t.Errorf("second run did not use the cache:\n%s", r.stdout)
	}

	// docs/history.md's way to revoke an old leak: from the commit, never
	// on screen (a dry run here: nothing is sent).
	pipeline := "git show " + leak + ":config/app.env | sed -n '2p' | grep -oE 'gh[pousr]_[A-Za-z0-9_.-]+|github_pat_[A-Za-z0-9_]+' | '" + bin + "' revoke --dry-run"
	r = scRun(t, env, repo, "sh", "-c", pipeline)
	all(r)
	if r.code != 0 || !strings.Contains(r.stdout, "would POST 1 token(s)") {
		t.Errorf("revoke pipeline: code %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// .gitleaksignore entries for that introduction and the commit object.
	scWrite(t, repo, ".gitleaksignore", leak+":config/app.env:github-pat:2\n"+leak+":(commit):github-pat:3\n"+leak+":(commit):github-pat:6\n")
	r = scRun(t, env, repo, bin, "scan", "--history")
	all(r)
	if r.code != 0 || !strings.Contains(r.stdout, "suppressed: 3 by .gitleaksignore") {
		t.Errorf("gitleaksignore: code %d\n%s", r.code, r.stdout)
	}

	// Usage and runtime errors: exit 2, the message redacted.
	for _, args := range [][]string{
		{"scan", "--history=no-such-" + tk},
		{"scan", "--history", "src"},
		{"scan", "--history", "--staged"},
		{"scan", "--history", "--max-file-size", "1M"},
		{"scan", "--history", "--all-rules"},
		{"scan", "--cache", cache},
		{"scan", "--history=--all"},
	} {
		r = scRun(t, env, repo, bin, args...)
		all(r)
		if r.code != 2 || !strings.Contains(r.stderr, "ghpat-ls scan:") {
			t.Errorf("%v: code %d, stderr %q", args, r.code, r.stderr)
		}
	}
	r = scRun(t, env, t.TempDir(), bin, "scan", "--history")
	if r.code != 2 {
		t.Errorf("outside git: code %d, stderr %q", r.code, r.stderr)
	}
}
