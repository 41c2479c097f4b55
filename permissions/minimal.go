package permissions

import (
	"sort"
	"strings"
)

// Set is the least set of permissions that covers some routes, with the
// routes that need each. Indices refer to the routes given to Minimal.
type Set struct {
	FineGrained []Grant         // sorted: repository, organization, account; then key
	FineUsers   map[Grant][]int // which routes each grant is there for
	Classic     []string        // sorted
	ClassicUses map[string][]int
}

// Minimal chooses, for every route, one of its alternatives so that the
// whole set needs as few permissions as it can: routes with one way are
// settled first, then each other route takes an alternative that is
// already covered, else the one adding the fewest new permissions at the
// lowest level (GitHub's order breaks ties). Levels collapse (write covers
// read); metadata: read stays listed when a route needs only it (GitHub
// grants it with every repository permission, so an alternative that
// needs it is free once another repository permission is there); a
// classic scope covered by a broader chosen one (repo covers public_repo)
// is dropped.
func (t *Table) Minimal(routes []*Route) Set {
	s := Set{FineUsers: map[Grant][]int{}, ClassicUses: map[string][]int{}}
	fine := map[string]Level{}
	fineChoice := choose(routes, func(r *Route) [][]Grant { return r.FineGrained },
		func(set []Grant) int { return t.grantCost(fine, set) },
		func(set []Grant) {
			for _, g := range set {
				if l, ok := fine[g.Permission]; !ok || g.Level > l {
					fine[g.Permission] = g.Level
				}
			}
		})
	for i, set := range fineChoice {
		for _, g := range set {
			final := Grant{g.Permission, fine[g.Permission]}
			s.FineUsers[final] = appendOnce(s.FineUsers[final], i)
		}
	}
	for p, l := range fine {
		s.FineGrained = append(s.FineGrained, Grant{p, l})
	}
	sort.Slice(s.FineGrained, func(i, j int) bool { return t.grantLess(s.FineGrained[i], s.FineGrained[j]) })

	scopes := map[string]bool{}
	classicChoice := choose(routes, func(r *Route) [][]string { return r.Classic },
		func(set []string) int { return scopeCost(scopes, set) },
		func(set []string) {
			for _, sc := range set {
				scopes[sc] = true
			}
		})
	for sc := range scopes {
		if coveredByOther(scopes, sc) {
			delete(scopes, sc)
		}
	}
	for i, set := range classicChoice {
		for _, sc := range set {
			s.ClassicUses[coveringScope(scopes, sc)] = appendOnce(s.ClassicUses[coveringScope(scopes, sc)], i)
		}
	}
	for sc := range scopes {
		s.Classic = append(s.Classic, sc)
	}
	sort.Strings(s.Classic)
	return s
}

// choose settles the routes with the fewest alternatives first; each
// takes its cheapest alternative given what was taken before (the first
// of equal cost: GitHub's order). It returns each route's choice.
func choose[T any](routes []*Route, alts func(*Route) [][]T, cost func([]T) int, take func([]T)) [][]T {
	idx := make([]int, len(routes))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return len(alts(routes[idx[a]])) < len(alts(routes[idx[b]])) })
	chosen := make([][]T, len(routes))
	for _, i := range idx {
		best, bestCost := -1, 0
		for k, set := range alts(routes[i]) {
			if c := cost(set); best < 0 || c < bestCost {
				best, bestCost = k, c
			}
		}
		if best >= 0 {
			chosen[i] = alts(routes[i])[best]
			take(chosen[i])
		}
	}
	return chosen
}

// grantCost: 0 when have covers set; else 10 per new permission plus the
// levels it adds, so a new read beats a new write and an upgrade beats a
// new permission.
func (t *Table) grantCost(have map[string]Level, set []Grant) int {
	cost := 0
	for _, g := range set {
		l, ok := have[g.Permission]
		switch {
		case ok && l >= g.Level:
		case g.Permission == "metadata" && t.hasRepositoryPermission(have):
		case ok:
			cost += int(g.Level - l)
		default:
			cost += 10 + int(g.Level)
		}
	}
	return cost
}

func (t *Table) hasRepositoryPermission(have map[string]Level) bool {
	for p := range have {
		if t.permissions[p].Group == "repository" && p != "metadata" {
			return true
		}
	}
	return false
}

var groupRank = map[string]int{"repository": 0, "organization": 1, "account": 2}

func (t *Table) grantLess(a, b Grant) bool {
	ga, gb := groupRank[t.permissions[a.Permission].Group], groupRank[t.permissions[b.Permission].Group]
	if ga != gb {
		return ga < gb
	}
	return a.Permission < b.Permission
}

func appendOnce(list []int, i int) []int {
	if len(list) > 0 && list[len(list)-1] == i {
		return list
	}
	return append(list, i)
}

// scopeImplies lists the classic scopes a broader one includes
// (GitHub's "Scopes for OAuth apps" page).
var scopeImplies = map[string][]string{
	"repo":                  {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"},
	"admin:org":             {"write:org", "read:org", "manage_runners:org"},
	"write:org":             {"read:org"},
	"admin:public_key":      {"write:public_key", "read:public_key"},
	"write:public_key":      {"read:public_key"},
	"admin:repo_hook":       {"write:repo_hook", "read:repo_hook"},
	"write:repo_hook":       {"read:repo_hook"},
	"admin:gpg_key":         {"write:gpg_key", "read:gpg_key"},
	"write:gpg_key":         {"read:gpg_key"},
	"admin:ssh_signing_key": {"write:ssh_signing_key", "read:ssh_signing_key"},
	"write:ssh_signing_key": {"read:ssh_signing_key"},
	"user":                  {"read:user", "user:email", "user:follow"},
	"write:packages":        {"read:packages"},
	"write:discussion":      {"read:discussion"},
	"project":               {"read:project"},
	"admin:enterprise":      {"manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"},
	"codespace":             {"codespace:secrets"},
}

// ScopeCovers reports whether a token with scope has want too.
func ScopeCovers(scope, want string) bool {
	if scope == want {
		return true
	}
	for _, s := range scopeImplies[scope] {
		if ScopeCovers(s, want) {
			return true
		}
	}
	return false
}

func scopeCost(have map[string]bool, set []string) int {
	cost := 0
	for _, want := range set {
		if coveringScope(have, want) == "" {
			cost++
		}
	}
	return cost
}

// coveringScope is the scope in have that covers want ("" if none),
// preferring want itself.
func coveringScope(have map[string]bool, want string) string {
	if have[want] {
		return want
	}
	var keys []string
	for s := range have {
		keys = append(keys, s)
	}
	sort.Strings(keys)
	for _, s := range keys {
		if ScopeCovers(s, want) {
			return s
		}
	}
	return ""
}

func coveredByOther(have map[string]bool, sc string) bool {
	for s := range have {
		if s != sc && ScopeCovers(s, sc) {
			return true
		}
	}
	return false
}

// Query is the URL query a token page takes for the set
// ("issues=write&contents=read"), in the set's order.
func (s Set) Query() string {
	var parts []string
	for _, g := range s.FineGrained {
		parts = append(parts, g.Permission+"="+g.Level.String())
	}
	return strings.Join(parts, "&")
}
