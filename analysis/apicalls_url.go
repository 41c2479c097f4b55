package analysis

import (
	"regexp"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// apiBase matches the start of a REST or GraphQL URL: github.com's API
// hosts, or any host's Enterprise Server prefix.
const apiBase = `https?://(?:api\.github\.com|uploads\.github\.com|[A-Za-z0-9][A-Za-z0-9.-]*(?::\d+)?/api/(?:v3|uploads|graphql\b))`

var (
	apiURLRe = regexp.MustCompile(apiBase)
	// baseConstRe finds NAME = "https://api.github.com" in any of the
	// covered languages (=, :=, :, shell and YAML forms); the value must
	// end there: with a path it is a call, not a base.
	baseConstRe = regexp.MustCompile(`(?m)\b([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?::=|=|:)\s*["'` + "`" + `]?(` + apiBase + `)/?(?:["'` + "`" + `]|\s*$)`)
)

// builtinBases are references to the API base that the platform sets:
// GitHub Actions' GITHUB_API_URL and ${{ github.api_url }}.
var builtinBases = []string{"GITHUB_API_URL", "github.api_url"}

// findURLCalls finds API URLs written out and URLs built on a base
// constant, each with the method of the call around it.
func findURLCalls(tab *permissions.Table, s string) []APICall {
	var calls []APICall
	consts := map[int]bool{} // where a base constant's own value sits
	names := append([]string(nil), builtinBases...)
	for _, m := range baseConstRe.FindAllStringSubmatchIndex(s, -1) {
		names = append(names, s[m[2]:m[3]])
		consts[m[4]] = true
	}
	for _, m := range apiURLRe.FindAllStringIndex(s, -1) {
		if consts[m[0]] {
			continue
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
		calls = append(calls, urlCall(tab, s, m[0], end, path, "URL"))
	}
	for _, name := range uniqueStrings(names) {
		calls = append(calls, findBaseRefs(tab, s, name)...)
	}
	return calls
}

// findBaseRefs finds paths built on the base constant name: inside a
// template or interpolated string (${API}/repos, {API}/repos,
// #{API}/repos, $API/repos), concatenated (API + "/repos/" + o), or as
// the first value of a format string ("%s/repos/%s" with API).
func findBaseRefs(tab *permissions.Table, s, name string) []APICall {
	var calls []APICall
	re := regexp.MustCompile(`(?:\$\{\{\s*|\$\{|#\{|\{|\$\(|\$)?\b` + regexp.QuoteMeta(name) + `\b(?:\s*\}\}|[})])?`)
	how := "URL on base " + name
	for _, m := range re.FindAllStringIndex(s, -1) {
		end := m[1]
		if end < len(s) && s[end] == '/' {
			path, pend := readCodePath(s, end)
			calls = append(calls, urlCall(tab, s, m[0], pend, path, how))
			continue
		}
		if path, pend, ok := concatPath(s, skipCloser(s, end), false); ok {
			calls = append(calls, urlCall(tab, s, m[0], pend, path, how))
		}
	}
	calls = append(calls, formatRefs(tab, s, name, how)...)
	return calls
}

// skipCloser steps over what closes a lookup of the constant
// (process.env.X, os.environ["X"], ENV['X']).
func skipCloser(s string, i int) int {
	for i < len(s) && strings.ContainsRune(`"']) `, rune(s[i])) {
		i++
	}
	return i
}

var formatStrRe = regexp.MustCompile(`["'` + "`" + `](?:%s|%v|\{\}|\{0\})(/[^"'` + "`" + `\s]*)["'` + "`" + `]`)

func formatRefs(tab *permissions.Table, s, name, how string) []APICall {
	var calls []APICall
	word := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
	for _, m := range formatStrRe.FindAllStringSubmatchIndex(s, -1) {
		ls, le := lineSpan(s, m[0])
		if !word.MatchString(s[ls:le]) {
			continue
		}
		path := formatVerbs.ReplaceAllString(s[m[2]:m[3]], "{}")
		calls = append(calls, urlCall(tab, s, m[0], m[1], path, how+" (format string)"))
	}
	return calls
}

var formatVerbs = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|\{[0-9]*\}`)

// concatPath reads `+ "/repos/" + owner + "/pulls"` after i: string
// pieces are kept, expressions become {}. Unless cont (the URL so far
// ends in a path), ok is false unless the first piece is a string
// starting with "/".
func concatPath(s string, i int, cont bool) (path string, end int, ok bool) {
	var b strings.Builder
	started := cont
	for {
		j := skipSpace(s, i)
		if j >= len(s) || (s[j] != '+' && !strings.HasPrefix(s[j:], "..")) {
			break
		}
		j = skipSpace(s, j+1+boolInt(s[j] == '.'))
		if j < len(s) && strings.ContainsRune(`"'`+"`", rune(s[j])) {
			piece, pend := readCodePath(s, j+1)
			if !started && !strings.HasPrefix(piece, "/") {
				return "", 0, false
			}
			started = true
			b.WriteString(piece)
			i = pend + 1
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
// the string: interpolations (${x}, #{x}, {x}, $(x), $x) and format verbs
// become {}. end is where it stopped.
func readCodePath(s string, i int) (path string, end int) {
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
			for i < len(s) && (isWordByte(s[i])) {
				i++
			}
			b.WriteString("{}")
		case strings.ContainsRune(" \t\r\n\"'`<>),;\\|]", rune(c)):
			return b.String(), i
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), i
}

// pastClosing returns the index after the bracket that closes the one
// at open (or the end of the line).
func pastClosing(s string, open int, l, r byte) int {
	depth := 0
	for i := open; i < len(s) && s[i] != '\n'; i++ {
		switch s[i] {
		case l:
			depth++
		case r:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func uniqueStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// urlCall finds the method of the URL at [start, end) and makes the call.
func urlCall(tab *permissions.Table, s string, start, end int, path, how string) APICall {
	method, from := methodAround(s, start, end)
	return restCall(tab, method, path, Range{start, end}, how+"; method "+from)
}
