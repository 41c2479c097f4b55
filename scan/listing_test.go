package scan

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Files .gitignore leaves out are counted in the summary, and NoIgnore
// scans them: a token in an ignored .env is not "no findings".
func TestGitignoredFilesAreCountedAndNoIgnoreScansThem(t *testing.T) {
	dir := gitRepo(t)
	t1 := tok(ghtoken.ClassicPAT, 71)
	write(t, dir, ".gitignore", ".env\nlogs/\n")
	write(t, dir, ".env", "GITHUB_TOKEN="+t1+"\n")
	write(t, dir, "logs/a.log", "a\n")
	write(t, dir, "logs/b.log", "b\n")
	write(t, dir, "app.py", "x = 1\n")
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep)
	if rep.Summary.Skipped.Gitignore != 3 {
		t.Errorf("summary.skipped.gitignore = %d, want 3", rep.Summary.Skipped.Gitignore)
	}
	var b strings.Builder
	if err := WriteText(&b, rep, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "; 3 files ignored by .gitignore: scan them with --no-ignore") {
		t.Errorf("text summary does not count them:\n%s", b.String())
	}
	rep = run(t, Options{Dir: dir, NoIgnore: true})
	wantWhere(t, rep, ".env:1:14 github-pat error")
	if rep.Summary.Skipped.Gitignore != 0 || rep.Summary.Files != 5 {
		t.Errorf("--no-ignore summary %+v", rep.Summary)
	}
	noFullToken(t, rep, t1)
}

// A link is scanned as its own text wherever it points (.., a device,
// /proc), and every path a listing cannot read is named, not just the
// first: the listing goes on.
func TestLinksAreTextAndEveryUnreadablePathIsNamed(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	t1 := tok(ghtoken.ClassicPAT, 72)
	write(t, dir, "a.py", "x = 1\n")
	write(t, filepath.Dir(dir), "outside.py", "y = \""+t1+"\"\n")
	for name, target := range map[string]string{"up": "..", "pagemap": "/proc/self/pagemap", "zero": "/dev/zero", "to-a": "a.py"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep)
	if want := int64(len("x = 1\n..") + len("/proc/self/pagemap") + len("/dev/zero") + len("a.py")); rep.Summary.Bytes != want || rep.Summary.Files != 5 {
		t.Errorf("read %d bytes in %d files, want %d in 5: links followed?", rep.Summary.Bytes, rep.Summary.Files, want)
	}
	for _, name := range []string{"m-pipe", "n-pipe"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	_, err := Run(t.Context(), Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "m-pipe is a FIFO") || !strings.Contains(err.Error(), "n-pipe is a FIFO") {
		t.Errorf("err = %v, want both FIFOs named", err)
	}
}
