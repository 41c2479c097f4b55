package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// scEnv is an environment without the user's git configuration.
func scEnv(t *testing.T, home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "NO_COLOR=") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(home))
}

type scResult struct {
	code           int
	stdout, stderr string
}

func scRun(t *testing.T, env []string, dir, name string, args ...string) scResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return scResult{code, out.String(), errb.String()}
}

func scWrite(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// scClean fails if any output holds one of the tokens in full.
func scClean(t *testing.T, r scResult, toks ...string) {
	t.Helper()
	g := fixture.Watch(t, toks...)
	g.CheckString("stdout", r.stdout)
	g.CheckString("stderr", r.stderr)
}

func TestScanCommand(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	valid := ghtoken.Generate(ghtoken.ClassicPAT, 900)
	placeholder := "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

	clean := filepath.Join(home, "clean")
	scWrite(t, clean, "main.go", "package main\n\nfunc main() {}\n")
	hint := filepath.Join(home, "hint")
	scWrite(t, hint, "a.txt", "token: "+placeholder+"\n")
	leak := filepath.Join(home, "leak")
	scWrite(t, leak, "src/a.go", "package a\n\nconst tok = \""+valid+"\"\n")

	t.Run("exit codes", func(t *testing.T) {
		for _, c := range []struct {
			dir  string
			args []string
			code int
		}{
			{clean, nil, 0},
			{hint, nil, 0},                                              // placeholders are hints: below --fail-on error
			{hint, []string{"--fail-on", "hint"}, 1},                    // ... unless asked
			{leak, nil, 1},                                              // checksum-valid token
			{leak, []string{"--fail-on", "none"}, 0},                    // report only
			{leak, []string{"--disable", "github-pat"}, 0},              // rule off
			{home, []string{"leak", "--format", "json"}, 1},             // flags after paths
			{clean, []string{"--format", "xml"}, 2},                     // usage
			{clean, []string{"--fail-on", "fatal"}, 2},                  // usage
			{clean, []string{"--no-such-flag"}, 2},                      // usage
			{clean, []string{"missing-dir"}, 2},                         // runtime error
			{clean, []string{"--staged"}, 2},                            // not a git repository
			{clean, []string{"--staged", "--diff", "x"}, 2},             // exclusive
			{clean, []string{"--baseline", "nope.json"}, 2},             // unreadable baseline
			{clean, []string{"--max-file-size", "lots"}, 2},             // bad size
			{leak, []string{"--disable", "github-pat,github-oauht"}, 2}, // a typo must not pass silently
		} {
			r := scRun(t, env, c.dir, bin, append([]string{"scan"}, c.args...)...)
			if r.code != c.code {
				t.Errorf("scan %v in %s: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, filepath.Base(c.dir), r.code, c.code, r.stdout, r.stderr)
			}
			if c.code == 2 && !strings.HasPrefix(r.stderr, "ghpat-ls scan: ") && !strings.Contains(r.stderr, "flag provided but not defined") {
				t.Errorf("scan %v: exit 2 without a clear message: %q", c.args, r.stderr)
			}
			scClean(t, r, valid)
		}
	})

	t.Run("text", func(t *testing.T) {
		r := scRun(t, env, leak, bin, "scan")
		want := "src/a.go:3:14: github-pat [error]: Hard-coded GitHub classic personal access token " + ghtoken.Redact(valid)
		if !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("text report (not a terminal: no colour) lacks %q:\n%s", want, r.stdout)
		}
		if !strings.Contains(r.stdout, "ghpat-ls: 1 finding (1 error) in 1 file") {
			t.Errorf("no summary line:\n%s", r.stdout)
		}
		r = scRun(t, env, leak, bin, "scan", "--color", "always")
		if !strings.Contains(r.stdout, "\x1b[1;31merror\x1b[0m") {
			t.Errorf("--color always: no colour:\n%q", r.stdout)
		}
		scClean(t, r, valid)
	})

	t.Run("colour only on a terminal, unless NO_COLOR", func(t *testing.T) {
		if _, err := exec.LookPath("script"); err != nil {
			t.Skip("script(1) (util-linux/bsdutils) is not installed: no pseudo-terminal to test with")
		}
		// script runs the command on a pseudo-terminal.
		r := scRun(t, env, leak, "script", "-qec", bin+" scan", os.DevNull)
		if !strings.Contains(r.stdout, "\x1b[1;31merror\x1b[0m") {
			t.Errorf("on a terminal: no colour:\n%q", r.stdout)
		}
		r = scRun(t, append(env, "NO_COLOR=1"), leak, "script", "-qec", bin+" scan", os.DevNull)
		if strings.Contains(r.stdout, "\x1b[") || !strings.Contains(r.stdout, "[error]") {
			t.Errorf("NO_COLOR on a terminal: %q", r.stdout)
		}
		scClean(t, r, valid)
	})

	t.Run("json and output file", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "report.json")
		r := scRun(t, env, leak, bin, "scan", "--format", "json", "--output", out)
		if r.code != 1 || r.stdout != "" {
			t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), valid) {
			t.Fatal("JSON report contains the token in full")
		}
		var rep struct {
			Version  int
			Tool     struct{ Name string }
			Findings []struct {
				File, RuleID, Severity string
				Line, Column           int
				Token                  struct{ Redacted, Kind string }
			}
		}
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Version != 1 || rep.Tool.Name != "ghpat-ls" || len(rep.Findings) != 1 {
			t.Fatalf("report %+v", rep)
		}
		f := rep.Findings[0]
		if f.File != "src/a.go" || f.Line != 3 || f.Column != 14 || f.RuleID != "github-pat" || f.Severity != "error" ||
			f.Token.Redacted != ghtoken.Redact(valid) || f.Token.Kind != "ghp" {
			t.Errorf("finding %+v", f)
		}

		// The report is its own baseline: nothing new, exit 0.
		r = scRun(t, env, leak, bin, "scan", "--baseline", out)
		if r.code != 0 || !strings.Contains(r.stdout, "1 by baseline") {
			t.Errorf("with baseline: exit %d\n%s", r.code, r.stdout)
		}
	})

	t.Run("sarif", func(t *testing.T) {
		r := scRun(t, env, leak, bin, "scan", "--format", "sarif")
		var log struct {
			Version string
			Runs    []struct {
				Results []struct {
					RuleID string
					Level  string
				}
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		if r.code != 1 || log.Version != "2.1.0" || len(log.Runs[0].Results) != 1 || log.Runs[0].Results[0].Level != "error" {
			t.Errorf("exit %d, log %+v", r.code, log)
		}
		scClean(t, r, valid)
	})
}

// scHookConfig turns the shipped .pre-commit-hooks.yaml into a local
// .pre-commit-config.yaml: the same hook definition, with language system
// (the built binary on PATH) instead of golang (which would build from the
// network).
func scHookConfig(t *testing.T) string {
	t.Helper()
	hooks, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hooks), "language: golang") || !strings.Contains(string(hooks), "entry: ghpat-ls scan --staged") {
		t.Fatalf(".pre-commit-hooks.yaml: unexpected hook definition:\n%s", hooks)
	}
	var b strings.Builder
	b.WriteString("repos:\n  - repo: local\n    hooks:\n")
	for _, line := range strings.Split(strings.TrimRight(string(hooks), "\n"), "\n") {
		line = strings.Replace(line, "language: golang", "language: system", 1)
		b.WriteString("      " + line + "\n")
	}
	return b.String()
}

