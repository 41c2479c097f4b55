package analysis

import (
	"regexp"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
)

// Where code depends on a breaking change. Every place found here is tied
// to one call: its request (the call's arguments, a body literal they name,
// gh -f/-F fields, curl -d), its result read in the same statement
// (.json()["rate"]), names the result is assigned to and names derived from
// them (res.json(), res.data, for-loops over them) read within the
// statement's block, jq filters applied to it, and status comparisons on
// it. A name that did not come from a GitHub call is never followed.

const (
	followLines     = 80   // how far after a call its result is followed
	maxStatement    = 4096 // bytes a call's argument list may span
	bodyLookback    = 15   // lines before a call searched for a body literal it names
	maxTrackedNames = 16
	// maxFollowLine: a longer line (minified code) is not searched for
	// reads, so that the work per call stays bounded and a file of many
	// calls on one line stays linear.
	maxFollowLine = 4096
)

// clampAround is [lo, hi) cut to maxStatement bytes either side of at.
func clampAround(lo, hi, at int) (int, int) {
	return max(lo, at-maxStatement), min(hi, at+maxStatement)
}

type useContext struct {
	lang  Lang
	text  []byte
	s     string
	lines lineIndex
	tl    *textLines // for the header lints' helpers
	// jq holds each shell command's jq programs, keyed by the command's
	// span: every call in a pipeline or on a line reads the same command,
	// and reading it per call made a line of many curls cost its length
	// once per call (about 75% of the curl-line shape).
	jq map[Range][]jqMatch
	// lowerScope's: the last scope lowered and its text, the bytes
	// lowered so far, and the whole text lowered once they pass its size.
	lowered      Range
	loweredText  string
	loweredBytes int
	lowerTried   bool
	lowerAll     string
}

func newUseContext(lang Lang, text []byte) *useContext {
	return &useContext{lang: lang, text: text, s: string(text), lines: newLineIndex(text), tl: &textLines{text: text}}
}

// lineAt is the line holding off (start, end without the line break, next
// line's start), from the index: a long line costs nothing per call.
func (u *useContext) lineAt(off int) (start, end, next int) {
	i := u.lines.line(off)
	start, next = u.lines[i], len(u.text)
	if i+1 < len(u.lines) {
		next = u.lines[i+1]
	}
	end = next
	if end > start && u.text[end-1] == '\n' {
		end--
	}
	if end > start && u.text[end-1] == '\r' {
		end--
	}
	return start, end, next
}

// window is n lines either side of off, cut to maxStatement bytes either
// side.
func (u *useContext) window(off, n int) Range {
	i := u.lines.line(off)
	lo, hi := u.lines[max(0, i-n)], len(u.text)
	if i+n+1 < len(u.lines) {
		hi = u.lines[i+n+1]
	}
	lo, hi = clampAround(lo, hi, off)
	return Range{lo, hi}
}

// callShape is what of the text belongs to one call.
type callShape struct {
	args       []Range  // the request: arguments, body literals, command words
	tail       int      // offset after the call where a chained read starts (-1: none)
	tailEnd    int      // end of the statement's line
	names      []string // names holding the response or data derived from it
	status     []string // names whose .status is the response status (Go's resp)
	follow     Range    // lines after the statement where names are read
	scope      Range    // the request's lines (media types written for it)
	jqFilters  []Range
	shellNames []string // shell variables holding the response
	bareStatus []string // names that are the status itself: const { status } = …
	segs       []segment
	callbacks  []int // where the callbacks chained on the call open: their parameters are ours
}

func (u *useContext) usesOf(cv CallVersion, changes []*apiversions.Change) []BreakingUse {
	sh := u.shapeOf(cv.Call)
	var uses []BreakingUse
	for _, c := range changes {
		for _, x := range u.usesOfChange(cv.Call, sh, c) {
			// A comment is not code that depends on anything: an @example
			// in a doc comment, a note about data.rate.
			if !inLineComment(u.lang, u.tl, x.Range.Start) {
				uses = append(uses, x)
			}
		}
	}
	return dedupeUses(uses)
}

