package filelist

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// isolateGit keeps the user's and system git configuration out of the tests.
func isolateGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
}

func gitRepo(t *testing.T) string {
	t.Helper()
	isolateGit(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	return dir
}

// plainDir is a directory in no git work tree: it is walked.
func plainDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, dir, name string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, dir, name string) {
	t.Helper()
	if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// listing is what List visited, as "rel kind" lines and "rel: problem".
type listing struct {
	files, problems []string
	stats           Stats
}

var kindNames = map[Kind]string{Regular: "file", Encoded: "encoded", Link: "link", Submodule: "submodule"}

func list(t *testing.T, dir string, opts Options) listing {
	t.Helper()
	var l listing
	rel := func(abs string) string { r, _ := filepath.Rel(dir, abs); return filepath.ToSlash(r) }
	st, err := List(t.Context(), dir, opts, Visitor{
		File: func(f File) error {
			l.files = append(l.files, rel(f.Abs)+" "+kindNames[f.Kind])
			return nil
		},
		Problem: func(abs string, err error) error {
			l.problems = append(l.problems, rel(abs)+": "+err.Error())
			return nil
		},
	})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	sort.Strings(l.files)
	sort.Strings(l.problems)
	l.stats = st
	return l
}

func want(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Links are listed as themselves, wherever they point; what .gitignore
// leaves out is counted, and listed with NoIgnore.
func TestGitListingLinksAndIgnored(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, ".gitignore", ".env\nbuild/\n")
	write(t, dir, ".env", "secret\n")
	write(t, dir, "build/a.js", "x\n")
	write(t, dir, "build/b.js", "x\n")
	write(t, dir, "src/a.go", "package a\n")
	symlink(t, "src/a.go", dir, "to-file")
	symlink(t, "..", dir, "up")
	symlink(t, "/proc/self/pagemap", dir, "pagemap")
	symlink(t, "/dev/zero", dir, "zero")
	l := list(t, dir, Options{CountIgnored: true})
	want(t, "listed", l.files, ".gitignore file", "pagemap link", "src/a.go file", "to-file link", "up link", "zero link")
	want(t, "problems", l.problems)
	if l.stats.Ignored != 3 {
		t.Errorf("ignored %d, want 3 (.env, build/a.js, build/b.js)", l.stats.Ignored)
	}
	if l = list(t, dir, Options{}); l.stats.Ignored != 0 {
		t.Errorf("ignored %d counted without CountIgnored", l.stats.Ignored)
	}
	l = list(t, dir, Options{NoIgnore: true, CountIgnored: true})
	want(t, "listed with NoIgnore", l.files, ".env file", ".gitignore file", "build/a.js file", "build/b.js file",
		"pagemap link", "src/a.go file", "to-file link", "up link", "zero link")
	if l.stats.Ignored != 0 {
		t.Errorf("ignored %d with NoIgnore", l.stats.Ignored)
	}
}

// A walk lists links as themselves too, and a FIFO is a problem named by
// its path: the listing goes on past it.
func TestWalkLinksAndFIFO(t *testing.T) {
	dir := plainDir(t)
	write(t, dir, "a.txt", "a\n")
	write(t, dir, "z/last.txt", "z\n")
	write(t, dir, ".git/config", "x\n")
	symlink(t, "..", dir, "up")
	symlink(t, "/proc/self/pagemap", dir, "pagemap")
	mkfifo(t, dir, "m-pipe")
	l := list(t, dir, Options{})
	want(t, "listed", l.files, "a.txt file", "pagemap link", "up link", "z/last.txt file")
	want(t, "problems", l.problems, "m-pipe: is a FIFO, not a file")
}

// A tracked file that became a FIFO is named; the files after it are
// still listed. (git itself does not list an untracked FIFO.)
func TestGitListingTrackedFileNowAFIFO(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "a.txt", "a\n")
	write(t, dir, "b-pipe", "b\n")
	write(t, dir, "c.txt", "c\n")
	git(t, dir, "add", "-A")
	os.Remove(filepath.Join(dir, "b-pipe"))
	mkfifo(t, dir, "b-pipe")
	l := list(t, dir, Options{})
	want(t, "listed", l.files, "a.txt file", "c.txt file")
	want(t, "problems", l.problems, "b-pipe: is a FIFO, not a file")
}

