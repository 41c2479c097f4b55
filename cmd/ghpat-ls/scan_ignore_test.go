package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// tokenIgnoreEntry is the .gitleaksignore line naming tok.
func tokenIgnoreEntry(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// TestScanQuiet: --quiet prints the findings alone, nothing at all when
// clean; without it the report ends with the summary and two lines of
// advice.
func TestScanQuiet(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 2201)
	g := fixture.Watch(t, tok)
	dir := t.TempDir()
	scWrite(t, dir, "clean.txt", "nothing here\n")
	for _, q := range []string{"-q", "--quiet"} {
		r := scRun(t, env, dir, bin, "scan", q)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Errorf("scan %s on clean files: exit %d, stdout %q, stderr %q", q, r.code, r.stdout, r.stderr)
		}
	}
	scWrite(t, dir, "app.env", "A=1\nGITHUB_TOKEN="+tok+"\n")
	r := scRun(t, env, dir, bin, "scan", ".", "--quiet")
	g.CheckString("quiet stdout", r.stdout)
	if want := "app.env:2:14: github-pat [error]: "; r.code != 1 || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 || r.stderr != "" {
		t.Errorf("scan --quiet with a token: exit %d, stdout %q, stderr %q; want one line starting %q", r.code, r.stdout, r.stderr, want)
	}
	r = scRun(t, env, dir, bin, "scan")
	i := strings.Index(r.stdout, "What to do: ")
	if r.code != 1 || i < 0 || strings.Count(r.stdout[i:], "\n") != 2 || !strings.Contains(r.stdout[:i], "ghpat-ls: 1 finding") {
		t.Errorf("scan with a token: exit %d; want the summary, then two lines of advice:\n%s", r.code, r.stdout)
	}
	for _, line := range strings.Split(r.stdout[max(i, 0):], "\n") {
		if len(line) > 110 {
			t.Errorf("advice line of %d characters: %q", len(line), line)
		}
	}
	// Machine formats are whole whatever --quiet says.
	r = scRun(t, env, dir, bin, "scan", "-q", "--format", "json")
	if r.code != 1 || !strings.Contains(r.stdout, `"summary"`) {
		t.Errorf("scan -q --format json: exit %d\n%s", r.code, r.stdout)
	}
}

// TestScanTokenIgnoreSurvivesRewrites: a "sha256:" entry in
// .gitleaksignore silences that token, and only it, in every mode (files,
// --staged, --diff, --history, a commit message too), and still does after
// the history is rewritten (amend, squash), when a gitleaks entry tied to
// a commit and a line no longer matches.
func TestScanTokenIgnoreSurvivesRewrites(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	ignored := ghtoken.Generate(ghtoken.ClassicPAT, 2211)
	other := ghtoken.Generate(ghtoken.FineGrainedPAT, 2212)
	g := fixture.Watch(t, ignored, other)
	repo := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		return strings.TrimSpace(fcGit(t, env, repo, args...))
	}
	scan := func(args ...string) (code int, findings []string, suppressed int) {
		t.Helper()
		r := scRun(t, env, repo, bin, append([]string{"scan", "--format", "json"}, args...)...)
		g.CheckString("stdout", r.stdout)
		g.CheckString("stderr", r.stderr)
		var rep struct {
			Findings []struct {
				File, RuleID string
				Line         int
			}
			Summary struct {
				Suppressed struct{ Gitleaksignore int }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("scan %v: exit %d, not JSON: %v\n%s", args, r.code, err, r.stderr)
		}
		for _, f := range rep.Findings {
			findings = append(findings, f.File+":"+f.RuleID)
		}
		return r.code, findings, rep.Summary.Suppressed.Gitleaksignore
	}
	expect := func(what string, args []string, wantCode int, wantFindings []string, wantSuppressed int) {
		t.Helper()
		code, found, suppressed := scan(args...)
		if code != wantCode || strings.Join(found, " ") != strings.Join(wantFindings, " ") || suppressed != wantSuppressed {
			t.Errorf("%s (scan %v): exit %d, findings %v, suppressed %d; want exit %d, %v, %d",
				what, args, code, found, suppressed, wantCode, wantFindings, wantSuppressed)
		}
	}

	git("init", "-q", "-b", "main")
	scWrite(t, repo, "README", "hello\n")
	git("add", ".")
	git("commit", "-q", "-m", "start")
	root := git("rev-parse", "HEAD")
	scWrite(t, repo, "config/app.env", "A=1\nGITHUB_TOKEN="+ignored+"\n")
	git("add", ".")
	git("commit", "-q", "-m", "add config with "+ignored)
	leak := git("rev-parse", "HEAD")

	// Without an ignore: found in the file, in the commit and its message.
	expect("no ignore", nil, 1, []string{"config/app.env:github-pat"}, 0)
	r := scRun(t, env, repo, bin, "scan", "--history")
	if want := "(commit " + leak[:12] + "):6:"; r.code != 1 || !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, "(commit):") {
		t.Errorf("history text: want a message finding located as %q:\n%s", want, r.stdout)
	}

	// The gitleaks forms, tied to the commit and line, and the token form.
	scWrite(t, repo, ".gitleaksignore", "# the fixture token\n"+leak+":config/app.env:github-pat:2\n"+leak+":(commit):github-pat:6\n")
	expect("gitleaks entries before the rewrite", []string{"--history"}, 0, nil, 2)
	scWrite(t, repo, ".gitleaksignore", "# the fixture token\n"+tokenIgnoreEntry(ignored)+"\n")
	expect("files", nil, 0, nil, 1)
	expect("history", []string{"--history"}, 0, nil, 2)

	// A new line with the same token and another token, staged, then
	// committed and diffed: only the other one is reported.
	scWrite(t, repo, "config/more.env", "X="+ignored+"\nY="+other+"\n")
	git("add", "config/more.env")
	expect("--staged", []string{"--staged"}, 1, []string{"config/more.env:github-fine-grained-pat"}, 1)
	git("commit", "-q", "-m", "more")
	expect("--diff", []string{"--diff", "HEAD~1"}, 1, []string{"config/more.env:github-fine-grained-pat"}, 1)
	expect("history with another token", []string{"--history"}, 1, []string{"config/more.env:github-fine-grained-pat"}, 3)

	// Rewrite: squash everything after the first commit into one, with the
	// token moved down a line. The gitleaks entries point at a commit that
	// no longer exists; the token entry still matches.
	git("rm", "-q", "config/more.env")
	git("commit", "-q", "-m", "drop more")
	git("reset", "-q", "--soft", root)
	scWrite(t, repo, "config/app.env", "A=1\nB=2\nGITHUB_TOKEN="+ignored+"\n")
	git("add", "config/app.env")
	git("commit", "-q", "-m", "squashed: config with "+ignored)
	if git("rev-parse", "HEAD") == leak {
		t.Fatal("the history was not rewritten")
	}
	git("reflog", "expire", "--expire=now", "--all")
	git("gc", "-q", "--prune=now")
	expect("history after the squash", []string{"--history"}, 0, nil, 2)
	scWrite(t, repo, ".gitleaksignore", leak+":config/app.env:github-pat:2\n"+leak+":(commit):github-pat:6\n")
	expect("gitleaks entries after the squash", []string{"--history"}, 1, []string{"(commit):github-pat", "config/app.env:github-pat"}, 0)
}

