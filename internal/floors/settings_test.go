package floors

import (
	"go/ast"
	"go/token"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/lsp"
)

// TestSettingNamesInTheSchema: a setting's name is read in one place,
// the server's schema (lsp/settings.go); no other Go code of the product
// decodes a setting by a name of its own. Text may name a setting for
// people ("set ghpat.enterpriseHost"); a literal that is a name is a key.
// The editors' copies are checked against the schema by lsp's and the
// extension's tests.
func TestSettingNamesInTheSchema(t *testing.T) {
	names := map[string]bool{}
	for _, st := range lsp.Schema() {
		names[st.Key], names["ghpat."+st.Key] = true, true
	}
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		if rel == "lsp/settings.go" {
			return
		}
		for _, lit := range literals(fset, f, false) {
			if names[lit.value] {
				t.Errorf("%s:%d: %q is a setting's name: read it through lsp/settings.go's schema", rel, lit.line, lit.value)
			}
		}
	})
}
