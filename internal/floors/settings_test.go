package floors

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// schemaFile is the home of the settings' names (docs/design.md).
const schemaFile = "lsp/settings.go"

// TestSettingNamesInTheSchema: a setting's name is read in one place,
// the server's schema; no other Go code of the product decodes a setting
// by a name of its own. Text may name a setting for people ("set
// ghpat.enterpriseHost"); a literal that is a name is a key. The editors'
// copies are checked against the schema by lsp's tests
// (TestVSCodeContributionsMatchTheSchema).
func TestSettingNamesInTheSchema(t *testing.T) {
	names := schemaKeys(t)
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		if rel == schemaFile {
			return
		}
		for _, lit := range literals(fset, f, false) {
			if names[lit.value] {
				t.Errorf("%s:%d: %q is a setting's name: read it through %s's schema", rel, lit.line, lit.value, schemaFile)
			}
		}
	})
}

// schemaKeys are the names the schema declares (its Key: "..." fields),
// each also as "ghpat.<name>". Read from the source, so the test needs
// nothing of lsp's API.
func schemaKeys(t *testing.T) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(repoRoot, schemaFile), nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Key" {
			if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil {
					names[v], names["ghpat."+v] = true, true
				}
			}
		}
		return true
	})
	if len(names) < 20 {
		t.Fatalf("%s declares %d setting names: has the schema moved?", schemaFile, len(names)/2)
	}
	return names
}
