package analysis

import (
	"regexp"
	"strings"
	"sync"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// apiURLRegexps caches the compiled ghhost.APIURLPattern per list of
// configured Enterprise hosts: a scan has one list, a server one per
// settings change. Past maxAPIURLRegexps lists, a pattern is compiled
// for each use rather than kept.
var apiURLRegexps = struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}{m: map[string]*regexp.Regexp{}}

const maxAPIURLRegexps = 16

// apiURLRegexp matches the start of a REST or GraphQL URL: github.com's
// API hosts, or a configured Enterprise host's (ghhost.APIURLPattern, the
// roots the header lints read too).
func apiURLRegexp(enterpriseHosts []string) *regexp.Regexp {
	key := strings.Join(enterpriseHosts, "\x00")
	apiURLRegexps.Lock()
	defer apiURLRegexps.Unlock()
	if re, ok := apiURLRegexps.m[key]; ok {
		return re
	}
	re := regexp.MustCompile(ghhost.APIURLPattern(enterpriseHosts))
	if len(apiURLRegexps.m) < maxAPIURLRegexps {
		apiURLRegexps.m[key] = re
	}
	return re
}

var (
	// constPrefixRe: a line that assigns to a name, before a base URL
	// (NAME = ", const NAME := ", self.api = ", api: , API=${X:-, API =
	// process.env.GITHUB_API_URL || ", API = os.getenv("X", ").
	constPrefixRe = regexp.MustCompile(`^\s*(?:(?:export|const|let|var|local|readonly|final|static|private|public|protected|String|val|def)\s+)*\$?(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)["']?\s*(?::\s*[A-Za-z]\w*\s*=|:=|=|:)(?:$|[^=])`)
)

// builtinBases are references to the API base that the platform sets:
// GitHub Actions' GITHUB_API_URL and ${{ github.api_url }}.
var builtinBases = []string{"GITHUB_API_URL", "github.api_url"}

