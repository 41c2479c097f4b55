package analysis

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

var (
	// octokitMethodRe: octokit.rest.issues.create, octokit.issues.create,
	// github.rest.issues.addLabels (actions/github-script),
	// context.octokit.pulls.get (Probot).
	octokitMethodRe  = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)\.(rest\.)?([a-z][A-Za-z0-9]*)\.([a-z][A-Za-z0-9]*)\b`)
	octokitRequestRe = regexp.MustCompile("\\b([A-Za-z_$][\\w$]*)\\.(?:rest\\.)?(request|paginate(?:\\.iterator)?)\\(\\s*[\"'`]((?:[A-Z]+ )?/[^\"'`]*)[\"'`]")
	octokitGraphQLRe = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)\.graphql\s*[(.` + "`" + `]`)
	goGitHubRe       = regexp.MustCompile(`\b[A-Za-z_]\w*\.([A-Z][A-Za-z]*)\.([A-Z][A-Za-z0-9]*)\(`)
	octokitRbRe      = regexp.MustCompile(`(?i)\b(\w*(?:octokit|client|github)\w*)\.(get|post|put|patch|delete|head|paginate)\(?\s*["'](/[^"']*)["']`)
)

// isOctokitReceiver: a name that holds an octokit.js client. Other
// objects with issues.create methods are not GitHub.
func isOctokitReceiver(name string, rest bool) bool {
	return rest || name == "github" || strings.Contains(strings.ToLower(name), "octokit")
}

func findOctokitCalls(tab *permissions.Table, s string) []APICall {
	var calls []APICall
	for _, m := range octokitMethodRe.FindAllStringSubmatchIndex(s, -1) {
		recv, rest := s[m[2]:m[3]], m[4] >= 0
		if !isOctokitReceiver(recv, rest) {
			continue
		}
		name := s[m[6]:m[7]] + "." + s[m[8]:m[9]]
		if r, ok := tab.Octokit(name); ok {
			calls = append(calls, APICall{Method: r.Method, Path: r.Path, Route: r, Range: Range{m[0], m[1]}, How: "octokit.js " + name})
		}
	}
	for _, m := range octokitRequestRe.FindAllStringSubmatchIndex(s, -1) {
		route := s[m[6]:m[7]]
		method, path, hasVerb := strings.Cut(route, " ")
		if !hasVerb {
			method, path = "GET", route
		}
		if !hasVerb && !isOctokitReceiver(s[m[2]:m[3]], false) {
			continue
		}
		how := "octokit.js " + s[m[4]:m[5]] + "(\"" + method + " ...\")"
		calls = append(calls, restCall(tab, method, path, Range{m[0], m[1]}, how))
	}
	for _, m := range octokitGraphQLRe.FindAllStringSubmatchIndex(s, -1) {
		if isOctokitReceiver(s[m[2]:m[3]], false) {
			calls = append(calls, APICall{Method: "POST", Path: "/graphql", GraphQL: true, Range: Range{m[0], m[1]}, How: "octokit.js graphql"})
		}
	}
	return calls
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