// TestGitHintsDoNotLeak: git's advice about its own command line is not
// part of ghpat-ls's error; the meaningful line is.
func TestGitHintsDoNotLeak(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	repo := t.TempDir()
	fcGit(t, env, repo, "init", "-q")
	for _, args := range [][]string{{"scan", "--history=no-such-rev"}, {"scan", "--diff", "no-such-rev"}} {
		r := scRun(t, env, repo, bin, args...)
		if r.code != 2 || strings.Contains(r.stderr, "Use '--'") || strings.Contains(r.stderr, "hint:") ||
			strings.Contains(r.stderr, "fatal:") || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "no-such-rev") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, r.code, r.stderr)
		}
	}
}

// TestLanguageServerHonoursTokenIgnore: the language server reads the
// workspace folder's .gitleaksignore: a named token gets no diagnostic,
// in an open document or a file only indexed; another token does; a
// change to the file takes effect without a restart.
func TestLanguageServerHonoursTokenIgnore(t *testing.T) {
	ignored := ghtoken.Generate(ghtoken.ClassicPAT, 2221)
	other := ghtoken.Generate(ghtoken.ClassicPAT, 2222)
	g := fixture.Watch(t, ignored, other)
	dir := t.TempDir()
	ignoreFile := filepath.Join(dir, ".gitleaksignore")
	writeFile(t, ignoreFile, tokenIgnoreEntry(ignored)+"\n")
	writeFile(t, filepath.Join(dir, "disk.py"), "T = '"+ignored+"'\nU = '"+other+"'\n")

	c, _ := indexStart(t, dir, liveEnv(), map[string]any{"liveLookups": map[string]any{"enabled": false}})
	waitProgress(t, c, "end")
	oneOnLine := func(line int) func(p *lsptest.PublishedDiagnostics) bool {
		return func(p *lsptest.PublishedDiagnostics) bool {
			return len(p.Diagnostics) == 1 && p.Diagnostics[0].Code == "github-pat" && p.Diagnostics[0].Range.Start.Line == line
		}
	}
	liveWaitDiagnostics(t, c, fileURIOf(filepath.Join(dir, "disk.py")), oneOnLine(1))

	open := fileURIOf(filepath.Join(dir, "open.js"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": open, "languageId": "javascript", "version": 1,
		"text": "const a = \"" + ignored + "\";\nconst b = \"" + other + "\";\n",
	}})
	liveWaitDiagnostics(t, c, open, oneOnLine(1))

	// The entry removed (as an editor's save reports it): both come back.
	writeFile(t, ignoreFile, "# nothing ignored\n")
	c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": fileURIOf(ignoreFile), "type": 2},
	}})
	both := map[string]bool{}
	if _, err := c.Client.WaitNotification(c.Ctx(), "textDocument/publishDiagnostics", func(raw json.RawMessage) bool {
		var p lsptest.PublishedDiagnostics
		if json.Unmarshal(raw, &p) == nil && len(p.Diagnostics) == 2 {
			both[p.URI] = true
		}
		return both[open] && both[fileURIOf(filepath.Join(dir, "disk.py"))]
	}); err != nil {
		t.Fatalf("after the entry was removed, both tokens in both files: %v (got %v)", err, both)
	}

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", c.Stderr.String())
}

// TestPermissionsWithoutCallsOffersNoToken: code that calls no GitHub API
// needs no token, and no link to create one.
func TestPermissionsWithoutCallsOffersNoToken(t *testing.T) {
	dir := t.TempDir()
	scWrite(t, dir, "main.go", "package main\n\nfunc main() {}\n")
	for _, format := range []string{"text", "markdown", "json"} {
		r := scRun(t, scEnv(t, t.TempDir()), dir, testbin.Path(t), "permissions", "--format", format)
		if r.code != 0 || strings.Contains(r.stdout, "https://") || regexp.MustCompile(`(?i)create (it|this)`).MatchString(r.stdout) {
			t.Errorf("permissions --format %s on code without calls: exit %d\n%s%s", format, r.code, r.stdout, r.stderr)
		}
	}
}
