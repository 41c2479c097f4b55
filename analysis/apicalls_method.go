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
func methodAround(s string, start, end int) (method, from string) {
	if m, f, ok := commandMethod(s, start); ok {
		return m, f
	}
	if m, f, ok := callMethod(s, start); ok {
		return m, f
	}
	if name, ok := assignedTo(s, start); ok {
		_, le := lineSpan(s, start)
		for n := 0; n < 15 && le < len(s); n++ {
			ls, next := lineSpan(s, le+1)
			if uses := wordIndexes(s[ls:next], name); len(uses) > 0 {
				at := ls + uses[0]
				if m, f, ok := commandMethod(s, at); ok {
					return m, f + " (via " + name + ")"
				}
				if m, f, ok := callMethod(s, at); ok {
					return m, f + " (via " + name + ")"
				}
			}
			le = next
		}
	}
	return "GET", methodNotStated
}

const methodNotStated = "not stated: GET"

// commandMethod reads the method of a curl, wget or Invoke-RestMethod
// command line that holds offset i.
func commandMethod(s string, i int) (method, from string, ok bool) {
	ls, le := logicalLine(s, i)
	line := s[ls:le]
	head := s[ls:i]
	switch {
	case curlRe.MatchString(head):
		m, f := curlMethod(fields(line))
		return m, f, true
	case wgetRe.MatchString(head):
		m, f := wgetMethod(fields(line))
		return m, f, true
	case invokeRe.MatchString(head):
		if m := invokeMethodRe.FindStringSubmatch(line); m != nil && httpVerbs[strings.ToUpper(m[1])] {
			return strings.ToUpper(m[1]), "from Invoke-RestMethod -Method", true
		}
		return "GET", "from Invoke-RestMethod (no -Method: GET)", true
	}
	return "", "", false
}

// fields splits a command line on blanks, dropping quotes and line
// continuations.
func fields(line string) []string {
	var out []string
	for _, f := range strings.Fields(line) {
		f = strings.Trim(f, `"'`)
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
func callMethod(s string, i int) (method, from string, ok bool) {
	at := i
	for depth := 0; depth < 3; depth++ {
		open := enclosingParen(s, at)
		if open < 0 {
			return "", "", false
		}
		if method, from, ok = callOpenMethod(s, open, i); ok {
			return method, from, true
		}
		at = open
	}
	return "", "", false
}

// callOpenMethod reads the method of the call whose "(" is at open; i is
// where the URL is.
func callOpenMethod(s string, open, i int) (method, from string, ok bool) {
	callee := calleeBefore(s, open)
	closeAt := pastClosing(s, open, '(', ')')
	if closeAt == len(s) {
		closeAt = min(len(s), open+2000)
	}
	args := s[open:closeAt]
	if m := rubyClassRe.FindStringSubmatch(callee); m != nil {
		return strings.ToUpper(m[1]), "from " + callee, true
	}
	if m := calleeVerbRe.FindStringSubmatch(callee); m != nil {
		return strings.ToUpper(m[1]), "from " + callee, true
	}
	if m := methodArgRe.FindStringSubmatch(args); m != nil {
		v := strings.ToUpper(m[1] + m[2])
		return v, "from " + callee + " method", true
	}
	if strings.HasSuffix(callee, "Request") || strings.HasSuffix(callee, "request") || strings.HasSuffix(callee, "RequestWithContext") {
		if m := verbArgRe.FindStringSubmatch(s[open:min(len(s), i)]); m != nil {
			return m[1], "from " + callee, true
		}
	}
	if m := chainedVerbRe.FindStringSubmatch(afterCloseParens(s, closeAt)); m != nil {
		return strings.ToUpper(m[1] + m[2]), "from ." + m[1] + m[2] + " after " + callee, true
	}
	if callee == "fetch" || strings.HasSuffix(callee, ".fetch") {
		return "GET", "from fetch (no method: GET)", true
	}
	return "", "", false
}

// afterCloseParens is what follows i past closing parentheses, blanks
// and // comments: where a builder chain continues.
func afterCloseParens(s string, i int) string {
	for i < len(s) {
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

// calleeBefore is the dotted name just before the "(" at open.
func calleeBefore(s string, open int) string {
	j := open
	for j > 0 && (isIdentByte(s[j-1]) || s[j-1] == '.' || s[j-1] == ':') {
		j--
	}
	return s[j:open]
}

// assignedTo reports the variable the statement at i assigns to.
func assignedTo(s string, i int) (string, bool) {
	ls, _ := lineSpan(s, i)
	if m := assignRe.FindStringSubmatch(s[ls:i]); m != nil {
		return m[1], true
	}
	return "", false
}