// TestPreCommitHookBlocksTokens runs the real pre-commit through real git
// commits.
func TestPreCommitHookBlocksTokens(t *testing.T) {
	for _, tool := range []string{"git", "pre-commit"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian package %s); skipping the pre-commit end-to-end test", tool, tool)
		}
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	for i, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			env[i] = "PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + kv[len("PATH="):]
		}
	}
	env = append(env, "PRE_COMMIT_HOME="+filepath.Join(home, "cache"))
	repo := filepath.Join(home, "repo")
	if err := os.Mkdir(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	valid := ghtoken.Generate(ghtoken.ClassicPAT, 901)
	git := func(args ...string) scResult {
		t.Helper()
		r := scRun(t, env, repo, "git", args...)
		scClean(t, r, valid)
		return r
	}
	mustGit := func(args ...string) {
		t.Helper()
		if r := git(args...); r.code != 0 {
			t.Fatalf("git %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	commits := func() int {
		r := git("rev-list", "--count", "HEAD")
		n := 0
		for _, c := range strings.TrimSpace(r.stdout) {
			n = n*10 + int(c-'0')
		}
		return n
	}

	mustGit("init", "-q", "-b", "main")
	scWrite(t, repo, ".pre-commit-config.yaml", scHookConfig(t))
	scWrite(t, repo, "README.md", "demo\n")
	if r := scRun(t, env, repo, "pre-commit", "install"); r.code != 0 {
		t.Fatalf("pre-commit install: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustGit("add", ".")
	mustGit("commit", "-q", "-m", "config")

	// A checksum-valid token is blocked, with its redacted form in the output.
	scWrite(t, repo, "app/config.py", "import os\n\nGITHUB_TOKEN = \""+valid+"\"\n")
	mustGit("add", "app/config.py")
	r := git("commit", "-m", "add token")
	if r.code == 0 || commits() != 1 {
		t.Fatalf("commit with a token succeeded:\n%s%s", r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	for _, want := range []string{"ghpat-ls", "Failed", "app/config.py:3:17: github-pat [error]", ghtoken.Redact(valid)} {
		if !strings.Contains(out, want) {
			t.Errorf("blocked commit output lacks %q:\n%s", want, out)
		}
	}

	// A placeholder passes (reported as a hint, not an error).
	scWrite(t, repo, "app/config.py", "import os\n\nGITHUB_TOKEN = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n")
	mustGit("add", "app/config.py")
	if r := git("commit", "-m", "placeholder"); r.code != 0 || commits() != 2 {
		t.Fatalf("commit with a placeholder blocked:\n%s%s", r.stdout, r.stderr)
	}

	// An allowed line passes.
	scWrite(t, repo, "tests/fixture.py", "TOKEN = \""+valid+"\"  # gitleaks:allow\n")
	mustGit("add", "tests/fixture.py")
	if r := git("commit", "-m", "allowed"); r.code != 0 || commits() != 3 {
		t.Fatalf("commit with an allowed line blocked:\n%s%s", r.stdout, r.stderr)
	}

	// What counts is the index: a token staged and then removed from the
	// work tree (but not from the index) is still blocked.
	scWrite(t, repo, "late.txt", valid+"\n")
	mustGit("add", "late.txt")
	scWrite(t, repo, "late.txt", "nothing here\n")
	if r := git("commit", "-m", "staged token"); r.code == 0 || commits() != 3 {
		t.Fatalf("commit of a staged token succeeded:\n%s%s", r.stdout, r.stderr)
	}
}
