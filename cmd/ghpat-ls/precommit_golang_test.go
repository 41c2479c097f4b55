package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// pgGoEnv holds the go settings the hook build inherits. They are resolved
// here and passed explicitly because the test changes HOME (so go would
// no longer find its config file, e.g. GOTOOLCHAIN=local) and pre-commit
// sets GOPATH to its environment directory (so GOMODCACHE would default to
// a fresh, per-environment module cache). Explicit values keep the build on
// the shared build and module caches.
var pgGoEnv = []string{"GOCACHE", "GOMODCACHE", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE",
	"GONOPROXY", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN"}

// TestPreCommitGolangHook installs the hook the way users do: a
// .pre-commit-config.yaml naming this repository by repo + rev, so that
// pre-commit clones it and builds the hook with its golang language
// (`go install ./...`), then runs it through real git commits. The hook
// repository is a clone of the committed HEAD, so uncommitted changes are
// not tested here (TestPreCommitHookBlocksTokens covers the work tree with
// language: system).
func TestPreCommitGolangHook(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the pre-commit golang end-to-end test (clones and builds the hook)")
	}
	for _, tool := range []string{"git", "pre-commit"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH; skipping the pre-commit golang end-to-end test", tool)
		}
	}
	home := t.TempDir()
	env := scEnv(t, home)
	top := scRun(t, env, ".", "git", "rev-parse", "--show-toplevel")
	if top.code != 0 {
		t.Skipf("not a git checkout (pre-commit needs a git repository and rev to clone): %s", strings.TrimSpace(top.stderr))
	}
	// go test puts GOROOT/bin first on PATH, so this is the go that
	// pre-commit's golang language (language_version: system) will use.
	goEnv, err := exec.Command("go", append([]string{"env"}, pgGoEnv...)...).Output()
	vals := strings.Split(strings.TrimSuffix(string(goEnv), "\n"), "\n")
	if err != nil || len(vals) != len(pgGoEnv) {
		t.Fatalf("go env %v: %v\n%s", pgGoEnv, err, goEnv)
	}
	for i, k := range pgGoEnv {
		env = append(env, k+"="+vals[i])
	}
	// A fresh pre-commit store per run: its key is the repo URL, a temp path
	// that changes every run, so a persistent store would only grow. The
	// expensive part, compiling, is served by the shared GOCACHE.
	env = append(env, "PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"), "PRE_COMMIT_COLOR=never")

	// The hook repository: this repository's committed HEAD.
	hookRepo := filepath.Join(home, "hookrepo")
	if r := scRun(t, env, home, "git", "clone", "--quiet", strings.TrimSpace(top.stdout), hookRepo); r.code != 0 {
		t.Fatalf("git clone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rev := strings.TrimSpace(scRun(t, env, hookRepo, "git", "rev-parse", "HEAD").stdout)
	if len(rev) != 40 {
		t.Fatalf("hook repository HEAD: %q", rev)
	}

	repo := filepath.Join(home, "repo")
	if err := os.Mkdir(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	valid := ghtoken.Generate(ghtoken.ClassicPAT, 902)
	run := func(name string, args ...string) scResult {
		t.Helper()
		r := scRun(t, env, repo, name, args...)
		scClean(t, r, valid)
		return r
	}
	must := func(name string, args ...string) {
		t.Helper()
		if r := run(name, args...); r.code != 0 {
			t.Fatalf("%s %v: exit %d\n%s%s", name, args, r.code, r.stdout, r.stderr)
		}
	}
	head := func() string {
		t.Helper()
		return strings.TrimSpace(run("git", "rev-parse", "HEAD").stdout)
	}

	must("git", "init", "-q", "-b", "main")
	scWrite(t, repo, ".pre-commit-config.yaml", "repos:\n  - repo: "+hookRepo+"\n    rev: "+rev+"\n    hooks:\n      - id: ghpat-ls\n")
	scWrite(t, repo, "README.md", "demo\n")
	must("pre-commit", "install")
	// Build the hook environment up front so its cost is measured apart
	// from the commits (otherwise the first commit would build it).
	start := time.Now()
	must("pre-commit", "install-hooks")
	t.Logf("pre-commit install-hooks (clone + go install): %v", time.Since(start).Round(10*time.Millisecond))
	bins, _ := filepath.Glob(filepath.Join(home, "pre-commit", "repo*", "golangenv-*", "bin", "ghpat-ls"))
	if len(bins) != 1 {
		t.Fatalf("pre-commit did not build ghpat-ls in a golang environment; found %q", bins)
	}
	must("git", "add", ".")
	must("git", "commit", "-q", "-m", "config")

	// A checksum-valid token is blocked, named by file:line, redacted.
	start = time.Now()
	before := head()
	scWrite(t, repo, "app/config.py", "import os\n\nGITHUB_TOKEN = \""+valid+"\"\n")
	must("git", "add", "app/config.py")
	r := run("git", "commit", "-m", "add token")
	if r.code == 0 || head() != before {
		t.Fatalf("commit with a token succeeded:\n%s%s", r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	for _, want := range []string{"ghpat-ls (GitHub tokens)", "Failed", "app/config.py:3:17: github-pat [error]", ghtoken.Redact(valid)} {
		if !strings.Contains(out, want) {
			t.Errorf("blocked commit output lacks %q:\n%s", want, out)
		}
	}

	// A placeholder passes.
	scWrite(t, repo, "app/config.py", "import os\n\nGITHUB_TOKEN = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n")
	must("git", "add", "app/config.py")
	if r := run("git", "commit", "-m", "placeholder"); r.code != 0 || head() == before {
		t.Fatalf("commit with a placeholder blocked:\n%s%s", r.stdout, r.stderr)
	}

	// A line marked gitleaks:allow passes.
	before = head()
	scWrite(t, repo, "tests/fixture.py", "TOKEN = \""+valid+"\"  # gitleaks:allow\n")
	must("git", "add", "tests/fixture.py")
	if r := run("git", "commit", "-m", "allowed"); r.code != 0 || head() == before {
		t.Fatalf("commit with an allowed line blocked:\n%s%s", r.stdout, r.stderr)
	}
	t.Logf("three commits through the hook: %v", time.Since(start).Round(10*time.Millisecond))
}
