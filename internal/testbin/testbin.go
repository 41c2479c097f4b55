// Package testbin is the tests' one way to get the real ghpat-ls binary:
// built from this checkout with the go command, as a user builds it, once
// per test process. For tests only.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// pkg is what is built: the command, by import path, so any package of
// the module can build it whatever its directory.
const pkg = "github.com/ghpat-ls/ghpat-ls/cmd/ghpat-ls"

var (
	once sync.Once
	dir  string // holds only the shared binary (tests put it on PATH)
	path string
	err  error
)

// Path returns the shared binary, building it on the first call. Call
// Main from the package's TestMain so that it is removed at the end.
func Path(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		dir, err = os.MkdirTemp("", "ghpat-ls-test-bin")
		if err == nil {
			path = filepath.Join(dir, "ghpat-ls")
			err = build(path)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// Build builds a binary of its own into a temporary directory of t, with
// extra go build flags (for example -ldflags to stamp a version).
func Build(t testing.TB, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ghpat-ls")
	if err := build(bin, flags...); err != nil {
		t.Fatal(err)
	}
	return bin
}

func build(out string, flags ...string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		// go test puts GOROOT/bin on PATH; be safe where it did not.
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	args := append(append([]string{"build"}, flags...), "-o", out, pkg)
	if b, err := exec.Command(goBin, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// Main runs the tests and removes the shared binary; use it as TestMain:
//
//	func TestMain(m *testing.M) { testbin.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if dir != "" {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}