// findURLCalls finds API URLs written out and URLs built on a base
// constant, each with the method of the call around it. A URL with no
// path is a base (a constant's value, a setting), not a call.
func findURLCalls(tab *permissions.Table, t *codeText, apiURL *regexp.Regexp) []APICall {
	s := t.s
	var calls []APICall
	names := append([]string(nil), builtinBases...)
	for _, m := range apiURL.FindAllStringIndex(s, -1) {
		if m[1] < len(s) && isHostByte(s[m[1]]) && !strings.HasSuffix(s[m[0]:m[1]], "/graphql") {
			continue // api.github.com.evil.example
		}
		path, end := readCodePath(s, m[1])
		if end < len(s) && strings.ContainsRune(`"'`, rune(s[end])) {
			if more, mend, ok := concatPath(s, end+1, true); ok {
				path, end = path+more, mend
			}
		}
		if strings.HasSuffix(s[m[0]:m[1]], "/graphql") {
			path = "/graphql"
		}
		if strings.Trim(path, "/") == "" {
			if name, ok := t.constBefore(m[0]); ok {
				names = append(names, name)
			}
			continue
		}
		calls = append(calls, urlCall(tab, t, m[0], end, path, "URL"))
	}
	seen := map[string]bool{}
	for len(names) > 0 && len(seen) < 50 {
		name := names[0]
		names = names[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		found, aliases := findBaseRefs(tab, t, name)
		calls = append(calls, found...)
		names = append(names, aliases...)
	}
	return calls
}

// nameNear reports whether name stands as a word on the line of the
// format string at at, within maxAssignPrefix bytes of it.
func (t *codeText) nameNear(at int, name string) bool {
	ls, le := t.line(at)
	from, to := max(ls, at-maxAssignPrefix), min(le, at+maxAssignPrefix)
	for _, k := range wordIndexes(t.s[from:to], name) {
		// A word cut by the window's edge is not the name.
		if p := from + k; (p == ls || !isIdentByte(t.s[p-1])) && (p+len(name) == le || !isIdentByte(t.s[p+len(name)])) {
			return true
		}
	}
	return false
}

func isHostByte(c byte) bool { return isIdentByte(c) || c == '.' || c == '-' }

// findBaseRefs finds paths built on the base constant name: inside a
// template or interpolated string (${API}/repos, {API}/repos,
// #{API}/repos, $API/repos), concatenated (API + "/repos/" + o), or as
// the first value of a format string ("%s/repos/%s" with API).
//
// aliases are the names assigned the base as it is (API_URL =
// "${GITHUB_API_URL}", api = os.environ["GITHUB_API_URL"]): they are
// bases too.
func findBaseRefs(tab *permissions.Table, t *codeText, name string) (calls []APICall, aliases []string) {
	s := t.s
	how := "URL on base " + name
	for _, at := range wordIndexes(s, name) {
		start, end := refBounds(s, at, at+len(name))
		if end < len(s) && s[end] == '/' {
			path, pend := readCodePath(s, end)
			calls = append(calls, urlCall(tab, t, start, pend, path, how))
			continue
		}
		if path, pend, ok := concatPath(s, skipCloser(s, end), false); ok {
			calls = append(calls, urlCall(tab, t, start, pend, path, how))
			continue
		}
		if alias, ok := t.aliasOf(start, end); ok && alias != name {
			aliases = append(aliases, alias)
		}
	}
	calls = append(calls, formatRefs(tab, t, name, how)...)
	return calls, aliases
}

// aliasOf: the reference at [start, end) is the whole value of an
// assignment (or its first choice: X || "default", getenv("X", "d")).
func (t *codeText) aliasOf(start, end int) (string, bool) {
	name, ok := t.constBefore(start)
	if !ok {
		return "", false
	}
	_, le := t.line(start)
	rest := strings.TrimLeft(t.s[end:le], `"')]}; `+"\t\r")
	for _, more := range []string{"", "||", "??", "or ", ",", ":-", "#", "//"} {
		if more == "" && rest == "" || more != "" && strings.HasPrefix(rest, more) {
			return name, true
		}
	}
	return "", false
}

// constBefore is the name the line holding i assigns to, when the
// assignment is all that comes before i on its line (constPrefixRe), at
// most maxAssignPrefix bytes.
func (t *codeText) constBefore(i int) (string, bool) {
	ls, _ := t.line(i)
	if i-ls > maxAssignPrefix {
		return "", false
	}
	if m := constPrefixRe.FindStringSubmatch(t.s[ls:i]); m != nil {
		return m[1], true
	}
	return "", false
}

// wordIndexes lists where word occurs in s as a whole word.
func wordIndexes(s, word string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], word)
		if j < 0 {
			return out
		}
		at := i + j
		end := at + len(word)
		if (at == 0 || !isIdentByte(s[at-1])) && (end == len(s) || !isIdentByte(s[end])) {
			out = append(out, at)
		}
		i = end
	}
}

// refBounds widens a reference to the constant at [at, end) over its
// receiver (self.api, this.base, process.env.X) and the interpolation
// around it: ${API}, {API}, #{API}, $(API), $API, ${{ github.api_url }}.
func refBounds(s string, at, end int) (int, int) {
	for at > 0 && s[at-1] == '.' {
		j := at - 1
		for j > 0 && isIdentByte(s[j-1]) {
			j--
		}
		if j == at-1 {
			break
		}
		at = j
	}
	start := at
	for _, open := range []string{"${{ ", "${{", "${", "#{", "$(", "{", "$"} {
		if strings.HasSuffix(s[:at], open) {
			start = at - len(open)
			break
		}
	}
	if start == at {
		return start, end
	}
	rest := s[end:]
	for _, closer := range []string{" }}", "}}", "}", ")"} {
		if strings.HasPrefix(rest, closer) {
			return start, end + len(closer)
		}
	}
	return start, end
}

// skipCloser steps over what closes a lookup of the constant
// (process.env.X, os.environ["X"], ENV['X']).
func skipCloser(s string, i int) int {
	for i < len(s) && strings.ContainsRune(`"']) `, rune(s[i])) {
		i++
	}
	return i
}

// formatStrRe is a format string whose first value is the base:
// "%s/repos/%s" (Go, Python %), "{}/repos/{}" and "{0}/repos" (format).
var formatStrRe = regexp.MustCompile(`^["'` + "`" + `](?:%s|%v|\{\}|\{0\})(/[^"'` + "`" + `\s]*)["'` + "`" + `]`)

