package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	af "github.com/ghpat-ls/ghpat-ls/internal/archivefix"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// TestScanContainersEveryMode: one archive per container kind, committed
// or staged, through the real binary in every scan mode; an encrypted
// member fails --staged and --diff (exit 2) unless --allow-unexpanded, and
// is named in every mode.
func TestScanContainersEveryMode(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	repo := filepath.Join(home, "repo")
	var toks []string
	props := func() []byte {
		tk := ghtoken.Generate(ghtoken.ClassicPAT, uint64(1500+len(toks)))
		toks = append(toks, tk)
		return []byte("a=1\nx = " + tk + "\n")
	}
	files := map[string][]byte{
		"c.gz":            af.Gzip(t, props()),
		"c.bz2":           af.Bzip2(t, props()),
		"c.xz":            af.Xz(t, props()),
		"c.zst":           af.Zstd(t, props()),
		"c.tar":           af.Tar(t, af.Member{Name: "m.txt", Data: props()}),
		"c.tgz":           af.Gzip(t, af.Tar(t, af.Member{Name: "m.txt", Data: props()})),
		"c.tar.xz":        af.Xz(t, af.Tar(t, af.Member{Name: "m.txt", Data: props()})),
		"c.tar.zst":       af.Zstd(t, af.Tar(t, af.Member{Name: "m.txt", Data: props()})),
		"c.tar.bz2":       af.Bzip2(t, af.Tar(t, af.Member{Name: "m.txt", Data: props()})),
		"c.whl":           af.Zip(t, af.Member{Name: "pkg/m.txt", Data: props()}),
		"outer.zip":       af.Zip(t, af.Member{Name: "lib/app.jar", Data: af.Zip(t, af.Member{Name: "META-INF/app.properties", Data: props()})}),
		"placeholder.zip": af.Zip(t, af.Member{Name: "example.env", Data: []byte("T=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")}),
	}
	want := []string{
		"c.gz:2:5 github-pat error", "c.bz2:2:5 github-pat error", "c.xz:2:5 github-pat error", "c.zst:2:5 github-pat error",
		"c.tar!m.txt:2:5 github-pat error", "c.tgz!m.txt:2:5 github-pat error", "c.tar.xz!m.txt:2:5 github-pat error",
		"c.tar.zst!m.txt:2:5 github-pat error", "c.tar.bz2!m.txt:2:5 github-pat error", "c.whl!pkg/m.txt:2:5 github-pat error",
		"outer.zip!lib/app.jar!META-INF/app.properties:2:5 github-pat error",
	}
	fcGit(t, env, home, "init", "-q", "-b", "main", repo)
	scWrite(t, repo, "README", "x\n")
	fcGit(t, env, repo, "add", ".")
	fcGit(t, env, repo, "commit", "-qm", "init")
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(repo, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fcGit(t, env, repo, "add", ".")

	check := func(mode string, args ...string) {
		t.Helper()
		got, r := fcJSON(t, env, repo, nil, bin, toks, args...)
		wantAll(t, mode, got, want...)
		for _, g := range got {
			if strings.HasPrefix(g, "placeholder.zip") && !strings.HasSuffix(g, " hint") {
				t.Errorf("%s: the decoy is reported: %s", mode, g)
			}
		}
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", mode, r.code, r.stderr)
		}
	}
	check("staged", "--staged")
	check("files")
	check("diff", "--diff", "HEAD")
	fcGit(t, env, repo, "commit", "-qm", "archives")
	check("history", "--history")

	// An encrypted member: named everywhere; --staged and --diff fail.
	locked := af.Zip(t, af.Member{Name: "locked.txt", Data: []byte("z"), Encrypted: true})
	if err := os.WriteFile(filepath.Join(repo, "locked.zip"), locked, 0o644); err != nil {
		t.Fatal(err)
	}
	fcGit(t, env, repo, "add", "locked.zip")
	for _, args := range [][]string{{"--staged"}, {"--diff", "HEAD"}} {
		r := fcRun(t, env, repo, nil, bin, append([]string{"scan"}, args...)...)
		scClean(t, r.scResult, toks...)
		if r.code != 2 || !strings.Contains(r.stderr, "NOT EXPANDED: locked.zip!locked.txt: encrypted zip member") ||
			!strings.Contains(r.stderr, "--allow-unexpanded") || !strings.Contains(r.stdout, "locked.zip!locked.txt: not expanded") {
			t.Errorf("%v: exit %d, want 2 naming the member\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
		r = fcRun(t, env, repo, nil, bin, append([]string{"scan", "--allow-unexpanded"}, args...)...)
		if r.code != 0 || !strings.Contains(r.stderr, "NOT EXPANDED: locked.zip!locked.txt") {
			t.Errorf("%v --allow-unexpanded: exit %d, want 0 (the change holds no token), still naming the member\n%s", args, r.code, r.stderr)
		}
	}
	// A path scan and a history scan name it and do not fail for it.
	fcGit(t, env, repo, "commit", "-qm", "locked")
	for _, args := range [][]string{{"locked.zip"}, {"--history"}} {
		r := fcRun(t, env, repo, nil, bin, append([]string{"scan", "--format", "sarif"}, args...)...)
		if !strings.Contains(r.stderr, "NOT EXPANDED: locked.zip!locked.txt") || !strings.Contains(r.stdout, "Not expanded: locked.zip!locked.txt") ||
			!slices.Contains([]int{0, 1}, r.code) {
			t.Errorf("%v: exit %d\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestScanZipBombStaysBounded: a 42.zip-style bomb (zips of 16 zips, four
// deep, 256 GiB expanded) staged for commit: the scan stops at the
// expansion bound, says so (exit 2 with --staged), and memory stays flat.
func TestScanZipBombStaysBounded(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	repo := filepath.Join(home, "repo")
	fcGit(t, env, home, "init", "-q", "-b", "main", repo)
	layer := af.Zip(t, af.Member{Name: "zeros", Data: make([]byte, 4<<20)})
	for range 3 {
		var ms []af.Member
		for i := range 16 {
			ms = append(ms, af.Member{Name: string(rune('a'+i)) + ".zip", Data: layer})
		}
		layer = af.Zip(t, ms...)
	}
	if err := os.WriteFile(filepath.Join(repo, "42.zip"), layer, 0o644); err != nil {
		t.Fatal(err)
	}
	fcGit(t, env, repo, "add", "42.zip")
	r := fcRun(t, env, repo, nil, bin, "scan", "--staged")
	if r.code != 2 || !strings.Contains(r.stderr, "NOT EXPANDED: 42.zip!") || !strings.Contains(r.stderr, "expanded past the bound") {
		t.Errorf("bomb: exit %d, want 2 naming the bound\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("bomb: peak RSS %d MB", r.maxRSS>>20)
	if r.maxRSS == 0 || r.maxRSS > 64<<20 {
		t.Errorf("the bomb peaked at %d MB RSS (0: never sampled), want under 64 MB", r.maxRSS>>20)
	}
}
