package analysis

import (
	"regexp"
	"strings"
)

var (
	httpVerbs = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true}
	// calleeVerbRe: requests.post(, axios.patch(, got.put(, ky.delete(,
	// http.Get(, Faraday.post(, conn.delete(, HTTParty.get(, http.PostForm(.
	calleeVerbRe = regexp.MustCompile(`(?i)[.:](get|post|put|patch|delete|head)(?:form)?$`)
	// rubyClassRe: Net::HTTP::Post.new(
	rubyClassRe = regexp.MustCompile(`::(Get|Post|Put|Patch|Delete|Head)\.new$`)
	// methodArgRe: fetch(u, {method: "POST"}), axios({method: 'post'}),
	// Request(u, method="PUT"), http.MethodPut, "PUT" as NewRequest's verb.
	methodArgRe = regexp.MustCompile(`(?i)["']?method["']?\s*[:=]>?\s*:?["']?(get|post|put|patch|delete|head)\b|\bhttp\.Method(Get|Post|Put|Patch|Delete|Head)\b`)
	verbArgRe   = regexp.MustCompile(`["'](GET|POST|PUT|PATCH|DELETE|HEAD)["']`)
	// chainedVerbRe: a builder's verb after the call with the URL:
	// Java's HttpRequest.newBuilder().uri(URI.create(u)).POST(...),
	// OkHttp's Request.Builder().url(u).delete().
	chainedVerbRe  = regexp.MustCompile(`^\.(?:(post|put|patch|delete|POST|PUT|PATCH|DELETE|GET)\(|method\(\s*"(GET|POST|PUT|PATCH|DELETE)")`)
	curlRe         = regexp.MustCompile(`\bcurl\b`)
	wgetRe         = regexp.MustCompile(`\bwget\b`)
	invokeRe       = regexp.MustCompile(`(?i)\b(Invoke-RestMethod|Invoke-WebRequest|irm|iwr)\b`)
	invokeMethodRe = regexp.MustCompile(`(?i)-Method\s+["']?(\w+)`)
	assignRe       = regexp.MustCompile(`(?:^|[\s(])(?:(?:const|let|var|local|export|final|String|val)\s+)?\$?([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|=)\s*[^=]`)
)

// methodAround finds the HTTP method of the request whose URL is at
// [start, end): from a command on the same logical line (curl, wget,
// Invoke-RestMethod), the call the URL is an argument of, or, when the
// URL is assigned to a variable, the first call that uses the variable in
// the next lines. from says which; GET when nothing says otherwise.
func methodAround(t *codeText, start, end int) (method, from string) {
	if m, f, ok := t.commandMethod(start); ok {
		return m, f
	}
	if m, f, ok := t.callMethod(start); ok {
		return m, f
	}
	if name, ok := t.assignedTo(start); ok {
		_, le := t.line(start)
		if r := t.methodVia(le, name); r.ok {
			return r.method, r.from
		}
	}
	return "GET", methodNotStated
}

// methodVia is the method of the first call that uses name in the 15
// lines after the one ending at le; once per line and name.
func (t *codeText) methodVia(le int, name string) methodFrom {
	key := viaKey{le, name}
	if r, ok := t.vias[key]; ok {
		return r
	}
	var r methodFrom
	s := t.s
	for n := 0; n < 15 && le < len(s); n++ {
		ls, next := t.line(le + 1)
		if uses := wordIndexes(s[ls:next], name); len(uses) > 0 {
			at := ls + uses[0]
			if m, f, ok := t.commandMethod(at); ok {
				r = methodFrom{m, f + " (via " + name + ")", true}
			} else if m, f, ok := t.callMethod(at); ok {
				r = methodFrom{m, f + " (via " + name + ")", true}
			}
			if r.ok {
				break
			}
		}
		le = next
	}
	if t.vias == nil {
		t.vias = map[viaKey]methodFrom{}
	}
	t.vias[key] = r
	return r
}

const methodNotStated = "not stated: GET"

// unstatedMethod is how a call's How says nothing gave its method (a URL
// alone, maybe data rather than a request).
const unstatedMethod = "method not stated"

// methodStated reports whether something in the code gave the call's
// method (a command's flag, the callee, an argument), rather than GET
// being assumed for a URL alone.
func (c APICall) methodStated() bool { return !strings.Contains(c.How, unstatedMethod) }

