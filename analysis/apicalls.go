package analysis

import (
	"regexp"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// APICall is one call to GitHub's API found in a text. Route is the
// documented REST operation it maps to; it is nil for GraphQL (which
// makes no permission claim here) and for a REST path the route table
// does not know, whose Path is then kept as written, values as {}.
type APICall struct {
	Method  string
	Path    string
	Route   *permissions.Route
	GraphQL bool
	Range   Range
	How     string // how it was recognised: "URL; method from curl -d"
}

// FindAPICalls lists the GitHub API calls in text, by position: API URLs
// (api.github.com, a configured Enterprise host's /api/v3, or a base
// constant that holds one; enterpriseHosts as Config.EnterpriseHosts) with the method of the call around them, paths on a client
// made with such a base, gh commands, octokit.js, Octokit.rb, PyGithub
// and go-github methods. Web URLs
// (https://github.com/o/r/issues) are not API calls.
func FindAPICalls(lang Lang, text []byte, enterpriseHosts []string) []APICall {
	if onFindAPICalls != nil {
		onFindAPICalls()
	}
	// The finders split lines at '\n': with the one line model's breaks
	// spelled so, a call is on the line scan and the editor show.
	s := newlineBreaks(text)
	t := newCodeText(lang, s)
	apiURL := apiURLRegexp(enterpriseHosts)
	tab := permissions.Default()
	var calls []APICall
	if lang == LangRuby {
		// Before the relative paths: at the same place, Octokit.rb is
		// the better name.
		calls = append(calls, findOctokitRbCalls(tab, s)...)
		calls = append(calls, findOctokitRbNamed(tab, s)...)
	}
	if lang == LangPython {
		calls = append(calls, findPyGithubCalls(tab, s)...)
	}
	calls = append(calls, findURLCalls(tab, t, apiURL)...)
	calls = append(calls, findRelativeCalls(tab, s, apiURL)...)
	calls = append(calls, findHostOnlyCalls(tab, s, enterpriseHosts)...)
	calls = append(calls, findGhCalls(tab, t)...)
	if lang == LangGo {
		calls = append(calls, findGoGitHubCalls(tab, s)...)
	} else {
		calls = append(calls, findOctokitCalls(tab, s)...)
	}
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Range.Start < calls[j].Range.Start })
	out := calls[:0]
	for i, c := range calls {
		if i > 0 && c.Range.Start == calls[i-1].Range.Start {
			continue
		}
		if lang == LangJSON && !c.methodStated() {
			// JSON is data: an API answer's "url" fields, a recorded
			// exchange, a setting. A URL in it is a call only where a
			// command states one (a package.json script's curl).
			continue
		}
		out = append(out, c)
	}
	return out
}

// onFindAPICalls, when set (by a test), is called on each FindAPICalls:
// how many times one Analyze reads its text for calls.
var onFindAPICalls func()

// restCall makes the call for method and a path as written, matched
// against the route table. A "{}" may stand for owner/repo together
// ("/repos/" + fullName + "/pulls", $GITHUB_REPOSITORY), so each is also
// tried as two segments; the route with the most literal segments wins
// (/repos/{}/pulls is the pulls list, not a repository named "pulls").
func restCall(tab *permissions.Table, method, path string, r Range, how string) APICall {
	path = cleanCodePath(path)
	if path == "/graphql" || path == "/api/graphql" {
		return APICall{Method: "POST", Path: "/graphql", GraphQL: true, Range: r, How: how}
	}
	c := APICall{Method: method, Path: path, Range: r, How: how}
	best, bestLiterals := (*permissions.Route)(nil), -1
	try := func(p string) {
		if route, ok := tab.Match(method, p); ok && literalSegments(route.Path) > bestLiterals {
			best, bestLiterals = route, literalSegments(route.Path)
		}
	}
	try(path)
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if seg == "{}" {
			try(strings.Join(append(append(append([]string{}, segs[:i]...), "{}", "{}"), segs[i+1:]...), "/"))
		}
	}
	if best != nil {
		c.Route, c.Path = best, best.Path
	}
	return c
}

// namedCall is the call a client library's named method (or a gh
// subcommand) makes: routes maps the name to "METHOD /path".
func namedCall(tab *permissions.Table, routes map[string]string, name string, r Range, how string) (APICall, bool) {
	route, ok := routes[name]
	if !ok {
		return APICall{}, false
	}
	method, path, _ := strings.Cut(route, " ")
	return restCall(tab, method, path, r, how), true
}

func literalSegments(template string) int {
	n := 0
	for _, seg := range strings.Split(template, "/") {
		if seg != "" && !strings.Contains(seg, "{") {
			n++
		}
	}
	return n
}

var (
	multiSlash   = regexp.MustCompile(`//+`)
	placeholders = regexp.MustCompile(`\{[^{}/]*\}|:[a-z_]+`)
)

// cleanCodePath: leading slash, no query or fragment, values as {}.
func cleanCodePath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = placeholders.ReplaceAllString(p, "{}")
	p = multiSlash.ReplaceAllString("/"+p, "/")
	if len(p) > 1 {
		// No route ends in punctuation: it ends the sentence around a URL.
		p = strings.TrimRight(p, "/.:!")
	}
	return p
}

// lineSpan returns the bounds of the line holding offset i, in a text
// whose lines end in '\n' (FindAPICalls reads newlineBreaks).
func lineSpan(s string, i int) (start, end int) {
	start = strings.LastIndexByte(s[:i], '\n') + 1
	end = strings.IndexByte(s[i:], '\n')
	if end < 0 {
		return start, len(s)
	}
	return start, i + end
}

func continued(upTo string) bool {
	t := strings.TrimRight(upTo, " \t\r")
	return strings.HasSuffix(t, "\\") || strings.HasSuffix(t, "`")
}
