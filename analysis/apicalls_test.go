package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// The hand-kept tables (gh subcommands, Octokit.rb methods) name routes
// exactly as the generated table spells them: a typo would turn a call
// into "not a documented route".
func TestClientTablesPointAtRoutes(t *testing.T) {
	tab := permissions.Default()
	for what, table := range map[string]map[string]string{"gh": ghSubcommands, "Octokit.rb": octokitRbMethods} {
		for name, route := range table {
			method, path, _ := strings.Cut(route, " ")
			r, ok := tab.Match(method, path)
			if !ok || r.Path != path {
				t.Errorf("%s %s: %s is not a route in the table (matched %v)", what, name, route, r)
			}
		}
	}
}
