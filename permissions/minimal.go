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
// whole set needs as few permissions as it can (see choose: an
// alternative already needed is preferred, else the one serving the most
// routes, then the fewest new permissions at the lowest level, then
// GitHub's order). Levels collapse (write covers
// read); metadata: read stays listed when a route needs only it (GitHub
// grants it with every repository permission, so an alternative that
// needs it is free once another repository permission is there); a
// classic scope covered by a broader chosen one (repo covers public_repo)
// is dropped.
func (t *Table) Minimal(routes []*Route) Set {
	s := Set{FineUsers: map[Grant][]int{}, ClassicUses: map[string][]int{}}
	fine := map[string]Level{}
	fineChoice := choose(routes, func(r *Route) [][]Grant { return r.FineGrained },
		func(set []Grant) int { return t.grantCost(fine, set) }, grantsCover,
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
		func(set []string) int { return scopeCost(scopes, set) }, scopesCover,
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

// choose picks one alternative per route. Routes with one way are
// settled first. Then, as long as routes are left: each one that an
// alternative of its own already covers takes it (the first such, in
// GitHub's order); of the others' alternatives, the one that would cover
// the most of them (then the cheapest, then the first) is taken. This is
// the greedy set cover: adding labels (issues or pull_requests: write)
// and reading a pull request (contents or pull_requests: read) need
// pull_requests: write alone. cost is what an alternative adds to what was
// taken (0: covered); covers says whether have alone satisfies want.
func choose[T any](routes []*Route, alts func(*Route) [][]T, cost func([]T) int, covers func(have, want []T) bool, take func([]T)) [][]T {
	chosen := make([][]T, len(routes))
	var pending []int
	for i, r := range routes {
		switch a := alts(r); len(a) {
		case 0:
		case 1:
			chosen[i] = a[0]
			take(a[0])
		default:
			pending = append(pending, i)
		}
	}
	// satisfied: the first alternative covered by what was taken plus extra.
	satisfied := func(a [][]T, extra []T) int {
		for k, alt := range a {
			var rest []T
			for _, item := range alt {
				if extra == nil || !covers(extra, []T{item}) {
					rest = append(rest, item)
				}
			}
			if cost(rest) == 0 {
				return k
			}
		}
		return -1
	}
	// A route is often called many times: the greedy works on the
	// distinct pending routes, each weighing as often as it is pending,
	// so it costs what the distinct routes cost, not the calls (issue 18:
	// 8,000 calls of two routes took seconds). The choices are the same.
	var distinct []*Route // in the order they are first pending
	members := map[*Route][]int{}
	for _, i := range pending {
		r := routes[i]
		if len(members[r]) == 0 {
			distinct = append(distinct, r)
		}
		members[r] = append(members[r], i)
	}
	for len(distinct) > 0 {
		left := distinct[:0]
		for _, r := range distinct {
			if k := satisfied(alts(r), nil); k >= 0 {
				for _, i := range members[r] {
					chosen[i] = alts(r)[k]
				}
			} else {
				left = append(left, r)
			}
		}
		if distinct = left; len(distinct) == 0 {
			break
		}
		var best []T
		bestScore, found := 0, false
		for _, r := range distinct {
			for _, cand := range alts(r) {
				n := 0
				for _, q := range distinct {
					if satisfied(alts(q), cand) >= 0 {
						n += len(members[q])
					}
				}
				if score := n*1000 - cost(cand); !found || score > bestScore {
					best, bestScore, found = cand, score, true
				}
			}
		}
		take(best)
	}
	return chosen
}

// grantsCover: every wanted grant is in have at its level or higher.
func grantsCover(have, want []Grant) bool {
	for _, w := range want {
		ok := false
		for _, h := range have {
			ok = ok || (h.Permission == w.Permission && h.Level >= w.Level)
		}
		if !ok {
			return false
		}
	}
	return true
}

// scopesCover: every wanted scope is in have or implied by one there.
func scopesCover(have, want []string) bool {
	for _, w := range want {
		ok := false
		for _, h := range have {
			ok = ok || ScopeCovers(h, w)
		}
		if !ok {
			return false
		}
	}
	return true
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
