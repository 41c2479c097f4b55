package analysis

import (
	"regexp"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// ghSubcommands maps the gh commands that do one API operation to its
// REST route. gh itself often sends the GraphQL equivalent; the
// permission it needs is the same.
var ghSubcommands = map[string]string{
	"issue create": "POST /repos/{owner}/{repo}/issues", "issue comment": "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
	"issue close": "PATCH /repos/{owner}/{repo}/issues/{issue_number}", "issue reopen": "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
	"issue edit": "PATCH /repos/{owner}/{repo}/issues/{issue_number}", "issue list": "GET /repos/{owner}/{repo}/issues",
	"issue view": "GET /repos/{owner}/{repo}/issues/{issue_number}", "issue delete": "DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock",
	"pr create": "POST /repos/{owner}/{repo}/pulls", "pr merge": "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge",
	"pr comment": "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "pr review": "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
	"pr close": "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", "pr reopen": "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
	"pr edit": "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", "pr list": "GET /repos/{owner}/{repo}/pulls",
	"pr view": "GET /repos/{owner}/{repo}/pulls/{pull_number}", "pr diff": "GET /repos/{owner}/{repo}/pulls/{pull_number}",
	"pr checks":      "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
	"release create": "POST /repos/{owner}/{repo}/releases", "release upload": "POST /repos/{owner}/{repo}/releases/{release_id}/assets",
	"release delete": "DELETE /repos/{owner}/{repo}/releases/{release_id}", "release edit": "PATCH /repos/{owner}/{repo}/releases/{release_id}",
	"release list": "GET /repos/{owner}/{repo}/releases", "release view": "GET /repos/{owner}/{repo}/releases/tags/{tag}",
	"release download": "GET /repos/{owner}/{repo}/releases/tags/{tag}",
	"repo create":      "POST /user/repos", "repo view": "GET /repos/{owner}/{repo}", "repo fork": "POST /repos/{owner}/{repo}/forks",
	"repo delete": "DELETE /repos/{owner}/{repo}", "repo edit": "PATCH /repos/{owner}/{repo}", "repo list": "GET /user/repos",
	"label create": "POST /repos/{owner}/{repo}/labels", "label list": "GET /repos/{owner}/{repo}/labels",
	"label delete": "DELETE /repos/{owner}/{repo}/labels/{name}",
	"workflow run": "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", "workflow list": "GET /repos/{owner}/{repo}/actions/workflows",
	"run list": "GET /repos/{owner}/{repo}/actions/runs", "run view": "GET /repos/{owner}/{repo}/actions/runs/{run_id}",
	"run rerun": "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun", "run cancel": "POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel",
	"run download": "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
	"secret set":   "PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}", "secret list": "GET /repos/{owner}/{repo}/actions/secrets",
	"secret delete": "DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}",
	"variable set":  "POST /repos/{owner}/{repo}/actions/variables", "variable list": "GET /repos/{owner}/{repo}/actions/variables",
	"gist create": "POST /gists", "cache list": "GET /repos/{owner}/{repo}/actions/caches",
	"cache delete": "DELETE /repos/{owner}/{repo}/actions/caches/{cache_id}",
}

// ghRe reads gh and its subcommand, at a command position found by
// ghStarts: also as the first element of an argument list
// (exec.Command("gh", "api", ...), ["gh", "pr", "merge"]).
var ghRe = regexp.MustCompile(`^gh["']?(?:\s*,\s*|\s+)["']?([a-z]+)\b`)

// ghStarts lists where "gh" starts a command: at a line start or after a
// blank, ; & | ( ` $ [ or a quote.
func ghStarts(s string) []int {
	var out []int
	for i := 0; ; {
		k := strings.Index(s[i:], "gh")
		if k < 0 {
			return out
		}
		at := i + k
		i = at + 2
		if at > 0 && !strings.ContainsRune(" \t\n\r;&|(`$[\"'", rune(s[at-1])) {
			continue
		}
		out = append(out, at)
	}
}

// ghRouteRe is what a gh api route looks like: a path (repos/{owner}/x,
// /user) or one word that names a route (user, graphql, rate_limit).
var ghRouteRe = regexp.MustCompile(`^/?[A-Za-z0-9_{}:.-]+(/[A-Za-z0-9_{}:.@%+-]*)*$`)

// ghValueFlags are the gh api flags that take a value.
var ghValueFlags = map[string]bool{"-H": true, "--header": true, "-q": true, "--jq": true, "-t": true, "--template": true,
	"--hostname": true, "--cache": true, "-p": true, "--preview": true}

func findGhCalls(tab *permissions.Table, t *codeText) []APICall {
	s := t.s
	var calls []APICall
	for _, at := range ghStarts(s) {
		m := ghRe.FindStringSubmatchIndex(s[at:])
		if m == nil {
			continue
		}
		for k := range m {
			m[k] += at
		}
		start := at
		_, le := t.logicalLine(m[2])
		le = min(le, m[2]+maxGhLine)
		args := ghArgs(s[m[2]:le])
		if len(args) == 0 {
			continue
		}
		r := Range{start, m[3]}
		if args[0] == "api" {
			if c, ok := ghAPICall(tab, args[1:], r); ok {
				calls = append(calls, c)
			}
			continue
		}
		if len(args) < 2 {
			continue
		}
		name := args[0] + " " + args[1]
		r.End = m[3] + strings.Index(s[m[3]:le], args[1]) + len(args[1])
		if c, ok := namedCall(tab, ghSubcommands, name, r, "gh "+name); ok {
			calls = append(calls, c)
		}
	}
	return calls
}

// ghArgs splits a gh command line (shell words or a quoted argument list)
// up to where the command ends (a pipe, ;, &, >, a comment, or the
// bracket that closes the argument list), reading at most maxGhArgs words.
func ghArgs(line string) []string {
	var out []string
	for n, f := range ghFields(line) {
		if n == maxGhArgs || strings.ContainsAny(f[:1], "|;&)>#]}") || f == "\\" {
			break
		}
		arg := strings.TrimRight(f, ")]};")
		closed := len(arg) < len(f)
		if arg = strings.Trim(arg, `"'`+"`"); arg != "" {
			out = append(out, arg)
		}
		if closed {
			break
		}
	}
	return out
}

// ghFields yields the words of line as strings.FieldsFunc would split
// them (on blanks and commas), one at a time: ghArgs stops at the
// command's end and the rest of a long line is never split.
func ghFields(line string) func(yield func(int, string) bool) {
	sep := func(c byte) bool { return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n' }
	return func(yield func(int, string) bool) {
		n := 0
		for i := 0; i < len(line); {
			for i < len(line) && sep(line[i]) {
				i++
			}
			j := i
			for j < len(line) && !sep(line[j]) {
				j++
			}
			if j > i {
				if !yield(n, line[i:j]) {
					return
				}
				n++
			}
			i = j
		}
	}
}

// ghAPICall reads `gh api [flags] route`: -X/--method sets the method,
// -f/-F/--field/--raw-field/--input make it POST by default.
func ghAPICall(tab *permissions.Table, args []string, r Range) (APICall, bool) {
	method, explicit, route := ghAPIArgs(args)
	route = ghhost.TrimAPIRoot(route)
	route, _ = readCodePath(route, 0) // $REPO, $(...) are values
	route, _, _ = strings.Cut(route, "?")
	if route == "" || !httpVerbs[method] || !ghRouteRe.MatchString(route) {
		return APICall{}, false
	}
	how := "gh api"
	if route == "graphql" {
		return APICall{Method: "POST", Path: "/graphql", GraphQL: true, Range: r, How: how + " graphql"}, true
	}
	if explicit {
		how += " -X " + method
	} else if method == "POST" {
		how += " (fields imply POST)"
	}
	c := restCall(tab, method, route, r, how)
	if c.Route == nil && !strings.Contains(strings.Trim(route, "/"), "/") {
		return APICall{}, false // "gh api flags" in prose, not a route
	}
	return c, true
}

// ghAPIArgs reads gh api's flags: the method, whether it was given, and
// the route (the first word that is not a flag or a flag's value).
func ghAPIArgs(args []string) (method string, explicit bool, route string) {
	method = "GET"
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "-X" || a == "--method") && i+1 < len(args):
			method, explicit = strings.ToUpper(args[i+1]), true
			i++
		case strings.HasPrefix(a, "--method="):
			method, explicit = strings.ToUpper(a[len("--method="):]), true
		case strings.HasPrefix(a, "-X") && len(a) > 2:
			method, explicit = strings.ToUpper(a[2:]), true
		case a == "-f" || a == "-F" || a == "--field" || a == "--raw-field" || a == "--input":
			if !explicit {
				method = "POST"
			}
			i++
		case ghValueFlags[a]:
			i++
		case strings.HasPrefix(a, "-"):
		case route == "":
			route = a
		}
	}
	return method, explicit, route
}