func lock(t *testing.T, dir string) {
	t.Helper()
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if _, err := os.ReadDir(dir); err == nil {
		t.Skip("running with privileges that read any directory (root)")
	}
}

// An unreadable directory is named and the listing goes on, walked or
// listed by git (which only warns about it).
func TestUnreadableDirectoryIsNamedAndListingGoesOn(t *testing.T) {
	for name, dir := range map[string]string{"walk": plainDir(t), "git": gitRepo(t)} {
		write(t, dir, "a.txt", "a\n")
		write(t, dir, "locked/secret.txt", "s\n")
		write(t, dir, "z.txt", "z\n")
		lock(t, filepath.Join(dir, "locked"))
		l := list(t, dir, Options{})
		want(t, name+" listed", l.files, "a.txt file", "z.txt file")
		if len(l.problems) != 1 || !strings.HasPrefix(l.problems[0], "locked") || !strings.Contains(l.problems[0], "permission denied") {
			t.Errorf("%s problems %q, want locked/ named", name, l.problems)
		}
		if l.stats.Problems != 1 {
			t.Errorf("%s: %d problems counted", name, l.stats.Problems)
		}
	}
}

// A Visitor's error stops the listing and is returned.
func TestVisitorErrorStops(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "a.txt", "a\n")
	write(t, dir, "b.txt", "b\n")
	stop := errors.New("stop")
	n := 0
	_, err := List(t.Context(), dir, Options{}, Visitor{File: func(File) error { n++; return stop }})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("got %v after %d files, want stop after 1", err, n)
	}
}

// ReadListed reads what the scanner reads: a link's text, never its
// target; a regular file swapped for a link or a FIFO is refused without
// following or waiting.
func TestReadListed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", "hello\n")
	symlink(t, "/proc/self/pagemap", dir, "pagemap")
	mkfifo(t, dir, "pipe")
	got, err := ReadListed(t.Context(), File{Abs: filepath.Join(dir, "a.txt")}, 0)
	if err != nil || string(got) != "hello\n" {
		t.Errorf("regular: %q %v", got, err)
	}
	got, err = ReadListed(t.Context(), File{Abs: filepath.Join(dir, "pagemap"), Kind: Link}, 0)
	if err != nil || string(got) != "/proc/self/pagemap" {
		t.Errorf("link: %q %v", got, err)
	}
	var nf *NotFileError
	for _, name := range []string{"pagemap", "pipe"} { // listed as regular, found otherwise
		if _, err := ReadListed(t.Context(), File{Abs: filepath.Join(dir, name)}, 0); !errors.As(err, &nf) {
			t.Errorf("%s read as a regular file: %v", name, err)
		}
	}
	var big *TooLargeError
	if _, err := ReadListed(t.Context(), File{Abs: filepath.Join(dir, "a.txt")}, 3); !errors.As(err, &big) || big.Size != 6 {
		t.Errorf("over the limit: %v", err)
	}
}

