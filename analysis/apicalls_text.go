package analysis

import (
	"regexp"
	"sort"
	"strings"
)

// Bounds of the API-call finders (issue 18: work linear in the input).
// Each match looks at a bounded stretch of text around it, and what
// depends only on a line or a call is computed once per line or call:
// a minified file of one huge line then costs what the same code costs
// over many lines. The bounds are far above what ordinary code writes.
const (
	// maxCodePath: a URL path, and a concatenation building one, is read
	// for at most this many bytes.
	maxCodePath = 2048
	// maxCallArgs: a call's arguments are read for at most this many
	// bytes (an unclosed call always was).
	maxCallArgs = 2000
	// maxAssignPrefix: a base constant's assignment starts at most this
	// many bytes before its value on the line.
	maxAssignPrefix = 512
	// maxCallee: the dotted name before a "(" is read for this many bytes.
	maxCallee = 200
	// maxGhArgs: a gh command's words read, and the bytes they span.
	maxGhArgs, maxGhLine = 64, 4096
)

// codeText is the text FindAPICalls reads, with its lines indexed once
// and the answers that depend only on a line or a call kept: every finder
// asks it about the line or the call around its match.
type codeText struct {
	s        string
	lang     Lang                    // which quotes open a literal (commandSpan)
	starts   []int                   // line starts ("\n" ends a line: FindAPICalls' text is newlineBreaks')
	logical  map[int][2]int          // physical line start -> its logical line
	lineCmds map[int]*lineCommands   // logical line start -> its commands
	cmds     map[[2]int]*commandLine // a command's bounds -> its command words
	assigns  map[int]*assignLine     // physical line start -> its first assignment
	vias     map[viaKey]methodFrom
	calls    map[int]*callClues // "(" offset -> what the call says of its method
	// methodWords: where "method" occurs in any case, found once.
	methodWords     []int
	methodWordsDone bool
}

type methodFrom struct {
	method, from string
	ok           bool
}

type viaKey struct {
	lineEnd int
	name    string
}

func newCodeText(lang Lang, s string) *codeText {
	t := &codeText{s: s, lang: lang, starts: []int{0}}
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		t.starts = append(t.starts, i)
	}
	return t
}

// line returns the bounds of the line holding offset i (as lineSpan).
func (t *codeText) line(i int) (start, end int) {
	k := sort.Search(len(t.starts), func(k int) bool { return t.starts[k] > i }) - 1
	start = t.starts[max(k, 0)]
	if k+1 < len(t.starts) {
		return start, t.starts[k+1] - 1
	}
	return start, len(t.s)
}

// logicalLine extends the line holding i over shell continuations (a
// trailing backslash or PowerShell backtick) in both directions: the
// whole command, as the shell reads it. The chain is walked once and its
// bounds kept for each of its lines, so every line's command (command,
// fields) is read once however long the chain is; a window of lines
// around each match made a command of thousands of continued lines cost
// a hundred reads of each line.
func (t *codeText) logicalLine(i int) (start, end int) {
	ls, _ := t.line(i)
	if r, ok := t.logical[ls]; ok {
		return r[0], r[1]
	}
	s := t.s
	k := sort.SearchInts(t.starts, ls) // the line's number
	first, last := k, k
	for first > 0 && continued(s[:t.starts[first]-1]) {
		first--
	}
	for last+1 < len(t.starts) && continued(s[:t.starts[last+1]-1]) {
		last++
	}
	start, end = t.starts[first], len(s)
	if last+1 < len(t.starts) {
		end = t.starts[last+1] - 1
	}
	if t.logical == nil {
		t.logical = map[int][2]int{}
	}
	for j := first; j <= last; j++ {
		t.logical[t.starts[j]] = [2]int{start, end}
	}
	return start, end
}

// commandLine is what a command (commandSpan) says: where its first curl,
// wget and Invoke-RestMethod words end (-1: none), and the method each
// would send, read once.
type commandLine struct {
	curlEnd, wgetEnd, invokeEnd int
	curl, wget, invoke          *methodFrom
	// mayHold: the text holds one of the words at all (a line without
	// one is not split into commands).
	mayHold bool
}

