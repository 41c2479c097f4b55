package scan

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ListFiles lists what a files-mode scan reads: in a git work tree the
// tracked and untracked files, .gitignore honoured; and it stops at the
// first error emit returns.
func TestListFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".gitignore", "out/\n")
	write(t, dir, "out/gen.js", "x\n")
	write(t, dir, "a.go", "package a\n")
	write(t, dir, "sub/b.sh", "echo\n")
	if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	var got []string
	err := ListFiles(context.Background(), dir, nil, func(rel, abs string) error {
		if abs != filepath.Join(dir, filepath.FromSlash(rel)) {
			t.Errorf("%s: abs %s", rel, abs)
		}
		got = append(got, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	if strings.Join(got, " ") != ".gitignore a.go sub/b.sh" {
		t.Errorf("listed %v", got)
	}
	stop := errors.New("stop")
	n := 0
	err = ListFiles(context.Background(), dir, nil, func(rel, abs string) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("emit error: got %v after %d calls, want stop after 1", err, n)
	}
}