// Within refuses what a listing would not reach: outside the folder,
// through a link, inside .git, a FIFO; a link itself is a Link.
func TestWithin(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "ws")
	write(t, parent, "outside.txt", "o\n")
	write(t, root, "a.txt", "a\n")
	write(t, root, ".git/config", "c\n")
	symlink(t, "..", root, "up")
	symlink(t, "/proc/self/pagemap", root, "pagemap")
	mkfifo(t, root, "pipe")
	f, err := Within(root, filepath.Join(root, "a.txt"))
	if err != nil || f.Kind != Regular {
		t.Errorf("a.txt: %+v %v", f, err)
	}
	if f, err := Within(root, filepath.Join(root, "pagemap")); err != nil || f.Kind != Link {
		t.Errorf("pagemap: %+v %v, want a Link", f, err)
	}
	for _, p := range []string{
		filepath.Join(parent, "outside.txt"),
		filepath.Join(root, "..", "outside.txt"),
		filepath.Join(root, "up", "outside.txt"),
		filepath.Join(root, ".git", "config"),
		filepath.Join(root, "pipe"),
		root,
		"relative.txt",
	} {
		if f, err := Within(root, p); err == nil {
			t.Errorf("%s: %+v, want refused", p, f)
		}
	}
	if _, err := Within(root, filepath.Join(root, "gone.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want ErrNotExist", err)
	}
}

// A file a sparse checkout keeps out of the work tree goes to
// Visitor.Sparse with its blob id, or is counted when there is none.
func TestSparseCheckoutFilesAreHandedOverOrCounted(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "a/x.txt", "x\n")
	write(t, dir, "b/y.txt", "y\n")
	git(t, dir, "add", "-A")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one")
	git(t, dir, "sparse-checkout", "set", "a")
	if _, err := os.Stat(filepath.Join(dir, "b", "y.txt")); err == nil {
		t.Skip("this git does not apply sparse-checkout set")
	}
	if l := list(t, dir, Options{}); l.stats.IndexOnly != 1 || strings.Join(l.files, ",") != "a/x.txt file" {
		t.Errorf("without Sparse: %+v", l)
	}
	var got []IndexBlob
	_, err := List(t.Context(), dir, Options{}, Visitor{File: func(File) error { return nil }, Sparse: func(repo string, blobs []IndexBlob) error {
		got = append(got, blobs...)
		return nil
	}})
	if err != nil || len(got) != 1 || got[0].Abs != filepath.Join(dir, "b", "y.txt") || len(got[0].OID) < 40 {
		t.Errorf("Sparse got %+v, %v", got, err)
	}
}

// An Encoded file is read in the form git commits (UTF-8 here), as the
// scanner reads it; bytes git cannot convert are read as they are.
func TestReadListedEncodedIsTheCommittedForm(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, ".gitattributes", "*.txt working-tree-encoding=UTF-16LE\n")
	utf16 := []byte{}
	for _, c := range "token here\n" {
		utf16 = append(utf16, byte(c), 0)
	}
	write(t, dir, "wide.txt", string(utf16))
	l := list(t, dir, Options{})
	want(t, "listed", l.files, ".gitattributes file", "wide.txt encoded")
	got, err := ReadListed(t.Context(), File{Abs: filepath.Join(dir, "wide.txt"), Kind: Encoded}, 0)
	if err != nil || string(got) != "token here\n" {
		t.Errorf("committed form %q, %v", got, err)
	}
	write(t, dir, "odd.txt", "abc") // an odd number of bytes is no UTF-16
	got, err = ReadListed(t.Context(), File{Abs: filepath.Join(dir, "odd.txt"), Kind: Encoded}, 0)
	if err != nil || string(got) != "abc" {
		t.Errorf("unconvertible %q, %v", got, err)
	}
}

// A folder opened through a link is listed (walked or by git) with its
// files named under the link, not as one link.
func TestFolderThroughALink(t *testing.T) {
	for name, dir := range map[string]string{"walk": plainDir(t), "git": gitRepo(t)} {
		write(t, dir, "a.txt", "a\n")
		link := filepath.Join(t.TempDir(), "link")
		if err := os.Symlink(dir, link); err != nil {
			t.Fatal(err)
		}
		var got []string
		_, err := List(t.Context(), link, Options{}, Visitor{File: func(f File) error {
			got = append(got, f.Abs)
			return nil
		}})
		if err != nil || len(got) != 1 || got[0] != filepath.Join(link, "a.txt") {
			t.Errorf("%s: %v %v", name, got, err)
		}
	}
}
