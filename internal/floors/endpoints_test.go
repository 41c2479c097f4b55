package floors

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"
)

// TestEndpointsInTheirPackage: each endpoint the project calls is named
// by the one package that calls it (docs/design.md: revoke keeps the
// revocation endpoint, tokeninfo its lookups); ghclient knows none.
// analysis is left out: it calls nothing (no network, TestFloorsImportOnlyBelow)
// and names routes as the code it reads calls them (PyGithub's get_rate_limit).
func TestEndpointsInTheirPackage(t *testing.T) {
	homes := map[string]string{
		"credentials/revoke":        "revoke/",
		"installation/repositories": "tokeninfo/",
		"rate_limit":                "tokeninfo/",
	}
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		for _, lit := range literals(fset, f, strings.HasPrefix(rel, "cmd/")) {
			for endpoint, home := range homes {
				if strings.Contains(lit.value, endpoint) && !strings.HasPrefix(rel, home) && !strings.HasPrefix(rel, "analysis/") {
					t.Errorf("%s:%d: %q names %s, %s's endpoint", rel, lit.line, lit.value, endpoint, strings.TrimSuffix(home, "/"))
				}
			}
		}
	})
}