func (t *codeText) command(ls, le int) *commandLine {
	if c, ok := t.cmds[[2]int{ls, le}]; ok {
		return c
	}
	line := t.s[ls:le]
	// The regexps run only on a line that may hold their word (a
	// fixed-string search), and stop at their first match.
	firstEnd := func(re *regexp.Regexp, maybe bool) int {
		if !maybe {
			return -1
		}
		if m := re.FindStringIndex(line); m != nil {
			return ls + m[1]
		}
		return -1
	}
	hasCurl, hasWget, hasInvoke := strings.Contains(line, "curl"), strings.Contains(line, "wget"), mayInvoke(line)
	c := &commandLine{curlEnd: firstEnd(curlRe, hasCurl), wgetEnd: firstEnd(wgetRe, hasWget), invokeEnd: firstEnd(invokeRe, hasInvoke),
		mayHold: hasCurl || hasWget || hasInvoke}
	if t.cmds == nil {
		t.cmds = map[[2]int]*commandLine{}
	}
	t.cmds[[2]int{ls, le}] = c
	return c
}

// mayInvoke: the line, lower-cased (which maps the Kelvin sign that
// (?i) matches for k to k), holds one of invokeRe's words.
func mayInvoke(line string) bool {
	low := strings.ToLower(line)
	return strings.Contains(low, "irm") || strings.Contains(low, "iwr") || strings.Contains(low, "invoke-")
}

// wordInHead reports whether the word regexp whose first match on the
// line ends at firstEnd matches s[ls:i]: that match ends by i, or one of
// words ends exactly at i (at the head's end, \b holds whatever follows).
func (t *codeText) wordInHead(firstEnd, ls, i int, fold bool, words ...string) bool {
	if firstEnd >= 0 && firstEnd <= i {
		return true
	}
	for _, w := range words {
		p := i - len(w)
		if p < ls {
			continue
		}
		same := t.s[p:i] == w || fold && strings.EqualFold(t.s[p:i], w)
		if same && (p == ls || !isIdentByte(t.s[p-1])) {
			return true
		}
	}
	return false
}

// assignLine is the first assignment a physical line makes (assignRe).
type assignLine struct {
	start, end int // -1: none
	name       string
}

func (t *codeText) assignment(ls, le int) *assignLine {
	if a, ok := t.assigns[ls]; ok {
		return a
	}
	a := &assignLine{start: -1, end: -1}
	if m := assignRe.FindStringSubmatchIndex(t.s[ls:le]); m != nil {
		a.start, a.end, a.name = ls+m[0], ls+m[1], t.s[ls+m[2]:ls+m[3]]
	}
	if t.assigns == nil {
		t.assigns = map[int]*assignLine{}
	}
	t.assigns[ls] = a
	return a
}

// firstMethodArg is methodArgRe's leftmost match in s[from:to] (nil:
// none), as FindStringSubmatchIndex on that stretch would find it. Every
// match holds "method" in some case, whose places are found once: the
// regexp only reads from a few bytes before the first one.
func (t *codeText) firstMethodArg(from, to int) []int {
	if !t.methodWordsDone {
		t.methodWords, t.methodWordsDone = foldIndexAll(t.s, "method"), true
	}
	k := sort.SearchInts(t.methodWords, from)
	if k == len(t.methodWords) || t.methodWords[k]+len("method") > to {
		return nil
	}
	// A match starts at most 5 bytes before its "method" (`http.Method`):
	// one starting at the stretch's own start would need an earlier one.
	at := max(from, t.methodWords[k]-16)
	m := methodArgRe.FindStringSubmatchIndex(t.s[at:to])
	for j := range m {
		if m[j] >= 0 {
			m[j] += at
		}
	}
	return m
}

// foldIndexAll lists where lower (lower-case ASCII letters) occurs in s
// in any case.
func foldIndexAll(s, lower string) []int {
	var out []int
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	low := string(b)
	for i := 0; ; {
		j := strings.Index(low[i:], lower)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}

// submatch returns the text of group g of match m ("" when it did not
// take part).
func (t *codeText) submatch(m []int, g int) string {
	if m[2*g] < 0 {
		return ""
	}
	return t.s[m[2*g]:m[2*g+1]]
}

// pastClosingWithin returns the index after the bracket that closes the
// one at open, looking at most limit bytes ahead and not past the line:
// len(s) when it is not closed within them.
func pastClosingWithin(s string, open int, l, r byte, limit int) int {
	depth := 0
	for i := open; i < len(s) && i-open < limit && s[i] != '\n'; i++ {
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
