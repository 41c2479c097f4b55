package analysis

import (
	"regexp"
	"strings"
)

// segment is one step of an access chain off a tracked name: the "rate" of
// body.rate.remaining, the "merge_commit_sha" of pr["merge_commit_sha"].
type segment struct {
	name string
	at   Range
	base string // the tracked name the chain starts from ("" for the call's own result)
}

var (
	deriveRe = regexp.MustCompile(`^\s*(?:(?:const|let|var|final|val|my|local)\s+)?([A-Za-z_$][\w$]*)\s*(?::\s*[A-Za-z_][\w\[\]., <>|]*)?(?::=|=)\s*(.*?)\s*;?\s*$`)
	iterRe   = regexp.MustCompile(`\bfor\s+(?:\(\s*(?:const|let|var)\s+)?(?:_\s*,\s*)?([A-Za-z_$][\w$]*)\s+(?:in|of|:=\s*range)\s+([A-Za-z_$][\w$]*)`)
	iterGoRe = regexp.MustCompile(`\bfor\s+_\s*,\s*([A-Za-z_]\w*)\s*:=\s*range\s+([A-Za-z_]\w*)`)
	methodRe = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)(?:\.[\w$]+|\[[^\]]*\])*\.(?:forEach|map|each|filter|find|select|flatMap)\b\s*(?:\(\s*(?:async\s+)?(?:function\s*[\w$]*\s*\(\s*|\(\s*)?|\s*do\s*\|\s*|\s*\{\s*\|\s*)([A-Za-z_$][\w$]*)`)
	// paramListRe: the parameters a line binds: function f(a, b), (a, b) =>,
	// a =>, def f(a, b):, lambda a:, |a, b| (Ruby blocks).
	paramListRe = regexp.MustCompile(`\bfunction\s*[\w$]*\s*\(([^)]*)\)|\(([^()]*)\)\s*(?::\s*[\w<>\[\]., |]+)?\s*=>|(?:^|[^\w$.])([A-Za-z_$][\w$]*)\s*=>|\bdef\s+\w+\s*\(([^)]*)\)|\blambda\s+([^:]*):|\|([^|]*)\|`)
	paramNameRe = regexp.MustCompile(`[A-Za-z_$][\w$]*`)
	funcStart   = regexp.MustCompile(`^(?:export\s+)?(?:async\s+)?(?:def|function|func|class|module)\b`)
	unwrapRe    = regexp.MustCompile(`^(?:await\s+)?\(?(?:await\s+)?(?:JSON\.parse\(|json\.loads\()?([A-Za-z_$][\w$]*)((?:\.[\w$]+|\[[^\]]*\]|\(\))*)\)?$`)
)

// follow walks the lines after a call's statement, within its block:
// it derives names from the tracked ones (data = res.json(), for pr in
// prs, items.forEach(x => …)), drops a name assigned something else, and
// records every access chain off a tracked name.
func (u *useContext) follow(sh *callShape, stmtStart, from int) {
	if sh.tail >= 0 {
		sh.segs = append(sh.segs, u.chainAt(sh.tail, sh.tailEnd, "")...)
	}
	tracked := map[string]bool{}
	for _, n := range append(append([]string{}, sh.names...), sh.status...) {
		tracked[n] = true
	}
	if len(tracked) == 0 && len(sh.bareStatus) == 0 {
		return
	}
	indent0 := indentOf(u.s, stmtStart)
	branch := u.pythonBranchIndent(stmtStart, indent0)
	skipping := false // in a sibling branch (else:, except:) of the call's own
	next := from
	for n := 0; n < followLines && next < len(u.text); n++ {
		ls, le, nx := u.lineAt(next)
		next = nx
		if le-ls > maxFollowLine {
			continue // minified: see maxFollowLine
		}
		line := u.s[ls:le]
		if strings.TrimSpace(line) == "" {
			continue
		}
		ind := indentOf(u.s, ls)
		if skipping && ind > branch {
			continue
		}
		if ind < indent0 && ind == branch {
			// Python: the call sits in a branch of an if or try (or a
			// loop's body), and a name keeps its value after the
			// statement: skip the sibling branches, then go on in the
			// enclosing block.
			if skipping = siblingBranchRe.MatchString(line); skipping {
				continue
			}
			indent0, branch = branch, -1
		}
		if ind < indent0 || ind == indent0 && funcStart.MatchString(strings.TrimSpace(line)) {
			break
		}
		sh.follow = Range{from, le}
		if mentionsAny(line, tracked) {
			sh.segs = append(sh.segs, u.destructured(ls, le, tracked)...)
			u.derive(line, tracked, !anyIn(sh.callbacks, ls, le))
			for name := range tracked {
				sh.segs = append(sh.segs, u.chainsOf(ls, le, name)...)
			}
		}
		for _, name := range sh.bareStatus {
			for _, at := range wordsIn(u.s, ls, le, name) {
				sh.segs = append(sh.segs, segment{name: "status", at: Range{at, at + len(name)}, base: name})
			}
		}
	}
	for name := range tracked {
		sh.names = appendNew(sh.names, name)
	}
}

var (
	branchOpenerRe  = regexp.MustCompile(`^\s*(?:if|elif|else|try|except|finally|for|while|with)\b[^#]*:\s*(?:#.*)?$`)
	siblingBranchRe = regexp.MustCompile(`^\s*(?:elif\b[^#]*|else|except\b[^#]*|finally)\s*:\s*(?:#.*)?$`)
)

// pythonBranchIndent is the indentation of the if, try, for, while or with
// statement whose block holds the Python statement at stmtStart, or -1: the
// line that opens the statement's block, found within requestWindowLines
// lines up. (After a loop, a name holds the last iteration's value.)
func (u *useContext) pythonBranchIndent(stmtStart, indent int) int {
	if u.lang != LangPython || indent == 0 {
		return -1
	}
	i := u.lines.line(stmtStart)
	for n := 0; n < requestWindowLines && i > 0; n++ {
		i--
		ls, le, _ := u.lineAt(u.lines[i])
		line := u.s[ls:le]
		if strings.TrimSpace(line) == "" {
			continue
		}
		if ind := indentOf(u.s, ls); ind < indent {
			if branchOpenerRe.MatchString(line) {
				return ind
			}
			return -1
		}
	}
	return -1
}

// anyIn reports whether one of offs lies in [lo, hi].
func anyIn(offs []int, lo, hi int) bool {
	for _, o := range offs {
		if o >= lo && o <= hi {
			return true
		}
	}
	return false
}

// mentionsAny: the cheap test before the regular expressions, which only
// matter on a line that names a tracked name.
func mentionsAny(line string, tracked map[string]bool) bool {
	for name := range tracked {
		if strings.Contains(line, name) {
			return true
		}
	}
	return false
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// derive updates the tracked names for one line. rebinds: the line is not
// one of the call's own callbacks, so a tracked name it binds as a
// parameter or a loop variable holds something else from here on.
func (u *useContext) derive(line string, tracked map[string]bool, rebinds bool) {
	if rebinds && bindsParams(line) {
		for _, m := range paramListRe.FindAllStringSubmatch(line, -1) {
			for _, list := range m[1:] {
				for _, p := range strings.Split(list, ",") {
					if name := paramNameRe.FindString(p); name != "" {
						delete(tracked, name)
					}
				}
			}
		}
	}
	for _, re := range []*regexp.Regexp{iterRe, iterGoRe, methodRe} {
		for _, m := range re.FindAllStringSubmatch(line, -1) {
			x, from := m[1], m[2]
			if re == methodRe {
				x, from = m[2], m[1]
			}
			switch {
			case tracked[from] && len(tracked) < maxTrackedNames:
				tracked[x] = true
			case !tracked[from] && rebinds:
				delete(tracked, x) // for pr in other: pr is not ours any more
			}
		}
	}
	if len(tracked) >= maxTrackedNames {
		return
	}
	m := deriveRe.FindStringSubmatch(line)
	if m == nil || strings.HasPrefix(m[2], "=") {
		return
	}
	if w := unwrapRe.FindStringSubmatch(m[2]); w != nil && tracked[w[1]] {
		tracked[m[1]] = true
		return
	}
	delete(tracked, m[1]) // assigned something else from here on
}

// bindsParams: the cheap test before paramListRe.
func bindsParams(line string) bool {
	return strings.Contains(line, "=>") || strings.Contains(line, "function") || strings.Contains(line, "def ") ||
		strings.Contains(line, "lambda") || strings.IndexByte(line, '|') >= 0
}

var destructRe = regexp.MustCompile(`^\s*(?:(?:const|let|var)\s+)?\{([^{}]*)\}\s*=\s*(?:await\s+)?([A-Za-z_$][\w$]*)\s*;?\s*(?://.*)?$`)

// destructured handles const { data, merge_commit_sha: sha } = NAME for a
// tracked NAME: data (or body) holds the response's body from here on, and
// every other key is a read of that property.
func (u *useContext) destructured(ls, le int, tracked map[string]bool) []segment {
	if strings.IndexByte(u.s[ls:le], '{') < 0 {
		return nil
	}
	m := destructRe.FindStringSubmatchIndex(u.s[ls:le])
	if m == nil || !tracked[u.s[ls+m[4]:ls+m[5]]] {
		return nil
	}
	base := u.s[ls+m[4] : ls+m[5]]
	var out []segment
	off := ls + m[2]
	for _, part := range strings.Split(u.s[off:ls+m[3]], ",") {
		key, alias, hasAlias := strings.Cut(part, ":")
		at := off + strings.Index(part, strings.TrimSpace(key))
		off += len(part) + 1
		key, alias = strings.TrimSpace(key), strings.TrimSpace(alias)
		if !identRe.MatchString(key) {
			continue
		}
		if !hasAlias {
			alias = key
		}
		if (key == "data" || key == "body") && identRe.MatchString(alias) && len(tracked) < maxTrackedNames {
			tracked[alias] = true
			continue
		}
		out = append(out, segment{name: key, at: Range{at, at + len(key)}, base: base})
	}
	return out
}

func indentOf(s string, ls int) int {
	n := 0
	for i := ls; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i++ {
		n++
	}
	return n
}

// wordsIn returns the offsets of name as a whole word in s[from:to], not
// after a '.' (x.data is not data).
func wordsIn(s string, from, to int, name string) []int {
	var out []int
	for off := from; off < to; {
		i := strings.Index(s[off:to], name)
		if i < 0 {
			break
		}
		at := off + i
		off = at + len(name)
		if at > 0 && (isChainIdentByte(s[at-1]) || s[at-1] == '.' || s[at-1] == '$') {
			continue
		}
		if off < len(s) && isChainIdentByte(s[off]) {
			continue
		}
		out = append(out, at)
	}
	return out
}

func isChainIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
}

// chainsOf records the access chains off name on the line s[ls:le].
func (u *useContext) chainsOf(ls, le int, name string) []segment {
	var out []segment
	for _, at := range wordsIn(u.s, ls, le, name) {
		out = append(out, u.chainAt(at+len(name), le, name)...)
	}
	return out
}

// chainAt parses .a?.b["c"][:d].get("e").GetF() from i up to end.
func (u *useContext) chainAt(i, end int, base string) []segment {
	var out []segment
	s := u.s
	for i >= 0 && i < end {
		switch {
		case s[i] == '.' || s[i] == '?' && i+1 < end && s[i+1] == '.':
			if s[i] == '?' {
				i++
			}
			j := i + 1
			for j < end && isChainIdentByte(s[j]) {
				j++
			}
			if j == i+1 {
				return out
			}
			name := s[i+1 : j]
			i = j
			if i < end && s[i] == '(' {
				closeAt := matchParen(u.text, i)
				if key, r, ok := quotedArg(s, i+1, closeAt); ok && (name == "get" || name == "fetch" || name == "dig") {
					out = append(out, segment{name: key, at: r, base: base})
				} else {
					out = append(out, segment{name: name, at: Range{i - len(name), i}, base: base})
				}
				i = closeAt + 1
				continue
			}
			out = append(out, segment{name: name, at: Range{i - len(name), i}, base: base})
		case s[i] == '[':
			closeAt := matchParen(u.text, i)
			if key, r, ok := quotedArg(s, i+1, closeAt); ok {
				out = append(out, segment{name: key, at: r, base: base})
			}
			i = closeAt + 1
		default:
			return out
		}
	}
	return out
}

// quotedArg is the string (or Ruby :symbol) that is the whole of
// s[from:to].
func quotedArg(s string, from, to int) (string, Range, bool) {
	if to > len(s) || from >= to {
		return "", Range{}, false
	}
	a := strings.TrimSpace(s[from:to])
	off := from + strings.Index(s[from:to], a)
	if strings.HasPrefix(a, ":") && identRe.MatchString(a[1:]) {
		return a[1:], Range{off + 1, off + len(a)}, true
	}
	if len(a) >= 2 && isQuote(a[0]) && a[len(a)-1] == a[0] && identRe.MatchString(a[1:len(a)-1]) {
		return a[1 : len(a)-1], Range{off + 1, off + len(a) - 1}, true
	}
	return "", Range{}, false
}

// reads are the places the call's response property prop is read: chain
// segments (the go-github field or getter in Go) and jq filters.
func (u *useContext) reads(sh callShape, prop string) []Range {
	var out []Range
	goName := goFieldName(prop)
	for _, sg := range sh.segs {
		if sg.name == prop || u.lang == LangGo && (sg.name == goName || sg.name == "Get"+goName) {
			out = append(out, sg.at)
		}
	}
	for _, f := range sh.jqFilters {
		for _, at := range wordsIn(u.s, f.Start, f.End, prop) {
			if at > 0 && (u.s[at-1] == '.' || u.s[at-1] == '"' && at > 1 && u.s[at-2] == '[') {
				out = append(out, Range{at, at + len(prop)})
			}
		}
		// wordsIn skips names after '.', which is exactly a jq field.
		for off := f.Start; off < f.End; {
			i := strings.Index(u.s[off:f.End], "."+prop)
			if i < 0 {
				break
			}
			at := off + i + 1
			off = at + len(prop)
			if off >= len(u.s) || !isChainIdentByte(u.s[off]) {
				out = append(out, Range{at, off})
			}
		}
	}
	return out
}

var goInitialisms = map[string]string{"id": "ID", "url": "URL", "sha": "SHA", "pr": "PR", "api": "API", "html": "HTML", "cvss": "CVSS", "ssh": "SSH"}

// goFieldName is go-github's field for a JSON name: merge_commit_sha ->
// MergeCommitSHA.
func goFieldName(json string) string {
	var b strings.Builder
	for _, w := range strings.Split(json, "_") {
		if up, ok := goInitialisms[w]; ok {
			b.WriteString(up)
		} else if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

var statusFields = map[string]bool{"status": true, "status_code": true, "statusCode": true, "StatusCode": true, "code": true}

var goStatusNames = map[int]string{200: "http.StatusOK", 202: "http.StatusAccepted", 204: "http.StatusNoContent",
	403: "http.StatusForbidden", 422: "http.StatusUnprocessableEntity", 451: "http.StatusUnavailableForLegalReasons"}

// statusChecks are the places the code compares the call's status with old.
func (u *useContext) statusChecks(sh callShape, old int) []Range {
	var out []Range
	num := itoa(old)
	for _, sg := range sh.segs {
		if !statusFields[sg.name] {
			continue
		}
		ls, le, _ := u.lineAt(sg.at.Start)
		for _, w := range []string{num, goStatusNames[old]} {
			for _, at := range wordsIn(u.s, ls, le, w) {
				out = append(out, Range{at, at + len(w)})
			}
			if i := strings.Index(u.s[ls:le], w); w != num && i >= 0 {
				out = append(out, Range{ls + i, ls + i + len(w)})
			}
		}
	}
	return out
}

// paramKeys are the places s[r] sends parameter name: a key (name:,
// "name":, 'name' =>, :name =>, name=) or go-github's struct field.
func (u *useContext) paramKeys(r Range, name string) []Range {
	var out []Range
	end := min(r.End+1, len(u.s))
	for _, n := range []string{name, goFieldName(name)} {
		if n != name && u.lang != LangGo {
			continue
		}
		for _, at := range wordsIn(u.s, r.Start, end, n) {
			if at > 0 && strings.IndexByte(" \t\n{,(:\"'-", u.s[at-1]) < 0 {
				continue
			}
			j := at + len(n)
			if j < end && isQuote(u.s[j]) {
				j++
			}
			for j < end && (u.s[j] == ' ' || u.s[j] == '\t') {
				j++
			}
			switch {
			case strings.HasPrefix(u.s[j:end], "=>"), strings.HasPrefix(u.s[j:end], ":") && !strings.HasPrefix(u.s[j:end], "::"),
				strings.HasPrefix(u.s[j:end], "=") && !strings.HasPrefix(u.s[j:end], "=="):
				out = append(out, Range{at, at + len(n)})
			}
		}
	}
	return out
}
