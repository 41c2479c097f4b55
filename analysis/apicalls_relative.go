package analysis

import (
	"regexp"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// relativeCallRe: .get("/user"), .post(`/repos/${o}/${r}/issues`, ...)
// on a client that carries the API base (axios.create({baseURL}),
// got.extend({prefixUrl}), ky.create, Faraday.new(url: API)).
var relativeCallRe = regexp.MustCompile("^\\.(get|post|put|patch|delete|head)\\(\\s*[\"'`](/[^\"'`\\n]*)[\"'`]")

// serverReceivers define routes (app.get("/user", handler)); they do not
// call GitHub.
var serverReceivers = map[string]bool{"app": true, "router": true, "server": true, "fastify": true, "express": true, "route": true, "routes": true}

// findRelativeCalls finds calls with a path and no host, in a file that
// holds an API base: the client was made with that base. A path counts
// only if it is a documented route, so /health on another service does
// not.
func findRelativeCalls(tab *permissions.Table, s string, apiURL *regexp.Regexp) []APICall {
	if !apiURL.MatchString(s) && !strings.Contains(s, builtinBases[0]) && !strings.Contains(s, builtinBases[1]) {
		return nil
	}
	var calls []APICall
	for i := 0; ; {
		k := strings.Index(s[i:], "(")
		if k < 0 {
			return calls
		}
		open := i + k
		i = open + 1
		dot := open
		for dot > 0 && isIdentByte(s[dot-1]) {
			dot--
		}
		if dot == 0 || s[dot-1] != '.' {
			continue
		}
		m := relativeCallRe.FindStringSubmatchIndex(s[dot-1:])
		if m == nil {
			continue
		}
		recvStart := dot - 1
		for recvStart > 0 && isIdentByte(s[recvStart-1]) {
			recvStart--
		}
		recv := s[recvStart : dot-1]
		if serverReceivers[recv] || handlerFollows(s, dot-1+m[1]) {
			continue
		}
		verb := strings.ToUpper(s[dot-1+m[2] : dot-1+m[3]])
		path, _ := readCodePath(s, dot-1+m[4])
		c := restCall(tab, verb, path, Range{recvStart, dot - 1 + m[1]}, "path on a client with the API base; method from ."+strings.ToLower(verb))
		if c.Route != nil {
			calls = append(calls, c)
		}
	}
}

// handlerFollows: the argument after the path is a request handler
// (req, res) => ..., async (...) =>, function, a name and =>.
func handlerFollows(s string, after int) bool {
	rest := strings.TrimLeft(s[after:min(len(s), after+80)], " \t")
	if !strings.HasPrefix(rest, ",") {
		return false
	}
	rest = strings.TrimLeft(rest[1:], " \t\n")
	return strings.HasPrefix(rest, "async") || strings.HasPrefix(rest, "function") ||
		strings.HasPrefix(rest, "(req") || strings.HasPrefix(rest, "(request") || strings.HasPrefix(rest, "(ctx")
}

var (
	// pathOptionRe: { hostname: "api.github.com", path: "/repos/..." }.
	pathOptionRe = regexp.MustCompile("\\bpath\\s*:\\s*[\"'`]")
	// connRequestRe: conn.request("POST", "/repos/...") (http.client).
	connRequestRe = regexp.MustCompile(`\.request\(\s*["'](GET|POST|PUT|PATCH|DELETE|HEAD)["']\s*,\s*f?["']`)
)

// findHostOnlyCalls finds requests that name the API host and the path
// apart: Node's https.request({hostname: "api.github.com", path, method})
// and Python's http.client (HTTPSConnection("api.github.com") then
// conn.request("POST", "/repos/...")). A configured Enterprise host counts
// as api.github.com does, its paths under /api/v3 (ghhost.APIRoots: the
// hosts every other form takes).
func findHostOnlyCalls(tab *permissions.Table, s string, enterpriseHosts []string) []APICall {
	hosts := apiHostsQuoted(enterpriseHosts)
	if _, ok := quotedHostIn(s, hosts); !ok {
		return nil
	}
	var calls []APICall
	for _, m := range pathOptionRe.FindAllStringIndex(s, -1) {
		from := max(0, m[0]-300)
		to := min(len(s), m[1]+300)
		window := s[from:to]
		host, ok := quotedHostIn(window, hosts)
		if !ok {
			continue
		}
		path, end := readCodePath(s, m[1])
		if path, ok = apiPathOn(host, path); !ok {
			continue
		}
		method, how := "GET", "host and path options; method "+methodNotStated
		if mm := methodArgRe.FindStringSubmatch(window); mm != nil {
			method, how = strings.ToUpper(mm[1]+mm[2]), "host and path options; method from method option"
		}
		calls = append(calls, restCall(tab, method, path, Range{m[0], end}, how))
	}
	for _, m := range connRequestRe.FindAllStringSubmatchIndex(s, -1) {
		path, end := readCodePath(s, m[1])
		if p, ok := strings.CutPrefix(path, ghhost.EnterpriseAPIPath+"/"); ok && len(hosts) > 1 {
			path = "/" + p // an Enterprise host's API root
		}
		c := restCall(tab, s[m[2]:m[3]], path, Range{m[0] + 1, end}, "http.client request on the API host")
		if c.Route != nil {
			calls = append(calls, c)
		}
	}
	return calls
}

// apiHostsQuoted are the API hosts as a host option names them:
// api.github.com, then each configured Enterprise host (no scheme, no
// /api/v3).
func apiHostsQuoted(enterpriseHosts []string) []string {
	var hosts []string
	for _, root := range ghhost.APIRoots(enterpriseHosts) {
		hosts = append(hosts, strings.TrimSuffix(root, ghhost.EnterpriseAPIPath))
	}
	return hosts
}

// quotedHostIn is the first of hosts that s holds as a whole string
// literal ("api.github.com", 'ghe.example.com'), not a longer host's tail.
func quotedHostIn(s string, hosts []string) (string, bool) {
	for _, h := range hosts {
		for _, q := range []string{`"`, `'`, "`"} {
			if strings.Contains(s, q+h+q) {
				return h, true
			}
		}
	}
	return "", false
}

// apiPathOn is the API path a request to host with path makes: as written
// on api.github.com; on an Enterprise host only under /api/v3 (or its
// /api/graphql), the rest being its web pages.
func apiPathOn(host, path string) (string, bool) {
	if host == ghhost.APIHost {
		return path, true
	}
	if p, ok := strings.CutPrefix(path, ghhost.EnterpriseAPIPath+"/"); ok {
		return "/" + p, true
	}
	return path, path == "/api/graphql"
}
