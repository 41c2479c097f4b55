package apiversions_test

import (
	"testing"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// TestTableFacts holds what GitHub's list says for 2026-03-10 and checks
// every listed route is one the route table knows (same templates).
func TestTableFacts(t *testing.T) {
	all := apiversions.Changes()
	if len(all) != 26 {
		t.Fatalf("%d changes in 2026-03-10, GitHub lists 26", len(all))
	}
	tab := permissions.Default()
	unknown := 0
	for _, c := range all {
		if c.Version != "2026-03-10" || c.ID == "" || len(c.Routes) == 0 {
			t.Errorf("%+v", c)
		}
		for _, r := range c.Routes {
			if r.Method == "*" {
				continue
			}
			if route, ok := tab.Match(r.Method, r.Path); !ok || route.Path != r.Path {
				unknown++
				t.Logf("%s: %s %s is not in permissions/routes.tsv", c.ID, r.Method, r.Path)
			}
		}
	}
	if unknown > 10 {
		t.Errorf("%d listed routes unknown to the route table: templates differ?", unknown)
	}
	byID := map[string]*apiversions.Change{}
	for _, c := range all {
		byID[c.ID] = c
	}
	if c := byID["assignee"]; c.Properties[0].Replacement != "assignees" || !c.Touches("GET", "/repos/{owner}/{repo}/issues/{issue_number}") {
		t.Errorf("assignee: %+v", c)
	}
	if c := byID["workflow-dispatch-200"]; c.OldStatus != 204 || c.NewStatus != 200 || c.Parameters[0].Name != "return_run_details" {
		t.Errorf("dispatch: %+v", c)
	}
	if c := byID["hub-endpoint"]; !c.Touches("POST", "/hub") {
		t.Errorf("/hub: %+v", c)
	}
	if got := apiversions.ForRoute("GET", "/rate_limit"); len(got) != 1 || got[0].Properties[0].Replacement != "resources.core" {
		t.Errorf("rate_limit: %+v", got)
	}
	if apiversions.SupportedUntil("2022-11-28") != "2028-03-10" || apiversions.SupportedUntil(apiversions.Latest()) != "" {
		t.Errorf("support window: %q", apiversions.SupportedUntil("2022-11-28"))
	}
	if apiversions.Latest() != "2026-03-10" || !apiversions.Known("2022-11-28") {
		t.Error(apiversions.Versions())
	}
}
