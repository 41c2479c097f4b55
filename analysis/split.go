package analysis

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Tokens written in pieces: string literals joined by an operator or by
// adjacency ("ghp_ab" + "cd…", 'ab'"cd" in shell), a backslash-newline
// continuation, the lines of a YAML block scalar, or invisible characters
// (U+200B…) slipped inside. The joiner walks forward from each 'g' that
// could start a token, taking token characters and stepping over gaps,
// and stops at the first byte that is neither. Only a checksum-valid
// reassembly with a gap inside the token is a finding: joining is
// generous about syntax, the checksum is the judge.
//
// Cost: the walker is asked about each 'g' of the plain scanner's one
// IndexByte pass (tokens.go); it walks only where the byte after the 'g'
// is 'h', 'i' or a gap, and gives up at the first byte that cannot
// continue a token prefix. A walk takes at most the longest
// token's characters over at most maxJoinPieces pieces with gaps of at
// most maxJoinGap bytes, so the work stays linear in the input.

const (
	maxJoinPieces    = 64   // pieces joined into one token
	maxJoinGap       = 256  // bytes between two joined string literals
	maxStatelessJoin = 1024 // longest stateless ghs_<APPID>_<JWT> token joined
)

// splitPrefixes are the token prefixes a walk can be reading.
var splitPrefixes = ghtoken.Prefixes()

// gapKind is what separated two pieces of a token.
type gapKind int

const (
	gapQuote        gapKind = iota // the end of one string literal and the start of the next
	gapLine                        // a line break (YAML block scalar, wrapped text)
	gapContinuation                // a backslash-newline
	gapInvisible                   // an invisible character
)

type gap struct {
	at   int // bytes of the token before it
	kind gapKind
	r    rune // the invisible character
	// For a quote gap: the opening quote of the literal it enters (in
	// shell, its last quote), and how many shell quotes it passed (each
	// switches quoting on or off).
	open, toggles int
	// element: the literals are elements of a list (a comma between
	// them), joined only if the list is (split_join.go).
	element bool
}

// splitWalker reassembles tokens from pieces for one text.
type splitWalker struct {
	fx     *fixer
	cursor *literalCursor // made at the first finding
	lang   Lang
	text   []byte
	shell  bool // shell quoting: 'ab'"cd"ef is one word
	lines  bool // a line break inside a run joins lines
	buf    []byte
	pieces []Range
	gaps   []gap
	prefix string // the token prefix, once read
	// A ghs_ token: 40 characters (plain40), or, after digits and '_',
	// a stateless one's JWT (jwt) with its dots so far.
	jwt, plain40 bool
	dots         int
	lim          int // limit()
}

func newSplitWalker(fx *fixer) *splitWalker {
	lang := fx.lang
	return &splitWalker{
		fx: fx, lang: lang, text: fx.text, shell: shellQuoting(lang),
		lines: lang == LangYAML || lang == LangWorkflow || lang == LangText || lang == LangMarkdown,
		buf:   make([]byte, 0, 128),
	}
}

// mayStart reports whether a walk from the 'g' at p can find anything: the
// text from p must be a token prefix, or a part of one that ends at a gap.
// A cheap filter before any walk ("github.com", "ghost" end here).
func (w *splitWalker) mayStart(p int) bool {
	text := w.text
	k := p + 1
	switch {
	case k >= len(text):
		return false
	case text[k] == 'h': // gh, ghp, ghp_
		k++
		if k < len(text) && strings.IndexByte("pousr", text[k]) >= 0 {
			k++
			if k < len(text) && text[k] == '_' {
				return true
			}
		}
	case text[k] == 'i': // github_pat_ or a part of it
		for k-p < len(finePrefix) && k < len(text) && text[k] == finePrefix[k-p] {
			k++
		}
		if k-p == len(finePrefix) {
			return true
		}
	}
	return k < len(text) && w.gapStart(text[k])
}

// gapStart reports whether c can start a gap.
func (w *splitWalker) gapStart(c byte) bool {
	switch c {
	case '"', '\'', '`', '\\', 0xC2, 0xE2, 0xEF:
		return true
	case '\n', '\r':
		return w.lines
	}
	return false
}