// commandMethod reads the method of a curl, wget or Invoke-RestMethod
// command that holds offset i: the first such command word before i in
// the command (commandSpan: not the logical line's other commands) says
// which, and the command's flags the method (both read once per command).
func (t *codeText) commandMethod(i int) (method, from string, ok bool) {
	if ls, le := t.logicalLine(i); !t.command(ls, le).mayHold {
		return "", "", false // most code: no command to split the line into
	}
	ls, le := t.commandSpan(i)
	c := t.command(ls, le)
	line := t.s[ls:le]
	switch {
	case t.wordInHead(c.curlEnd, ls, i, false, "curl"):
		if c.curl == nil {
			m, f := curlMethod(fields(line))
			c.curl = &methodFrom{m, f, true}
		}
		return c.curl.method, c.curl.from, true
	case t.wordInHead(c.wgetEnd, ls, i, false, "wget"):
		if c.wget == nil {
			m, f := wgetMethod(fields(line))
			c.wget = &methodFrom{m, f, true}
		}
		return c.wget.method, c.wget.from, true
	case t.wordInHead(c.invokeEnd, ls, i, true, "Invoke-RestMethod", "Invoke-WebRequest", "irm", "iwr"):
		if c.invoke == nil {
			c.invoke = &methodFrom{"GET", "from Invoke-RestMethod (no -Method: GET)", true}
			if m := invokeMethodRe.FindStringSubmatch(line); m != nil && httpVerbs[strings.ToUpper(m[1])] {
				c.invoke = &methodFrom{strings.ToUpper(m[1]), "from Invoke-RestMethod -Method", true}
			}
		}
		return c.invoke.method, c.invoke.from, true
	}
	return "", "", false
}

// fields splits a command line on blanks, dropping quotes and line
// continuations, and the list syntax around arguments written as
// literals (["curl", "-X", "POST", url]).
func fields(line string) []string {
	var out []string
	for _, f := range strings.Fields(line) {
		f = strings.Trim(f, "\"'[](),`")
		if f != "\\" && f != "`" && f != "" {
			out = append(out, f)
		}
	}
	return out
}

// curlMethod is the HTTP method a curl command line sends, and what says so.
func curlMethod(args []string) (method, from string) {
	data := ""
	for i, a := range args {
		if method, from, ok := curlExplicitMethod(args, i); ok {
			return method, from
		}
		data = curlBodyFlag(data, a)
	}
	return curlImpliedMethod(data)
}

// curlExplicitMethod reads a method args[i] names outright: -X, --request,
// a flag group ending in X (-sX POST), -I or --head.
func curlExplicitMethod(args []string, i int) (method, from string, ok bool) {
	a := args[i]
	switch {
	case (a == "-X" || a == "--request") && i+1 < len(args):
		return strings.ToUpper(args[i+1]), "from curl " + a, true
	case strings.HasPrefix(a, "-X") && len(a) > 2 && !strings.HasPrefix(a, "--"):
		return strings.ToUpper(a[2:]), "from curl -X", true
	case len(a) > 2 && a[0] == '-' && a[1] != '-' && strings.HasSuffix(a, "X") && i+1 < len(args):
		return strings.ToUpper(args[i+1]), "from curl " + a, true // -sX POST
	case strings.HasPrefix(a, "--request="):
		return strings.ToUpper(a[len("--request="):]), "from curl --request", true
	case a == "-I" || a == "--head":
		return "HEAD", "from curl " + a, true
	}
	return "", "", false
}

// curlBodyFlag is the flag that decides the implied method after argument
// a, given the one so far: -G wins over any body, else the first -T or
// data flag counts.
func curlBodyFlag(data, a string) string {
	switch {
	case a == "-G" || a == "--get":
		return "-G"
	case a == "-T" || a == "--upload-file":
		if data == "" {
			return a
		}
	case data == "" && isCurlDataFlag(a):
		return a
	}
	return data
}

// curlImpliedMethod is the method curl uses without -X, given the flag
// curlBodyFlag kept.
func curlImpliedMethod(data string) (method, from string) {
	switch data {
	case "":
		return "GET", "from curl (no -X: GET)"
	case "-G":
		return "GET", "from curl -G"
	case "-T", "--upload-file":
		return "PUT", "from curl " + data
	}
	return "POST", "from curl " + data + " (implies POST)"
}

func isCurlDataFlag(a string) bool {
	for _, f := range []string{"--data", "--json", "--form"} {
		if a == f || strings.HasPrefix(a, f+"-") || strings.HasPrefix(a, f+"=") {
			return true
		}
	}
	return a == "-d" || a == "-F" || (len(a) > 2 && (strings.HasPrefix(a, "-d") || strings.HasPrefix(a, "-F")) && a[1] != '-')
}

func wgetMethod(args []string) (method, from string) {
	for i, a := range args {
		switch {
		case a == "--method" && i+1 < len(args):
			return strings.ToUpper(args[i+1]), "from wget --method"
		case strings.HasPrefix(a, "--method="):
			return strings.ToUpper(a[len("--method="):]), "from wget --method"
		case strings.HasPrefix(a, "--post-data") || strings.HasPrefix(a, "--post-file"):
			return "POST", "from wget " + strings.SplitN(a, "=", 2)[0]
		}
	}
	return "GET", "from wget (GET)"
}

// callMethod reads the method of the call whose arguments hold offset i,
// trying the innermost call first and then two around it
// (Net::HTTP::Post.new(URI(url))).
func (t *codeText) callMethod(i int) (method, from string, ok bool) {
	at := i
	for depth := 0; depth < 3; depth++ {
		open := enclosingParen(t.s, at)
		if open < 0 {
			return "", "", false
		}
		if method, from, ok = t.callOpenMethod(open, i); ok {
			return method, from, true
		}
		at = open
	}
	return "", "", false
}

