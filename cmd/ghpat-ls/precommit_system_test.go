package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// TestPreCommitSystemHook runs the ghpat-ls-system hook of
// .pre-commit-hooks.yaml the way users install it (repo + rev), with a
// built binary on PATH standing in for a release install: a token is
// blocked; and with no ghpat-ls on PATH the commit is refused too, not
// passed silently.
func TestPreCommitSystemHook(t *testing.T) {
	for _, tool := range []string{"git", "pre-commit"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH; skipping the pre-commit system-hook test", tool)
		}
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	top := scRun(t, env, ".", "git", "rev-parse", "--show-toplevel")
	if top.code != 0 {
		t.Skipf("not a git checkout: %s", strings.TrimSpace(top.stderr))
	}
	env = append(env, "PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"), "PRE_COMMIT_COLOR=never")
	hookRepo := filepath.Join(home, "hookrepo")
	if r := scRun(t, env, home, "git", "clone", "--quiet", strings.TrimSpace(top.stdout), hookRepo); r.code != 0 {
		t.Fatalf("git clone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rev := strings.TrimSpace(scRun(t, env, hookRepo, "git", "rev-parse", "HEAD").stdout)

	// withPath: env with PATH = dir (if any) + the system PATH minus any
	// directory holding a ghpat-ls.
	withPath := func(dir string) []string {
		var keep []string
		if dir != "" {
			keep = append(keep, dir)
		}
		for _, d := range filepath.SplitList(os.Getenv("PATH")) {
			if _, err := os.Stat(filepath.Join(d, "ghpat-ls")); err != nil && d != "" {
				keep = append(keep, d)
			}
		}
		out := []string{}
		for _, kv := range env {
			if !strings.HasPrefix(kv, "PATH=") {
				out = append(out, kv)
			}
		}
		return append(out, "PATH="+strings.Join(keep, string(os.PathListSeparator)))
	}
	installed, missing := withPath(filepath.Dir(bin)), withPath("")

	repo := filepath.Join(home, "repo")
	if err := os.Mkdir(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	valid := ghtoken.Generate(ghtoken.ClassicPAT, 903)
	run := func(env []string, name string, args ...string) scResult {
		t.Helper()
		r := scRun(t, env, repo, name, args...)
		scClean(t, r, valid)
		return r
	}
	must := func(name string, args ...string) {
		t.Helper()
		if r := run(installed, name, args...); r.code != 0 {
			t.Fatalf("%s %v: exit %d\n%s%s", name, args, r.code, r.stdout, r.stderr)
		}
	}
	must("git", "init", "-q", "-b", "main")
	scWrite(t, repo, ".pre-commit-config.yaml", "repos:\n  - repo: "+hookRepo+"\n    rev: "+rev+"\n    hooks:\n      - id: ghpat-ls-system\n")
	must("pre-commit", "install")
	must("git", "add", ".")
	must("git", "commit", "-q", "-m", "config")

	scWrite(t, repo, "app/config.py", "GITHUB_TOKEN = \""+valid+"\"\n")
	must("git", "add", "app/config.py")
	r := run(installed, "git", "commit", "-m", "add token")
	out := r.stdout + r.stderr
	if r.code == 0 || !strings.Contains(out, "app/config.py:1:17: github-pat [error]") || !strings.Contains(out, "installed binary") {
		t.Fatalf("commit with a token, hook on PATH: exit %d\n%s", r.code, out)
	}
	r = run(missing, "git", "commit", "-m", "add token")
	if r.code == 0 {
		t.Fatalf("commit with no ghpat-ls on PATH passed:\n%s%s", r.stdout, r.stderr)
	}
	t.Logf("no ghpat-ls on PATH: %s", strings.TrimSpace(r.stdout+r.stderr))
}