func dedupeUses(uses []BreakingUse) []BreakingUse {
	seen := map[[2]int]bool{}
	out := uses[:0]
	for _, x := range uses {
		k := [2]int{x.Range.Start, x.Range.End}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, x)
	}
	return out
}

func (u *useContext) usesOfChange(call APICall, sh callShape, c *apiversions.Change) []BreakingUse {
	var uses []BreakingUse
	if c.Kind == apiversions.RemovedOperation {
		if !call.methodStated() {
			return nil // a URL written as data ("hub_url": "https://api.github.com/hub"), no request seen
		}
		return []BreakingUse{{Change: c, Range: call.Range, What: "calls " + call.Method + " " + call.Path + ", which is removed"}}
	}
	for _, p := range c.Parameters {
		if c.Kind == apiversions.ChangedRequestParameter || call.Method == "GET" || call.Method == "HEAD" {
			continue // a type change: sending it may still be right; a GET's query filter (assignee=) stays valid
		}
		for _, r := range sh.args {
			for _, at := range u.paramKeys(r, p.Name) {
				uses = append(uses, BreakingUse{Change: c, Range: at, What: "sends " + p.Name, Replacement: p.Replacement})
			}
		}
	}
	if c.Kind == apiversions.ChangedEnum || c.Kind == apiversions.MediaType && len(c.Properties) == 0 {
		uses = append(uses, u.valueUses(sh, c)...)
	} else {
		for _, p := range c.Properties {
			if p.OnlyWith != "" && !strings.Contains(u.lowerScope(sh.scope), p.OnlyWith) {
				continue
			}
			for _, at := range u.reads(sh, p.Name) {
				uses = append(uses, BreakingUse{Change: c, Range: at, What: "reads " + p.Name, Replacement: p.Replacement})
			}
		}
	}
	if c.OldStatus != 0 {
		for _, at := range u.statusChecks(sh, c.OldStatus) {
			uses = append(uses, BreakingUse{Change: c, Range: at, What: "expects status " + itoa(c.OldStatus),
				Replacement: itoa(c.NewStatus)})
		}
	}
	return uses
}