// takes reports whether c continues the token read so far. It follows
// each format closely (where a fine-grained token's one inner '_' goes,
// a stateless token's digits, '_' and two dots), so that a walk through
// text that only looks like a chain of prefixes ends within a few bytes.
func (w *splitWalker) takes(c byte) bool {
	n := len(w.buf)
	switch w.prefix {
	case "":
		for _, p := range splitPrefixes {
			if n < len(p) && p[n] == c && string(w.buf) == p[:n] {
				return true
			}
		}
		return false
	case finePrefix: // github_pat_ + 22 [A-Za-z0-9_] + _ + 59 [A-Za-z0-9]
		switch {
		case n < fineUnderscore:
			return ghtoken.IsAlnum(c) || c == '_'
		case n == fineUnderscore:
			return c == '_'
		}
	case serverPrefix: // 40 characters, or ghs_<APPID>_<JWT>
		switch {
		case w.jwt:
			return ghtoken.IsAlnum(c) || c == '_' || c == '-' || c == '.' && w.dots < 2
		case !w.plain40 && n > len(serverPrefix): // the digits of an app id so far
			return ghtoken.IsAlnum(c) || c == '_'
		}
	}
	return ghtoken.IsAlnum(c)
}

// fineUnderscore is where a fine-grained token's inner '_' is.
const fineUnderscore = 33

// take appends c (which takes accepted) and notes what it says about the format.
func (w *splitWalker) take(c byte) {
	w.buf = append(w.buf, c)
	switch {
	case w.prefix == "":
		if w.notePrefix() {
			w.lim = w.limit()
		}
	case w.prefix != serverPrefix:
	case w.jwt:
		if c == '.' {
			w.dots++
		}
	case w.plain40:
	case c == '_':
		w.jwt = true
	case c < '0' || c > '9':
		w.plain40 = true
		w.lim = w.limit()
	}
}

// limit is the most token bytes the walk needs (kept in w.lim, as it
// changes only with the prefix and a ghs_ token's form).
func (w *splitWalker) limit() int {
	switch {
	case w.prefix == serverPrefix && !w.plain40:
		return maxStatelessJoin
	case w.prefix != "":
		return ghtoken.ExpectedLen(ghtoken.Classify(w.prefix))
	}
	return ghtoken.FineGrainedLen
}

// walk reads the token that may start at p, in pieces, into w.buf: it
// takes token characters and steps over gaps until neither continues.
func (w *splitWalker) walk(p int) {
	w.buf, w.pieces, w.gaps = w.buf[:0], w.pieces[:0], w.gaps[:0]
	w.prefix, w.jwt, w.plain40, w.dots = "", false, false, 0
	w.lim = w.limit()
	text := w.text
	i, from := p, p
	for i < len(text) && len(w.buf) < w.lim {
		if c := text[i]; w.takes(c) {
			w.take(c)
			i++
			continue
		}
		if i > from {
			w.pieces = append(w.pieces, Range{from, i})
		}
		from = i
		if len(w.pieces) >= maxJoinPieces || len(w.buf) == 0 {
			return
		}
		n := w.gapAt(i)
		if n == 0 {
			return
		}
		i += n
		from = i
	}
	if i > from {
		w.pieces = append(w.pieces, Range{from, i})
	}
}

// notePrefix records the token prefix once the buffer holds a whole one.
func (w *splitWalker) notePrefix() bool {
	for _, p := range splitPrefixes {
		if string(w.buf) == p {
			w.prefix = p
			return true
		}
	}
	return false
}

// gapAt returns the length of the gap at text[i] (recording it), or 0.
func (w *splitWalker) gapAt(i int) int {
	text := w.text
	if r, n := ghtoken.Invisible(text, i); n > 0 {
		w.gaps = append(w.gaps, gap{at: len(w.buf), kind: gapInvisible, r: r})
		return n
	}
	switch c := text[i]; {
	case c == '\\':
		n := lineBreakLen(text, i+1)
		if n == 0 {
			return 0
		}
		w.gaps = append(w.gaps, gap{at: len(w.buf), kind: gapContinuation})
		j := i + 1 + n
		if w.lines { // a YAML double-quoted scalar drops the next line's indentation
			j = skipBlanks(text, j, len(text))
		}
		return j - i
	case isQuote(c):
		return w.quoteGap(i)
	case w.lines && (c == '\n' || c == '\r'):
		j := i + lineBreakLen(text, i)
		j = skipBlanks(text, j, len(text))
		if j >= len(text) || !w.takes(text[j]) {
			return 0
		}
		w.gaps = append(w.gaps, gap{at: len(w.buf), kind: gapLine})
		return j - i
	}
	return 0
}

