package floors

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// repoRoot is the repository, from this package's directory.
const repoRoot = "../.."

// groundFloor are the homes of GitHub's facts; the other directories
// skipped are test support and generators, not the product.
var skipped = []string{"ghtoken", "ghhost", "internal/gen", "internal/fixture", "internal/testbin", "internal/demo",
	"bench", "editors", "testdata", "tokeninfo/tokeninfotest", "lsp/lsptest"}

// TestNoGitHubFactOutsideTheGroundFloor: no string literal of the
// product's Go code names a token prefix, a GitHub host or API path, the
// media type, the version header or a published API version; it asks
// ghtoken or ghhost. Generated files (*_gen.go: the versions' and
// changes' tables) are homes of their own, written by internal/gen.
// cmd/ghpat-ls's help text (flag usages and *Usage constants) may name
// them for people.
func TestNoGitHubFactOutsideTheGroundFloor(t *testing.T) {
	files := 0
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		files++
		for _, lit := range literals(fset, f, strings.HasPrefix(rel, "cmd/")) {
			if fact := gitHubFact(lit.value); fact != "" {
				t.Errorf("%s:%d: %q names %s: ask ghtoken or ghhost", rel, lit.line, ghtoken.RedactAll(lit.value), fact)
			}
		}
	})
	if files < 50 {
		t.Fatalf("only %d Go files read: the walk is broken", files)
	}
}

// eachProductFile parses every Go file of the product (not tests, not
// the skipped directories) and hands it to fn with its slash path.
func eachProductFile(t *testing.T, fn func(rel string, fset *token.FileSet, f *ast.File)) {
	t.Helper()
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || isSkipped(rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || strings.HasSuffix(rel, "_gen.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		fn(rel, fset, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isSkipped(rel string) bool {
	for _, s := range skipped {
		if rel == s || strings.HasPrefix(rel, s+"/") {
			return true
		}
	}
	return filepath.Base(rel) == "testdata"
}

type literal struct {
	value string
	line  int
}

// literals are the string literals of a file, except import paths and,
// when helpAllowed, cmd's help text (flag usages, *Usage constants and
// constants that hold a "Usage: " text).
func literals(fset *token.FileSet, f *ast.File, helpAllowed bool) []literal {
	var out []literal
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.ValueSpec:
			if helpAllowed && len(n.Names) == 1 && (strings.HasSuffix(strings.ToLower(n.Names[0].Name), "usage") || isUsageText(n.Values)) {
				return false
			}
		case *ast.CallExpr:
			if helpAllowed && isFlagDefinition(n) {
				return false
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if v, err := strconv.Unquote(n.Value); err == nil {
					out = append(out, literal{v, fset.Position(n.Pos()).Line})
				}
			}
		}
		return true
	})
	return out
}

// isUsageText: a constant whose text is a command's usage ("Usage: ...").
func isUsageText(values []ast.Expr) bool {
	if len(values) != 1 {
		return false
	}
	lit, ok := values[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	v, err := strconv.Unquote(lit.Value)
	return err == nil && strings.HasPrefix(v, "Usage: ")
}

// isFlagDefinition: fs.String(name, default, usage) and its kin.
func isFlagDefinition(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "String", "Bool", "Int", "Duration", "Var", "Func", "BoolFunc", "StringVar", "BoolVar", "IntVar", "DurationVar":
		return len(c.Args) >= 2
	}
	return false
}

// gitHubFact names the fact s spells out, or "".
func gitHubFact(s string) string {
	for _, p := range ghtoken.Prefixes() {
		if strings.Contains(s, p) {
			return "the token prefix " + p
		}
	}
	for _, h := range []string{ghhost.APIHost, ghhost.UploadsHost, ghhost.UserContentSuffix, ghhost.EnterpriseAPIPath, ghhost.MediaType} {
		if strings.Contains(s, h) {
			return h
		}
	}
	if strings.Contains(strings.ToLower(s), strings.ToLower(ghhost.APIVersionHeader)) {
		return "the header " + ghhost.APIVersionHeader
	}
	for _, v := range append(ghhost.KnownAPIVersions(), ghhost.DefaultAPIVersion) {
		if strings.Contains(s, v) {
			return "the API version " + v
		}
	}
	// github.com as a host: alone, or in a URL other than this project's
	// own address (a Go module path such as github.com/google/go-github/
	// names a library, not the host).
	if strings.HasSuffix(s, ghhost.WebHost) {
		return ghhost.WebHost
	}
	for rest := s; ; {
		i := strings.Index(rest, "://"+ghhost.WebHost)
		if i < 0 {
			return ""
		}
		rest = rest[i+len("://"+ghhost.WebHost):]
		if !strings.HasPrefix(rest, "/ghpat-ls/") {
			return ghhost.WebHost
		}
	}
}

func TestGitHubFactFinder(t *testing.T) {
	for s, want := range map[string]bool{
		"x " + ghtoken.ClassicPAT.Prefix():             true,
		"https://" + ghhost.APIHost + "/user":          true,
		"https://ghe" + ghhost.EnterpriseAPIPath:       true,
		ghhost.WebHost:                                 true,
		"https://" + ghhost.WebHost + "/ghpat-ls/x":    false,
		"https://" + ghhost.WebHost + "/settings/keys": true,
		"plain text":                     false,
		"github.com/google/go-github/":   false,
		"." + ghhost.WebHost:             true,
		"x-github-api-version":           true,
		"pin " + ghhost.LatestAPIVersion: true,
		"2024-01-01":                     false,
	} {
		if got := gitHubFact(s) != ""; got != want {
			t.Errorf("gitHubFact(%q) = %v, want %v", s, got, want)
		}
	}
}

// kindNames are ghtoken's kinds, by their Go names.
var kindNames = map[string]bool{"ClassicPAT": true, "FineGrainedPAT": true, "OAuth": true, "UserToServer": true,
	"ServerToServer": true, "StatelessInstall": true, "Refresh": true}

// TestNoSwitchOnTokenKinds: outside ghtoken, the product's code asks a
// kind's traits (ghtoken.Kind.Traits) instead of comparing it with a
// kind (a `case ghtoken.OAuth:` or `k == ghtoken.Refresh` is a second
// home of what that kind can do). Naming a kind otherwise (to generate a
// token, to map it to a rule id) is fine.
func TestNoSwitchOnTokenKinds(t *testing.T) {
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			var operands []ast.Expr
			switch n := n.(type) {
			case *ast.CaseClause:
				operands = n.List
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					operands = []ast.Expr{n.X, n.Y}
				}
			}
			for _, e := range operands {
				if sel, ok := e.(*ast.SelectorExpr); ok && kindNames[sel.Sel.Name] {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "ghtoken" {
						t.Errorf("%s:%d: compares with ghtoken.%s: ask the kind's Traits", rel, fset.Position(sel.Pos()).Line, sel.Sel.Name)
					}
				}
			}
			return true
		})
	})
}