// lowerScope is the request scope r in lower case. Every call lowered
// its own scope (up to 8 KB) for each property that holds only with a
// media type: a fifth of a line of curls, whose scopes overlap. The last
// scope is kept for the next property of the same call, and once the
// scopes lowered add up to more than the text, an ASCII text is lowered
// whole instead (lowering ASCII keeps every offset): a text of few calls
// lowers only their scopes, one of many at most itself twice.
func (u *useContext) lowerScope(r Range) string {
	switch {
	case u.lowerAll != "":
		return u.lowerAll[r.Start:r.End]
	case r == u.lowered: // the zero Range's text is the zero string
		return u.loweredText
	}
	u.loweredBytes += r.End - r.Start
	if u.loweredBytes > len(u.s) && !u.lowerTried {
		u.lowerTried = true
		if isASCII(u.s) {
			u.lowerAll = strings.ToLower(u.s)
			return u.lowerAll[r.Start:r.End]
		}
	}
	u.lowered, u.loweredText = r, strings.ToLower(u.s[r.Start:r.End])
	return u.loweredText
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// valueUses: an enum value or media type that goes away, written where the
// call's response property is read (item["type"] == "file") or, for a
// media type with no property, in the request's lines.
func (u *useContext) valueUses(sh callShape, c *apiversions.Change) []BreakingUse {
	var uses []BreakingUse
	repl := ""
	if len(c.Properties) > 0 {
		repl = c.Properties[0].Replacement
	}
	for _, v := range c.Values {
		if len(c.Properties) == 0 {
			if i := strings.Index(u.s[sh.scope.Start:sh.scope.End], v); i >= 0 {
				at := sh.scope.Start + i
				uses = append(uses, BreakingUse{Change: c, Range: Range{at, at + len(v)}, What: "expects " + v})
			}
			continue
		}
		for _, read := range u.reads(sh, c.Properties[0].Name) {
			ls, le, _ := u.lineAt(read.Start)
			line := u.s[ls:le]
			for _, q := range []string{`"`, `'`} {
				if i := strings.Index(line, q+v+q); i >= 0 {
					at := ls + i + 1
					uses = append(uses, BreakingUse{Change: c, Range: Range{at, at + len(v)},
						What: "compares " + c.Properties[0].Name + " with " + v, Replacement: repl})
				}
			}
		}
	}
	return uses
}

var (
	callAssignRe = regexp.MustCompile(`^\s*(?:(?:const|let|var|final|val|my|local|auto)\s+)?` +
		`(\{[^}]*\}|[A-Za-z_$][\w$]*(?:\s*,\s*[A-Za-z_$][\w$]*)*)\s*(?::\s*[A-Za-z_][\w\[\]., <>|]*)?(?::=|=)\s*` +
		`(?:await\s+)?\(?(?:await\s+)?(?:new\s+)?([\w$.:]*)\s*$`)
	calleeOnlyRe  = regexp.MustCompile(`^\s*(?:(?:return|await|if|puts|print)\s+)*\(?[\w$.:]+\s*$`)
	shellAssignRe = regexp.MustCompile(`^\s*(?:local\s+|export\s+)?([A-Za-z_]\w*)=\$\(`)
	identRe       = regexp.MustCompile(`^[A-Za-z_$][\w$]*$`)
)

func (u *useContext) shapeOf(call APICall) callShape {
	sh := callShape{tail: -1}
	sh.scope = u.window(call.Range.Start, requestWindowLines)
	// An octokit.js call in YAML or Markdown is a script (actions/github-script),
	// not a shell command: its response is followed as in JavaScript.
	if shellLike(u.lang) && !strings.HasPrefix(call.How, "octokit.js") {
		if cs, ce := commandExtent(u.tl, call.Range.Start); cs < ce {
			if rs, re, at, ok := u.shellRequestVia(cs, ce); ok {
				cs, ce, sh.scope = rs, re, Range{min(cs, rs), max(ce, re)}
				u.shellShape(at, &sh, cs, ce)
				return sh
			}
			u.shellShape(call.Range.Start, &sh, cs, ce)
			return sh
		}
	}
	open := u.callParen(call)
	if open < 0 {
		u.assignedURLShape(call, &sh)
		return sh
	}
	closeAt := matchParen(u.text, open)
	sh.args = append(sh.args, Range{open, closeAt})
	ls, _, _ := u.lineAt(open)
	_, le, next := u.lineAt(closeAt)
	sh.tail, sh.tailEnd = closeAt+1, min(le, closeAt+1+maxStatement)
	if closeAt+1 < len(u.text) && u.text[closeAt+1] == ')' && awaitedGroup(u.s, call.Range.Start) {
		sh.tail++ // (await octokit.pulls.get({…})).data.merge_commit_sha
	}
	if open-ls > maxStatement {
		return sh // minified: no statement to read the assignment from
	}
	if m := callAssignRe.FindStringSubmatch(u.s[ls:open]); m != nil {
		u.lhsNames(m[1], &sh)
	} else if m := forOverCallRe.FindStringSubmatch(u.s[ls:open]); m != nil {
		u.lhsNames(m[1], &sh) // for pr in repo.get_pulls(): each item
	}
	callbacks := u.callbackNames(closeAt+1, &sh)
	sh.args = append(sh.args, u.bodyLiterals(Range{open, closeAt}, ls)...)
	u.follow(&sh, ls, next)
	for _, name := range callbacks { // .then(data => data.x) on the call's own line
		sh.segs = append(sh.segs, u.chainsOf(closeAt+1, min(le, closeAt+1+maxStatement), name)...)
	}
	return sh
}

// forOverCallRe: a loop whose iterable is the call: for pr in
// repo.get_pulls(…): (PyGithub), for await (const { data } of
// octokit.paginate.iterator(…)).
var forOverCallRe = regexp.MustCompile(`^\s*for\s*(?:await\s*)?\(?\s*(?:(?:const|let|var)\s+)?(\{[^}]*\}|[A-Za-z_$][\w$]*)\s+(?:of|in)\s+(?:await\s+)?\(?(?:await\s+)?[\w$.]*$`)

// rubyBlockRe: a Ruby block over the call's result: .each do |pr|, .map { |pr|.
var rubyBlockRe = regexp.MustCompile(`^\s*\.(?:each|map|select|find|each_with_index)\s*(?:do\s*|\{\s*)\|\s*([A-Za-z_]\w*)`)

var callbackRe = regexp.MustCompile(`^\s*\.(then|success|done|catch)\(\s*(?:async\s+)?` +
	`(?:function\s*[\w$]*\s*\(\s*([A-Za-z_$][\w$]*|\{[^}]*\})|\(\s*([A-Za-z_$][\w$]*|\{[^}]*\})\s*(?:,[^)]*)?\)\s*=>|([A-Za-z_$][\w$]*)\s*=>)?`)

// callbackNames: the parameters of the callbacks chained on the call,
// fetch(u).then(res => …).then(data => …), $http.get(u).success(function
// (issues) {…}): each holds the response or what it unwraps to. A
// .catch callback's parameter is an error, not followed.
func (u *useContext) callbackNames(from int, sh *callShape) []string {
	var names []string
	end := min(len(u.text), from+maxStatement)
	for n := 0; n < 8 && from < end; n++ {
		if m := rubyBlockRe.FindStringSubmatchIndex(u.s[from:end]); m != nil && u.lang == LangRuby {
			before := len(sh.names)
			u.lhsNames(u.s[from+m[2]:from+m[3]], sh)
			sh.callbacks = append(sh.callbacks, from+m[2])
			return append(names, sh.names[before:]...)
		}
		m := callbackRe.FindStringSubmatchIndex(u.s[from:end])
		if m == nil {
			break
		}
		open := from + m[3] // the '(' right after then/success/done/catch
		if verb := u.s[from+m[2] : from+m[3]]; verb != "catch" {
			for g := 4; g <= 8; g += 2 {
				if m[g] >= 0 {
					before := len(sh.names)
					u.lhsNames(u.s[from+m[g]:from+m[g+1]], sh)
					names = append(names, sh.names[before:]...)
				}
			}
		}
		sh.callbacks = append(sh.callbacks, open)
		from = matchParen(u.text, open) + 1
	}
	return names
}

// awaitedGroup: the call at start is written as (await CALL).
func awaitedGroup(s string, start int) bool {
	before := strings.TrimRight(s[max(0, start-32):start], " \t")
	return strings.HasSuffix(before, "(await")
}

// callParen is the '(' opening the call's argument list: after a named
// call (octokit.rest.pulls.get(), or around a URL (requests.get("…")),
// the outermost one whose callee starts its statement.
func (u *useContext) callParen(call APICall) int {
	ls, le, _ := u.lineAt(call.Range.End)
	j := skipBlanks(u.text, call.Range.End, le)
	if i := strings.IndexByte(u.s[call.Range.Start:call.Range.End], '('); i >= 0 && !strings.HasPrefix(call.How, "URL") {
		return call.Range.Start + i // octokit.request("GET /x"), client.get("/x")
	}
	if j < le && u.text[j] == '(' && !strings.HasPrefix(call.How, "URL") {
		return j
	}
	lo := ls
	for n := 0; n < 4 && lo > 0; n++ {
		lo = u.lines[u.lines.line(lo-1)]
	}
	lo = max(lo, call.Range.Start-maxStatement)
	depth, best := 0, -1
	for i := call.Range.Start - 1; i >= lo; i-- {
		switch u.text[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth > 0 {
				depth--
				continue
			}
			if u.text[i] != '(' {
				continue
			}
			pls, _, _ := u.lineAt(i)
			if i-pls > maxStatement {
				continue
			}
			prefix := u.s[pls:i]
			if callAssignRe.MatchString(prefix) || calleeOnlyRe.MatchString(prefix) {
				best = i
			}
		}
	}
	return best
}

// matchParen is the offset of the bracket closing the one at open (or the
// bound), skipping string literals.
func matchParen(text []byte, open int) int {
	depth := 0
	var quote byte
	end := min(len(text), open+maxStatement)
	for i := open; i < end; i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case isQuote(c):
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return end - 1
}

// lhsNames reads an assignment's left side: NAME; NAME, resp, err (Go:
// the second is the *Response); { data, status } or { data: NAME }.
func (u *useContext) lhsNames(lhs string, sh *callShape) {
	lhs = strings.TrimSpace(lhs)
	if strings.HasPrefix(lhs, "{") {
		for _, part := range strings.Split(strings.Trim(lhs, "{} "), ",") {
			key, alias, ok := strings.Cut(part, ":")
			key, alias = strings.TrimSpace(key), strings.TrimSpace(alias)
			if !ok {
				alias = key
			}
			if !identRe.MatchString(alias) {
				continue
			}
			switch key {
			case "data", "body":
				sh.names = append(sh.names, alias)
			case "status":
				sh.bareStatus = append(sh.bareStatus, alias)
			}
		}
		return
	}
	parts := strings.Split(lhs, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "_" || p == "err" || !identRe.MatchString(p) {
			continue
		}
		if i == 0 {
			sh.names = append(sh.names, p)
			sh.status = append(sh.status, p)
		} else if i == 1 && u.lang == LangGo {
			sh.status = append(sh.status, p)
		}
	}
}

// assignedURLShape: url = "https://api.github.com/…" on its own; the
// request is the next line (within requestWindowLines) that passes url to
// a call and assigns the result.
func (u *useContext) assignedURLShape(call APICall, sh *callShape) {
	if ls, le, _ := u.lineAt(call.Range.Start); le-ls > maxFollowLine {
		return // assignedName reads the whole line
	}
	name := assignedName(u.tl, call.Range.Start)
	if name == "" {
		ls, _, _ := u.lineAt(call.Range.Start)
		if m := urlAssignPrefixRe.FindStringSubmatch(u.s[ls:call.Range.Start]); m != nil {
			name = m[1]
		}
	}
	if name == "" {
		return
	}
	use := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
	_, _, next := u.lineAt(call.Range.Start)
	for n := 0; n < requestWindowLines && next < len(u.text); n++ {
		ls, le, nx := u.lineAt(next)
		next = nx
		if le-ls > maxFollowLine {
			continue
		}
		line := u.s[ls:le]
		open := strings.IndexByte(line, '(')
		if open < 0 || !use.MatchString(line[open:]) {
			continue
		}
		m := callAssignRe.FindStringSubmatch(line[:open])
		if m == nil {
			continue
		}
		closeAt := matchParen(u.text, ls+open)
		sh.args = append(sh.args, Range{ls + open, closeAt})
		sh.args = append(sh.args, u.bodyLiterals(Range{ls + open, closeAt}, ls)...)
		_, tle, tnext := u.lineAt(closeAt)
		sh.tail, sh.tailEnd = closeAt+1, tle
		u.lhsNames(m[1], sh)
		u.follow(sh, ls, tnext)
		return
	}
}

// urlAssignPrefixRe: what precedes a URL written in an f-string or a
// template on base: url = f"{BASE}/…", const url = `${BASE}/…`.
var urlAssignPrefixRe = regexp.MustCompile(`^\s*(?:(?:const|let|var|final|val)\s+)?([A-Za-z_$][\w$]*)\s*(?::\s*[\w\[\]., <>|]+)?=\s*[fFrRbBuU]{0,2}["'` + "`" + `][$#]?$`)

var bodyNameRe = regexp.MustCompile(`(?:json|data|body|params|payload|input)\s*[:=]\s*(?:json\.dumps\(|JSON\.stringify\()?([A-Za-z_$][\w$]*)`)

// bodyLiterals are the dict or object literals a call's arguments name as
// its body (json=payload, body: JSON.stringify(data), data=json.dumps(p)),
// written within bodyLookback lines before the statement.
func (u *useContext) bodyLiterals(args Range, stmtStart int) []Range {
	var out []Range
	names := bodyNameRe.FindAllStringSubmatch(u.s[args.Start:min(args.End+1, len(u.s))], 4)
	for _, m := range names {
		def := regexp.MustCompile(`(?m)^\s*(?:(?:const|let|var|final|val)\s+)?` + regexp.QuoteMeta(m[1]) + `\s*(?::\s*[\w\[\], ]+)?=\s*([{\[])`)
		lo := stmtStart
		for n := 0; n < bodyLookback && lo > 0; n++ {
			lo = u.lines[u.lines.line(lo-1)]
		}
		lo = max(lo, stmtStart-4*maxStatement)
		locs := def.FindAllStringSubmatchIndex(u.s[lo:stmtStart], -1)
		if len(locs) == 0 {
			continue
		}
		open := lo + locs[len(locs)-1][2]
		out = append(out, Range{open, matchParen(u.text, open)})
	}
	return out
}

// shellShape: the request is the command up to its first pipe; jq filters
// after it read the response, and so do those applied to NAME=$(…) later.
// at is where the request's URL is written in the command.
func (u *useContext) shellShape(at int, sh *callShape, cs, ce int) {
	cs0, ce0 := cs, ce
	cs, ce = clampAround(cs, ce, at)
	cmd := u.s[cs:ce]
	req := ce
	if i := strings.Index(u.s[at:ce], "|"); i >= 0 {
		req = at + i
	}
	sh.args = append(sh.args, Range{cs, req})
	if sh.scope.End <= sh.scope.Start || sh.scope.Start > cs || sh.scope.End < ce {
		sh.scope = Range{cs, ce}
	}
	sh.jqFilters = append(sh.jqFilters, u.jqFiltersOf(Range{cs0, ce0}, at, ce)...)
	if m := shellAssignRe.FindStringSubmatch(cmd); m != nil {
		sh.shellNames = append(sh.shellNames, m[1])
		next := ce
		for n := 0; n < followLines && next < len(u.text); n++ {
			ls, _, nx := u.lineAt(next)
			lce := nx
			if s2, e2 := commandExtent(u.tl, ls); s2 == ls {
				lce = e2
			}
			if lce-ls > maxFollowLine {
				next = max(nx, lce)
				continue
			}
			line := u.s[ls:lce]
			if strings.Contains(line, "$"+m[1]) || strings.Contains(line, "${"+m[1]+"}") {
				sh.jqFilters = append(sh.jqFilters, u.jqFiltersOf(Range{ls, lce}, ls, lce)...)
			}
			next = max(nx, lce)
		}
	}
}

var (
	shellURLAssignRe = regexp.MustCompile(`^\s*(?:local\s+|export\s+|readonly\s+)?([A-Za-z_]\w*)=["']?[^\s"'$]*(?:\$\{?\w+\}?[^\s"'$]*)*["']?\s*$`)
	shellRequestRe   = regexp.MustCompile(`(?:^|[\s(|;&])(?:curl|wget|http|gh\s+api)\s`)
)

// shellRequestVia: for URL="https://api.github.com/…" written alone, the
// first command within requestWindowLines that passes $URL to curl, wget,
// httpie or gh api: that command is the request (its extent, and where
// $URL is written in it).
func (u *useContext) shellRequestVia(cs, ce int) (rs, re, at int, ok bool) {
	if ce-cs > maxFollowLine {
		return 0, 0, 0, false
	}
	m := shellURLAssignRe.FindStringSubmatch(u.s[cs:ce])
	if m == nil {
		return 0, 0, 0, false
	}
	refs := []string{"${" + m[1] + "}", "$" + m[1]}
	next := ce
	for n := 0; n < requestWindowLines && next < len(u.text); n++ {
		ls, _, nx := u.lineAt(next)
		s2, e2 := commandExtent(u.tl, ls)
		if s2 != ls || e2 <= s2 {
			s2, e2 = ls, nx
		}
		next = max(nx, e2)
		if e2-s2 > maxFollowLine {
			continue
		}
		cmd := u.s[s2:e2]
		if shellAssignRe.MatchString(cmd) && strings.HasPrefix(strings.TrimSpace(cmd), m[1]+"=") {
			return 0, 0, 0, false // the variable holds something else from here on
		}
		for _, ref := range refs {
			i := strings.Index(cmd, ref)
			if i < 0 || ref == refs[1] && s2+i+len(ref) < e2 && isChainIdentByte(u.s[s2+i+len(ref)]) {
				continue
			}
			if shellRequestRe.MatchString(cmd[:i]) {
				return s2, e2, s2 + i, true
			}
		}
	}
	return 0, 0, 0, false
}

var jqRe = regexp.MustCompile(`(?:\bjq|--jq|\s-q)(?:=|\s+)(?:-[a-zA-Z]+\s+)*('[^']*'|"[^"]*"|[^\s|;)]+)`)

// jqFilters are the jq programs in s[from:to]: | jq FILTER, gh --jq.
func jqFilters(s string, from, to int) []Range {
	var out []Range
	for _, m := range jqRe.FindAllStringSubmatchIndex(s[from:to], -1) {
		out = append(out, Range{from + m[2], from + m[3]})
	}
	return out
}

// jqMatch is one jqRe match: all of it, and the filter it names.
type jqMatch struct{ match, filter Range }

// jqMatches are jqRe's matches in s[r.Start:r.End]. Every match holds jq
// or -q: a command with neither (most curls) is not run through the
// regexp, which tries every blank for \s-q.
func jqMatches(s string, r Range) []jqMatch {
	c := s[r.Start:r.End]
	if !strings.Contains(c, "jq") && !strings.Contains(c, "-q") {
		return nil
	}
	var out []jqMatch
	for _, m := range jqRe.FindAllStringSubmatchIndex(c, -1) {
		out = append(out, jqMatch{Range{r.Start + m[0], r.Start + m[1]}, Range{r.Start + m[2], r.Start + m[3]}})
	}
	return out
}

// jqFiltersOf is jqFilters(u.s, from, to) for [from, to) within the
// command span cmd, from the command's matches read once. A match of the
// whole command lying inside [from, to) is the match a read of [from, to)
// finds (jqRe looks behind only for \bjq, and ahead of nothing past its
// own match), and no match is missed unless one crosses from or to: then,
// or when jq starts at from (\b reads the byte before), [from, to) is read
// itself, as before. A test holds the two to the same answers.
func (u *useContext) jqFiltersOf(cmd Range, from, to int) []Range {
	ms, ok := u.jq[cmd]
	if !ok {
		ms = jqMatches(u.s, cmd)
		if u.jq == nil {
			u.jq = map[Range][]jqMatch{}
		}
		u.jq[cmd] = ms
	}
	if from < cmd.Start || to > cmd.End || strings.HasPrefix(u.s[from:to], "jq") {
		return jqFilters(u.s, from, to)
	}
	// The matches are in order and do not overlap: the first ending after
	// from, on to the last starting before to.
	i := sort.Search(len(ms), func(i int) bool { return ms[i].match.End > from })
	var out []Range
	for ; i < len(ms) && ms[i].match.Start < to; i++ {
		if m := ms[i].match; m.Start < from || m.End > to {
			return jqFilters(u.s, from, to) // crosses a bound: read as before
		}
		out = append(out, ms[i].filter)
	}
	return out
}
