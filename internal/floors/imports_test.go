package floors

import (
	"go/ast"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/ghpat-ls/ghpat-ls/"

// projectDeps lists the project packages pkg imports, directly or not
// (tests left out), sorted.
func projectDeps(t *testing.T, pkg string) []string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	cmd := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}", module+pkg)
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	var deps []string
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, module) && p != module+pkg {
			deps = append(deps, strings.TrimPrefix(p, module))
		}
	}
	slices.Sort(deps)
	return deps
}

// TestFloorsImportOnlyBelow: GitHub's facts sit on the ground floor and
// import nothing of the project (ghhost only ghtoken's scrubber); the
// floor that talks to GitHub (ghclient) and the data packages stand on it
// alone; revoke imports neither analysis nor tokeninfo; analysis has no
// LSP, no files, no network (docs/design.md, "The ground floor").
func TestFloorsImportOnlyBelow(t *testing.T) {
	ground := []string{"ghtoken", "ghhost"}
	for pkg, allowed := range map[string][]string{
		"ghtoken":     nil,
		"ghhost":      {"ghtoken"},
		"ghclient":    ground,
		"apiversions": ground,
		"permissions": ground,
		"revoke":      append([]string{"ghclient"}, ground...),
		"analysis":    append([]string{"apiversions", "permissions"}, ground...),
		// How git is run and its errors read, and the report formats'
		// registry, serve scan, filelist and cmd from below them.
		"internal/gitcmd": {"ghtoken"},
		"internal/report": nil,
		// The listing sits below every front door that reads a workspace.
		"filelist": {"ghtoken", "internal/gitcmd"},
	} {
		for _, d := range projectDeps(t, pkg) {
			if !slices.Contains(allowed, d) {
				t.Errorf("%s imports %s (it may import only %v)", pkg, d, allowed)
			}
		}
	}
	// The server reaches the listing without the scanner.
	if slices.Contains(projectDeps(t, "lsp"), "scan") {
		t.Errorf("lsp imports scan: the workspace listing is filelist's")
	}
}

// TestOneHTTPClient: only ghclient makes an HTTP client or transport; the
// packages that talk to GitHub take theirs from ghclient.New (https only,
// no redirect, capped bodies).
func TestOneHTTPClient(t *testing.T) {
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		if strings.HasPrefix(rel, "ghclient/") {
			return
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if sel, ok := lit.Type.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Client" || sel.Sel.Name == "Transport") {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "http" {
					t.Errorf("%s:%d: makes an http.%s: take it from ghclient.New", rel, fset.Position(lit.Pos()).Line, sel.Sel.Name)
				}
			}
			return true
		})
	})
}
