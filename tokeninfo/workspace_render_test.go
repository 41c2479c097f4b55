package tokeninfo

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// TestWorkspaceMarkdownWhileIndexing: the hover never waits for the index;
// it says the list is not complete yet, and the diagnostic's scopes are
// only the broad ones nothing uses.
func TestWorkspaceMarkdownWhileIndexing(t *testing.T) {
	r := Result{State: Accepted, Kind: ghtoken.ClassicPAT, ScopesKnown: true,
		Scopes: []string{"repo", "admin:org", "delete_repo", "gist", "workflow"}}
	tab := permissions.Default()
	route, ok := tab.Match("GET", "/repos/o/r/contents/README.md")
	if !ok {
		t.Fatal("no route for a contents read")
	}
	n := WorkspaceNeeds{Indexing: true, Set: tab.Minimal([]*permissions.Route{route}), Table: tab, FineGrainedLink: "https://github.com/x"}
	md := WorkspaceMarkdown(r, n)
	for _, w := range []string{"_indexing… (so far)_", "Contents: read", "Not needed here: `admin:org`, `delete_repo`, `gist`, `workflow`"} {
		if !strings.Contains(md, w) {
			t.Errorf("hover lacks %q:\n%s", w, md)
		}
	}
	if got := strings.Join(UnusedBroadScopes(r, n), ","); got != "admin:org,delete_repo,workflow" {
		t.Errorf("unused broad scopes %q", got)
	}
	r.Kind, r.ScopesKnown, r.Scopes = ghtoken.FineGrainedPAT, false, nil
	if got := UnusedBroadScopes(r, n); got != nil {
		t.Errorf("fine-grained token: unused scopes %v", got)
	}
}