func formatRefs(tab *permissions.Table, t *codeText, name, how string) []APICall {
	s := t.s
	var calls []APICall
	for _, lead := range []string{"%s/", "%v/", "{}/", "{0}/"} {
		for i := 0; ; {
			j := strings.Index(s[i:], lead)
			if j < 0 {
				break
			}
			at := i + j - 1
			i += j + len(lead)
			if at < 0 {
				continue
			}
			m := formatStrRe.FindStringSubmatchIndex(s[at:min(len(s), at+maxCodePath)])
			if m == nil {
				continue
			}
			if !t.nameNear(at, name) {
				continue
			}
			path := formatVerbs.ReplaceAllString(s[at+m[2]:at+m[3]], "{}")
			calls = append(calls, urlCall(tab, t, at, at+m[1], path, how+" (format string)"))
		}
	}
	return calls
}

var formatVerbs = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|\{[0-9]*\}`)

// concatPath reads `+ "/repos/" + owner + "/pulls"` after i: string
// pieces are kept, expressions become {}. Unless cont (the URL so far
// ends in a path), ok is false unless the first piece is a string
// starting with "/".
func concatPath(s string, i int, cont bool) (path string, end int, ok bool) {
	s = s[:min(len(s), i+maxCodePath)]
	var b strings.Builder
	started := cont
	for {
		j := skipSpace(s, i)
		if j >= len(s) || (s[j] != '+' && !strings.HasPrefix(s[j:], "..")) {
			break
		}
		j = skipSpace(s, j+1+boolInt(s[j] == '.'))
		if j+1 < len(s) && strings.ContainsRune("fFrRbBuU", rune(s[j])) && strings.ContainsRune(`"'`, rune(s[j+1])) {
			j++ // Python's f"...", r'...'
		}
		if j < len(s) && strings.ContainsRune(`"'`+"`", rune(s[j])) {
			piece, pend := readCodePath(s, j+1)
			if !started && !strings.HasPrefix(piece, "/") {
				return "", 0, false
			}
			started = true
			b.WriteString(piece)
			i = min(pend+1, len(s))
			continue
		}
		if !started {
			return "", 0, false
		}
		k := j
		for k < len(s) && !strings.ContainsRune("+,;)\n", rune(s[k])) {
			k++
		}
		b.WriteString("{}")
		i = k
	}
	return b.String(), i, b.Len() > 0
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// readCodePath reads a URL path as code writes it, from i to the end of
// the string (at most maxCodePath bytes): interpolations (${x}, #{x},
// {x}, $(x), $x) and format verbs become {}. end is where it stopped.
func readCodePath(s string, i int) (path string, end int) {
	s = s[:min(len(s), i+maxCodePath)]
	var b strings.Builder
	for i < len(s) {
		c := s[i]
		switch {
		case strings.HasPrefix(s[i:], "${") || strings.HasPrefix(s[i:], "#{") || c == '{':
			i = pastClosing(s, strings.IndexByte(s[i:], '{')+i, '{', '}')
			b.WriteString("{}")
		case strings.HasPrefix(s[i:], "$("):
			i = pastClosing(s, i+1, '(', ')')
			b.WriteString("{}")
		case c == '$' || c == '%':
			i++
			for i < len(s) && isIdentByte(s[i]) {
				i++
			}
			b.WriteString("{}")
		case strings.ContainsRune(" \t\r\n\"'`<>),;\\|]}", rune(c)):
			return b.String(), i
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), i
}

// pastClosing returns the index after the bracket that closes the one
// at open (or len(s) when the line ends first).
func pastClosing(s string, open int, l, r byte) int {
	return pastClosingWithin(s, open, l, r, len(s))
}

// urlCall finds the method of the URL at [start, end) and makes the call.
// When nothing states the method and GET is not a route there, the one
// method the route does have is taken (prose: "POST to
// https://api.github.com/credentials/revoke").
func urlCall(tab *permissions.Table, t *codeText, start, end int, path, how string) APICall {
	method, from := methodAround(t, start, end)
	c := restCall(tab, method, path, Range{start, end}, how+"; method "+from)
	if c.Route != nil || c.GraphQL || from != methodNotStated {
		return c
	}
	var only APICall
	found := 0
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		if alt := restCall(tab, m, path, c.Range, how+"; "+unstatedMethod+", the route has only "+m); alt.Route != nil {
			only, found = alt, found+1
		}
	}
	if found == 1 {
		return only
	}
	return c
}
