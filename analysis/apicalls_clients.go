package analysis

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

var (
	// octokitMethodRe: octokit.rest.issues.create, octokit.issues.create,
	// github.rest.issues.addLabels (actions/github-script),
	// context.octokit.pulls.get (Probot).
	octokitMethodRe  = regexp.MustCompile(`^([A-Za-z_$][\w$]*)\.(rest\.)?([a-z][A-Za-z0-9]*)\.([a-z][A-Za-z0-9]*)\b`)
	octokitRequestRe = regexp.MustCompile("^([A-Za-z_$][\\w$]*)\\.(?:rest\\.)?(request|paginate(?:\\.iterator)?)\\(\\s*[\"'`]((?:[A-Z]+ )?/[^\"'`]*)[\"'`]")
	octokitGraphQLRe = regexp.MustCompile(`^([A-Za-z_$][\w$]*)\.graphql\s*[(.` + "`" + `]`)
	goGitHubRe       = regexp.MustCompile(`\b[A-Za-z_]\w*\.([A-Z][A-Za-z]*)\.([A-Z][A-Za-z0-9]*)\(`)
	octokitRbRe      = regexp.MustCompile(`(?i)\b(\w*(?:octokit|client|github)\w*)\.(get|post|put|patch|delete|head|paginate)\(?\s*["'](/[^"']*)["']`)
)

// isOctokitReceiver: a name that holds an octokit.js client. Other
// objects with issues.create methods are not GitHub.
func isOctokitReceiver(name string, rest bool) bool {
	return rest || name == "github" || strings.Contains(strings.ToLower(name), "octokit")
}

// octokitReceivers lists where a name that may hold an octokit.js
// client starts: before ".rest.", ".request(", ".paginate(",
// ".graphql" and the names "octokit" and "github". The regular
// expressions then run anchored there (unanchored, they are slow).
func octokitReceivers(s string) []int {
	seen := map[int]bool{}
	var out []int
	add := func(dot int) {
		j := dot
		for j > 0 && (isIdentByte(s[j-1]) || s[j-1] == '$') {
			j--
		}
		if j < dot && !seen[j] {
			seen[j] = true
			out = append(out, j)
		}
	}
	for _, marker := range []string{".rest.", ".request(", ".paginate", ".graphql", "octokit.", "Octokit.", "github."} {
		for i := 0; ; {
			k := strings.Index(s[i:], marker)
			if k < 0 {
				break
			}
			dot := i + k + strings.IndexByte(marker, '.')
			add(dot)
			i += k + len(marker)
		}
	}
	sort.Ints(out)
	return out
}

func findOctokitCalls(tab *permissions.Table, s string) []APICall {
	var calls []APICall
	for _, at := range octokitReceivers(s) {
		if c, ok := octokitCallAt(tab, s, at); ok {
			calls = append(calls, c)
		}
	}
	return calls
}

// octokitCallAt reads an octokit.js call whose receiver starts at at.
func octokitCallAt(tab *permissions.Table, s string, at int) (APICall, bool) {
	rest := s[at:]
	if m := octokitRequestRe.FindStringSubmatchIndex(rest); m != nil {
		route := rest[m[6]:m[7]]
		method, path, hasVerb := strings.Cut(route, " ")
		if !hasVerb {
			method, path = "GET", route
		}
		if !hasVerb && !isOctokitReceiver(rest[m[2]:m[3]], false) {
			return APICall{}, false
		}
		how := "octokit.js " + rest[m[4]:m[5]] + "(\"" + method + " ...\")"
		return restCall(tab, method, path, Range{at, at + m[1]}, how), true
	}
	if m := octokitGraphQLRe.FindStringSubmatchIndex(rest); m != nil && isOctokitReceiver(rest[m[2]:m[3]], false) {
		return APICall{Method: "POST", Path: "/graphql", GraphQL: true, Range: Range{at, at + m[1]}, How: "octokit.js graphql"}, true
	}
	m := octokitMethodRe.FindStringSubmatchIndex(rest)
	if m == nil || !isOctokitReceiver(rest[m[2]:m[3]], m[4] >= 0) {
		return APICall{}, false
	}
	name := rest[m[6]:m[7]] + "." + rest[m[8]:m[9]]
	r, ok := tab.Octokit(name)
	if !ok {
		return APICall{}, false
	}
	return APICall{Method: r.Method, Path: r.Path, Route: r, Range: Range{at, at + m[1]}, How: "octokit.js " + name}, true
}

// findGoGitHubCalls finds client.<Service>.<Method>( in Go files that
// import go-github. A method that picks one of several routes by its
// arguments (Issues.List: /issues or /user/issues) counts as the first.
func findGoGitHubCalls(tab *permissions.Table, s string) []APICall {
	if !strings.Contains(s, "github.com/google/go-github/") {
		return nil
	}
	var calls []APICall
	for _, m := range goGitHubRe.FindAllStringSubmatchIndex(s, -1) {
		name := s[m[2]:m[3]] + "." + s[m[4]:m[5]]
		routes := tab.GoGitHub(name)
		if len(routes) == 0 {
			continue
		}
		how := "go-github " + name
		if len(routes) > 1 {
			how += " (first of its " + strconv.Itoa(len(routes)) + " routes)"
		}
		r := routes[0]
		calls = append(calls, APICall{Method: r.Method, Path: r.Path, Route: r, Range: Range{m[0], m[1] - 1}, How: how})
	}
	return calls
}

// findOctokitRbCalls finds Octokit.rb's path calls: client.get("/user"),
// client.post("/repos/o/r/issues", ...).
func findOctokitRbCalls(tab *permissions.Table, s string) []APICall {
	var calls []APICall
	for _, m := range octokitRbRe.FindAllStringSubmatchIndex(s, -1) {
		verb := strings.ToUpper(s[m[4]:m[5]])
		if verb == "PAGINATE" {
			verb = "GET"
		}
		path, _ := readCodePath(s, m[6])
		c := restCall(tab, verb, path, Range{m[0], m[1]}, "Octokit.rb "+s[m[2]:m[3]]+"."+strings.ToLower(s[m[4]:m[5]]))
		if c.Route != nil || c.GraphQL {
			calls = append(calls, c)
		}
	}
	return calls
}
