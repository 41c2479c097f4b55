package scan

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Regression: --staged named files to `git cat-file --batch` one a line,
// so a staged file whose name holds a newline was silently left out and
// the commit passed with its token.
func TestStagedScansNamesWithNewlines(t *testing.T) {
	dir := gitRepo(t)
	a, b, c := tok(ghtoken.ClassicPAT, 41), tok(ghtoken.FineGrainedPAT, 42), tok(ghtoken.OAuth, 43)
	write(t, dir, "new\nline.py", "x = \""+a+"\"\n")
	write(t, dir, "cr\rname.py", "\ny = \""+b+"\"\n")
	write(t, dir, "plain.py", "z = \""+c+"\"\n")
	git(t, dir, "add", "-A")
	rep := run(t, Options{Dir: dir, Staged: true})
	wantWhere(t, rep,
		"cr\rname.py:2:6 github-fine-grained-pat error",
		"new\nline.py:1:6 github-pat error",
		"plain.py:1:6 github-oauth error",
	)
	noFullToken(t, rep, a, b, c)

	// A rename reports the new path; a first commit has no HEAD to diff.
	git(t, dir, "commit", "-q", "-m", "one")
	git(t, dir, "mv", "plain.py", "moved.py")
	write(t, dir, "moved.py", "z = \""+c+"\"\n# more\n")
	git(t, dir, "add", "-A")
	rep = run(t, Options{Dir: dir, Staged: true})
	wantWhere(t, rep, "moved.py:1:6 github-oauth error")
}

// Regression: a directory that could not be read was skipped in silence,
// so `scan DIR` passed (exit 0) without looking at the files inside.
func TestUnreadableDirectoryIsAnError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "locked/a.py", "x = \""+tok(ghtoken.ClassicPAT, 44)+"\"\n")
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("running with privileges that read any directory (root)")
	}
	if rep, err := Run(t.Context(), Options{Dir: dir}); err == nil {
		t.Fatalf("scan of an unreadable directory succeeded: %q", where(rep))
	}
}

// Regression: in a git work tree a tracked file that could not be stat'ed
// counted as deleted and was skipped in silence.
func TestUnreadableTrackedFileIsAnError(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "locked/a.py", "x = \""+tok(ghtoken.ClassicPAT, 45)+"\"\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "one")
	// A tracked file whose directory is now a plain file is simply gone,
	// not an error.
	write(t, dir, "gone/b.py", "x = 1\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "two")
	os.RemoveAll(filepath.Join(dir, "gone"))
	write(t, dir, "gone", "now a file\n")
	if _, err := Run(t.Context(), Options{Dir: dir}); err != nil {
		t.Fatalf("a tracked file whose directory became a file: %v", err)
	}
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("running with privileges that read any directory (root)")
	}
	if rep, err := Run(t.Context(), Options{Dir: dir}); err == nil {
		t.Fatalf("scan with an unreadable tracked file succeeded: %q", where(rep))
	}
}

// Regression: the text report printed file names raw, so a name with a
// newline or an escape sequence could forge report lines or drive the
// terminal of whoever reads the CI log.
func TestTextReportQuotesControlCharactersInPaths(t *testing.T) {
	dir := t.TempDir()
	a := tok(ghtoken.ClassicPAT, 46)
	name := "evil\x1b[2J\nsrc/ok.go:1:1: github-pat [error]: forged.py"
	write(t, dir, name, "x = \""+a+"\"\n")
	rep := run(t, Options{Dir: dir})
	var b strings.Builder
	if err := WriteText(&b, rep, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Three lines (finding, blank, summary) before the fixed advice block.
	if strings.ContainsAny(out, "\x1b") || strings.Count(strings.TrimSuffix(out, leakAdvice(rep)), "\n") != 3 {
		t.Errorf("text report:\n%q", out)
	}
	if !strings.HasPrefix(out, strconv.Quote(name)+":1:6: github-pat [error]") {
		t.Errorf("text report does not quote the name:\n%q", out)
	}
	noFullToken(t, rep, a)
}

// The --diff error named "git -c" (the first argument) instead of what
// failed; the revision is now resolved before git diff runs.
func TestDiffBadRevisionNamesGitDiff(t *testing.T) {
	dir := gitRepo(t)
	_, err := Run(t.Context(), Options{Dir: dir, DiffRev: "no-such-rev"})
	if err == nil || !strings.Contains(err.Error(), `"no-such-rev" does not name one revision`) || strings.Contains(err.Error(), "git -c") {
		t.Errorf("error %v; want one saying no-such-rev names no revision", err)
	}
	// The library names the option, not a flag: the command line words it.
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Option != OptionDiff || strings.Contains(err.Error(), "--") {
		t.Errorf("error %v; want an OptionError of OptionDiff without a flag", err)
	}
}

// Regression: in a git work tree, `git ls-files` only warns about an
// untracked directory it cannot read (say data/ written by a container as
// root); the warning was dropped and the scan passed.
func TestUnreadableUntrackedDirectoryInGitIsAnError(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "r.txt", "hello\n")
	write(t, dir, "data/a.py", "x = \""+tok(ghtoken.ClassicPAT, 47)+"\"\n")
	data := filepath.Join(dir, "data")
	if err := os.Chmod(data, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(data, 0o755) })
	if _, err := os.ReadDir(data); err == nil {
		t.Skip("running with privileges that read any directory (root)")
	}
	if rep, err := Run(t.Context(), Options{Dir: dir}); err == nil {
		t.Fatalf("scan with an unreadable untracked directory succeeded: %q", where(rep))
	}
}