// quoteGap returns the length of the gap from the quote at text[i] to the
// next piece, or 0. A quote right before a token character switches
// quoting inside one shell word (gh'p_…'): read so in every language, as
// a history scan reads every blob without one. In shell that and
// adjacent quotes ('ab'"cd") are all; elsewhere one literal ends and,
// after blanks (line breaks, backslash-newlines and line comments too),
// at most one concatenation operator and a string prefix (r, b, f, u, L,
// @, $), the next begins.
func (w *splitWalker) quoteGap(i int) int {
	text := w.text
	j := i + 1
	if j < len(text) && w.takes(text[j]) {
		w.gaps = append(w.gaps, gap{at: len(w.buf), kind: gapQuote, toggles: 1, open: i})
		return 1
	}
	if w.shell {
		if j >= len(text) || !isQuote(text[j]) {
			return 0
		}
		w.gaps = append(w.gaps, gap{at: len(w.buf), kind: gapQuote, toggles: 2, open: j})
		return 2
	}
	lim := min(len(text), i+maxJoinGap)
	j = w.skipBetween(j, lim)
	element := false
	if n := joinOperatorLen(text, j, lim); n > 0 {
		j = w.skipBetween(j+n, lim)
	} else if j < lim && text[j] == ',' {
		element = true
		j = w.skipBetween(j+1, lim)
	}
	for k := 0; k < 2 && j < lim && isStringPrefixByte(text[j]); k++ {
		j++
	}
	if j >= lim || !isQuote(text[j]) {
		return 0
	}
	w.gaps = append(w.gaps, gap{at: len(w.buf), kind: gapQuote, open: j, element: element})
	return j + 1 - i
}

// joinOperators join two string literals: +, . (PHP, Perl), .. (Lua),
// & (Visual Basic), || (SQL), the longest first.
var joinOperators = []string{"||", "..", "+", ".", "&"}

func joinOperatorLen(text []byte, j, lim int) int {
	for _, op := range joinOperators {
		if j+len(op) <= lim && string(text[j:j+len(op)]) == op {
			return len(op)
		}
	}
	return 0
}

func isStringPrefixByte(c byte) bool {
	switch c {
	case 'r', 'R', 'b', 'B', 'f', 'F', 'u', 'U', 'L', '@', '$':
		return true
	}
	return false
}

// skipBetween moves forward over what may stand between two joined
// literals: blanks, line breaks, backslash-newlines and line comments
// ("ghp_ab" + // part 2 ⏎ "cd…"), not past lim.
func (w *splitWalker) skipBetween(j, lim int) int {
	lc := []byte(w.lang.LineComment())
	if len(lc) == 0 {
		lc = []byte("//") // C, C#, PHP, Kotlin, Swift: read as text
	}
	for {
		j = skipSpaces(w.text, j, lim)
		if j >= lim || !bytes.HasPrefix(w.text[j:lim], lc) {
			return j
		}
		_, le, _ := lineAt(w.text[:lim], j)
		if le >= lim {
			return lim
		}
		j = le
	}
}

// skipSpaces moves forward over blanks, line breaks and backslash-newlines,
// not past lim.
func skipSpaces(text []byte, j, lim int) int {
	for j < lim {
		switch c := text[j]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			j++
		case c == '\\' && lineBreakLen(text, j+1) > 0:
			j += 1 + lineBreakLen(text, j+1)
		default:
			return j
		}
	}
	return lim
}

// lineBreakLen is the length of the line break at text[i] ("\n", "\r\n",
// "\r"), or 0.
func lineBreakLen(text []byte, i int) int {
	switch {
	case i >= len(text):
		return 0
	case text[i] == '\n':
		return 1
	case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
		return 2
	case text[i] == '\r':
		return 1
	}
	return 0
}

// joinedToken is a token the walker reassembled.
type joinedToken struct {
	tok    string
	pieces []Range // where its bytes are, in order
	gaps   []gap   // the gaps inside it
}

func (j *joinedToken) start() int { return j.pieces[0].Start }
func (j *joinedToken) end() int   { return j.pieces[len(j.pieces)-1].End }

// token returns the checksum-valid token at the start of the walk, cut to
// its length, when a gap falls inside it; a token written out whole is the
// plain scanner's.
func (w *splitWalker) token() (joinedToken, bool) {
	if len(w.gaps) == 0 || w.prefix == "" {
		return joinedToken{}, false // most walks
	}
	n := ghtoken.ExpectedLen(ghtoken.Classify(w.prefix))
	if n > 0 && len(w.buf) < n || w.gaps[0].at >= max(n, len(w.buf)) {
		return joinedToken{}, false // too short, or no gap inside
	}
	s := string(w.buf)
	tok := ""
	if n > 0 && ghtoken.Check(s[:n]) == ghtoken.Valid {
		tok = s[:n]
	} else if w.prefix == serverPrefix {
		t := strings.TrimRight(s, ".") // a sentence's full stop is not part of it
		if ghtoken.Classify(t).Traits().Checksum == ghtoken.JWTHeader && ghtoken.Check(t) == ghtoken.Valid {
			tok = t
		}
	}
	if tok == "" {
		return joinedToken{}, false
	}
	var gaps []gap
	elements := false
	for _, g := range w.gaps {
		if g.at > 0 && g.at < len(tok) {
			gaps = append(gaps, g)
			elements = elements || g.element
		}
	}
	if len(gaps) == 0 {
		return joinedToken{}, false
	}
	// Cut the pieces at the token's end.
	var pieces []Range
	left := len(tok)
	for _, p := range w.pieces {
		if left == 0 {
			break
		}
		if n := p.End - p.Start; n > left {
			p.End = p.Start + left
		}
		left -= p.End - p.Start
		pieces = append(pieces, p)
	}
	jt := joinedToken{tok: tok, pieces: pieces, gaps: gaps}
	if elements && !listJoined(w.text, jt) {
		return joinedToken{}, false
	}
	return jt, true
}

