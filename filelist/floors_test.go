package filelist

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/ghpat-ls/ghpat-ls/"

// projectDeps lists the project packages pkg imports, directly or not
// (tests left out).
func projectDeps(t *testing.T, pkg string) []string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}", module+pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	var deps []string
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, module) && p != module+pkg {
			deps = append(deps, strings.TrimPrefix(p, module))
		}
	}
	return deps
}

// The listing sits below every front door that reads a workspace: it
// imports only the ground floor and the one way to run git, and the
// server reaches it without the scanner (docs/design.md).
func TestFloors(t *testing.T) {
	if deps := projectDeps(t, "filelist"); strings.Join(deps, " ") != "ghtoken internal/gitcmd" {
		t.Errorf("filelist imports %v, want ghtoken and internal/gitcmd only", deps)
	}
	for _, d := range projectDeps(t, "lsp") {
		if d == "scan" {
			t.Errorf("lsp imports scan: the workspace listing is filelist's")
		}
	}
}