// callClues is what a call says of its method, read once per call: the
// callee, its arguments (at most maxCallArgs bytes) and a chained verb.
// Only a verb argument before the URL depends on where the URL is.
type callClues struct {
	callee string
	// before: what the callee or a method option says; after: what a
	// chained verb or fetch says (tried after a verb argument).
	before, after methodFrom
	request       bool
	verbEnd       int // end of the first verb argument ("POST"), -1: none
	verb          string
}

// verbArgReach: the URL is at most this far after a "(" callMethod
// reads (enclosingParen's 400 bytes, three calls deep).
const verbArgReach = 3*400 + 100

func (t *codeText) clues(open int) *callClues {
	if c, ok := t.calls[open]; ok {
		return c
	}
	s := t.s
	c := &callClues{callee: calleeBefore(s, open), verbEnd: -1}
	callee := c.callee
	closeAt := pastClosingWithin(s, open, '(', ')', maxCallArgs)
	if closeAt == len(s) {
		closeAt = min(len(s), open+maxCallArgs)
	}
	switch m := t.firstMethodArg(open, closeAt); {
	case rubyClassRe.MatchString(callee):
		c.before = methodFrom{strings.ToUpper(rubyClassRe.FindStringSubmatch(callee)[1]), "from " + callee, true}
	case calleeVerbRe.MatchString(callee):
		c.before = methodFrom{strings.ToUpper(calleeVerbRe.FindStringSubmatch(callee)[1]), "from " + callee, true}
	case m != nil:
		c.before = methodFrom{strings.ToUpper(t.submatch(m, 1) + t.submatch(m, 2)), "from " + callee + " method", true}
	}
	c.request = strings.HasSuffix(callee, "Request") || strings.HasSuffix(callee, "request") || strings.HasSuffix(callee, "RequestWithContext")
	if c.request {
		if m := verbArgRe.FindStringSubmatchIndex(s[open:min(len(s), open+verbArgReach)]); m != nil {
			c.verbEnd, c.verb = open+m[1], s[open+m[2]:open+m[3]]
		}
	}
	if m := chainedVerbRe.FindStringSubmatch(afterCloseParens(s, closeAt)); m != nil {
		c.after = methodFrom{strings.ToUpper(m[1] + m[2]), "from ." + m[1] + m[2] + " after " + callee, true}
	} else if callee == "fetch" || strings.HasSuffix(callee, ".fetch") {
		c.after = methodFrom{"GET", "from fetch (no method: GET)", true}
	}
	if t.calls == nil {
		t.calls = map[int]*callClues{}
	}
	t.calls[open] = c
	return c
}

// callOpenMethod reads the method of the call whose "(" is at open; i is
// where the URL is.
func (t *codeText) callOpenMethod(open, i int) (method, from string, ok bool) {
	c := t.clues(open)
	switch {
	case c.before.ok:
		return c.before.method, c.before.from, true
	case c.request && c.verbEnd >= 0 && c.verbEnd <= i:
		return c.verb, "from " + c.callee, true
	case c.after.ok:
		return c.after.method, c.after.from, true
	}
	return "", "", false
}

// afterCloseParens is what follows i past closing parentheses, blanks
// and // comments (over at most maxCallArgs bytes): where a builder chain
// continues.
func afterCloseParens(s string, i int) string {
	for limit := i + maxCallArgs; i < len(s) && i < limit; {
		switch {
		case s[i] == ')' || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r':
			i++
		case strings.HasPrefix(s[i:], "//"):
			_, end := lineSpan(s, i)
			i = end
		default:
			return s[i:min(len(s), i+120)]
		}
	}
	return ""
}

// enclosingParen is the "(" before i that is still open at i, looking
// back at most 400 bytes; -1 if none.
func enclosingParen(s string, i int) int {
	depth := 0
	for j := i - 1; j >= 0 && j >= i-400; j-- {
		switch s[j] {
		case ')':
			depth++
		case '(':
			if depth == 0 {
				return j
			}
			depth--
		case ';', '{':
			if depth == 0 && s[j] == ';' {
				return -1
			}
		}
	}
	return -1
}

// calleeBefore is the dotted name just before the "(" at open (its last
// maxCallee bytes).
func calleeBefore(s string, open int) string {
	j := open
	for j > 0 && open-j < maxCallee && (isIdentByte(s[j-1]) || s[j-1] == '.' || s[j-1] == ':') {
		j--
	}
	return s[j:open]
}

// assignedTo reports the variable the statement at i assigns to: the
// line's first assignment, when it lies before i.
func (t *codeText) assignedTo(i int) (string, bool) {
	ls, le := t.line(i)
	a := t.assignment(ls, le)
	switch {
	case a.start < 0 || a.start >= i:
		return "", false
	case a.end <= i:
		return a.name, true
	}
	// i is inside that match: the line up to i may still hold a
	// shorter one (rare: at most once or twice a line).
	if m := assignRe.FindStringSubmatch(t.s[ls:i]); m != nil {
		return m[1], true
	}
	return "", false
}