// how says how a token was written, for its message: "joined from 3
// string literals", "split by U+200B".
func (j *joinedToken) how() string {
	var quotes, elements, lines int
	cont := false
	var inv []string
	for _, g := range j.gaps {
		switch g.kind {
		case gapQuote:
			if g.element {
				elements++
			} else {
				quotes++
			}
		case gapLine:
			lines++
		case gapContinuation:
			cont = true
		case gapInvisible:
			if u := fmt.Sprintf("U+%04X", g.r); !containsString(inv, u) {
				inv = append(inv, u)
			}
		}
	}
	var parts []string
	if quotes > 0 {
		parts = append(parts, fmt.Sprintf("joined from %d string literals", quotes+1))
	}
	if elements > 0 {
		parts = append(parts, fmt.Sprintf("joined from %d list elements", elements+1))
	}
	if lines > 0 {
		parts = append(parts, fmt.Sprintf("joined from %d lines", lines+1))
	}
	if cont {
		parts = append(parts, "continued with a backslash-newline")
	}
	if len(inv) > 0 {
		parts = append(parts, "split by "+strings.Join(inv, ", "))
	}
	return strings.Join(parts, ", ")
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// findAt finds a token written in pieces that starts at the 'g' at p.
// It is reported under the rule of its kind, like a plain token, from its
// first byte to its last, with TokenInfo.Pieces saying where its bytes are.
func (w *splitWalker) findAt(p int) (Finding, bool) {
	if !w.mayStart(p) {
		return Finding{}, false
	}
	w.walk(p)
	jt, ok := w.token()
	if !ok {
		return Finding{}, false
	}
	return w.finding(jt), true
}

// finding reports a token written in pieces.
func (w *splitWalker) finding(jt joinedToken) Finding {
	kind := ghtoken.Classify(jt.tok)
	_, ruleID := prefixAt([]byte(jt.tok), 0)
	stateless := kind.Traits().Checksum == ghtoken.JWTHeader
	if stateless {
		ruleID = RuleStatelessInstall
	}
	sum := sha256.Sum256([]byte(jt.tok))
	info := &TokenInfo{
		Kind: string(kind), KindName: kind.Name(), Redacted: ghtoken.Redact(jt.tok),
		ChecksumValid: true, Fingerprint: hex.EncodeToString(sum[:]),
		Pieces: jt.pieces, Written: jt.how(),
	}
	msg := fmt.Sprintf("Hard-coded %s %s (checksum valid; %s)", kind.Name(), info.Redacted, info.Written)
	if stateless {
		msg = fmt.Sprintf("Hard-coded GitHub App stateless installation token %s (%s)", info.Redacted, info.Written)
	}
	if w.cursor == nil {
		w.cursor = &literalCursor{lang: w.lang, text: w.text}
	}
	return Finding{
		RuleID: ruleID, Range: Range{jt.start(), jt.end()}, Severity: DefaultSeverity(ruleID), Message: msg, Token: info,
		Fixes: w.fx.splitTokenFixes(w.shell, w.cursor, jt),
	}
}

// TokenText re-reads the token of a token finding from the text it was
// found in: the bytes of its Range, or of its Pieces for a token written
// in pieces, or decoded again from its Range for a token in an encoded run
// (decode_text.go). ok is false when the bytes there are not the token the
// finding fingerprinted (the text changed, or the finding is no token).
func TokenText(text []byte, f Finding) (string, bool) {
	if f.Token == nil {
		return "", false
	}
	pieces := f.Token.Pieces
	if len(pieces) == 0 {
		pieces = []Range{f.Range}
	}
	var b []byte
	for _, p := range pieces {
		if p.Start < 0 || p.End > len(text) || p.Start > p.End {
			return "", false
		}
		b = append(b, text[p.Start:p.End]...)
	}
	if tokenFingerprint(string(b)) != f.Token.Fingerprint {
		// A token in an encoded run: its Range is the encoding.
		if len(f.Token.Pieces) == 0 {
			return decodedTokenText(text, f)
		}
		return "", false
	}
	return string(b), true
}
