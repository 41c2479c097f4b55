package floors

import (
	"go/ast"
	"go/token"
	"testing"
)

var severityNames = map[string]bool{"SeverityError": true, "SeverityWarning": true, "SeverityInformation": true, "SeverityHint": true}

// TestSeverityFromTheRegistry: a finder takes its finding's severity from
// the rule registry (analysis.DefaultSeverity), never a constant of its
// own; the one exception is the hint of a token whose checksum fails
// (analysis/tokens.go). Comparing with a severity is fine.
func TestSeverityFromTheRegistry(t *testing.T) {
	exceptions := 0
	eachProductFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		if rel == "analysis/rules.go" || rel == "analysis/types.go" {
			return // the registry and the severities themselves
		}
		check := func(v ast.Expr) {
			name := ""
			switch v := v.(type) {
			case *ast.Ident:
				name = v.Name
			case *ast.SelectorExpr:
				name = v.Sel.Name
			}
			if !severityNames[name] {
				return
			}
			if rel == "analysis/tokens.go" && name == "SeverityHint" {
				exceptions++
				return
			}
			t.Errorf("%s:%d: a finding gets %s: take it from analysis.DefaultSeverity", rel, fset.Position(v.Pos()).Line, name)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Severity" {
					check(n.Value)
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "Severity" && i < len(n.Rhs) {
						check(n.Rhs[i])
					}
				}
			}
			return true
		})
	})
	if exceptions != 1 {
		t.Errorf("%d placeholder hints in analysis/tokens.go, want the one documented exception", exceptions)
	}
}
