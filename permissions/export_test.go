package permissions

import "sort"

// Routes lists every route, sorted by path then method (for the tests).
func (t *Table) Routes() []*Route {
	out := make([]*Route, 0, len(t.routes))
	for _, r := range t.routes {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// OctokitMethods and GoGitHubMethods list the method names (for the tests).
func (t *Table) OctokitMethods() []string { return sortedKeys(t.octokit) }

func (t *Table) GoGitHubMethods() []string { return sortedKeys(t.goGitHub) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
