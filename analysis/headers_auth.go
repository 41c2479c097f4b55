package analysis

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// findAuthIssues reports Authorization values that use the legacy "token"
// scheme, and values GitHub rejects with 401 "Bad credentials" (stray quotes,
// stray whitespace, a doubled scheme, no token at all).
func findAuthIssues(lang Lang, tl *textLines, cfg *Config) []Finding {
	var out []Finding
	for _, at := range authHeader.indexAll(tl.text) {
		if inLineComment(lang, tl, at) {
			continue
		}
		v, ok := parseHeaderValue(lang, tl, at, at+len(authHeader.lower))
		if !ok {
			continue
		}
		out = append(out, checkAuthValue(lang, tl, v, cfg)...)
	}
	return out
}

var schemes = []string{"bearer", "token"}

// schemeAt returns the end of a scheme word (Bearer/token, any case) at
// text[i:end], or -1.
func schemeAt(text []byte, i, end int) (int, string) {
	for _, s := range schemes {
		e := i + len(s)
		if e <= end && hasPrefixFold(text[i:end], s) && (e == end || !isIdentByte(text[e])) {
			return e, s
		}
	}
	return -1, ""
}

// blankAt returns the length of a whitespace item at text[i]: a blank, or an
// escape sequence that produces one (\t, \n, \r).
func blankAt(text []byte, i, end int) (int, string) {
	switch {
	case i >= end:
		return 0, ""
	case text[i] == ' ':
		return 1, "space"
	case text[i] == '\t':
		return 1, "tab"
	case text[i] == '\\' && i+1 < end:
		switch text[i+1] {
		case 't':
			return 2, "tab escape"
		case 'n', 'r':
			return 2, "newline escape"
		}
	}
	return 0, ""
}

// blanks skips whitespace items from i and describes what it saw.
func blanks(text []byte, i, end int) (next int, kinds []string) {
	for {
		n, k := blankAt(text, i, end)
		if n == 0 {
			return i, kinds
		}
		kinds = append(kinds, k)
		i += n
	}
}

func describeBlanks(kinds []string) string {
	for _, k := range kinds {
		if k != "space" {
			return "a " + k
		}
	}
	if len(kinds) == 1 {
		return "a space"
	}
	return fmt.Sprintf("%d spaces", len(kinds))
}

// strayQuoteLen returns the length of a quote written inside the value at
// text[i] ('x', "x", \"x\"), or 0.
func strayQuoteLen(text []byte, i, end int) int {
	if i < end && isQuote(text[i]) {
		return 1
	}
	if i+1 < end && text[i] == '\\' && (text[i+1] == '"' || text[i+1] == '\'') {
		return 2
	}
	return 0
}

// authParts is an Authorization value taken apart: [leading blanks]
// scheme [blanks] [second scheme [blanks]] credential [trailing blanks].
type authParts struct {
	schemeStart, schemeEnd int    // the first scheme word
	firstScheme            string // "bearer" or "token"
	scheme                 []byte // the scheme a fix keeps (Bearer when one of two)
	doubled                bool   // the scheme is written twice
	lead, sep, trail       []string
	cred                   []byte // the credential, without stray quotes
	credOff                int    // where cred starts in text
	noFix                  bool   // a stray quote closes in a later operand
}

// problemList collects what is wrong with a value and what the fix does.
type problemList struct{ problems, actions []string }

func (p *problemList) add(problem, action string) {
	p.problems = append(p.problems, problem)
	if action != "" {
		p.actions = append(p.actions, action)
	}
}

// parseAuth takes the value apart, or returns false for another scheme
// (Basic, ...) or a variable: not ours to judge.
func parseAuth(text []byte, v headerValue, pl *problemList) (authParts, bool) {
	var a authParts
	valueEnd := v.end
	a.schemeStart, a.lead = blanks(text, v.start, valueEnd)
	a.schemeEnd, a.firstScheme = schemeAt(text, a.schemeStart, valueEnd)
	if a.schemeEnd < 0 {
		return a, false
	}
	a.scheme = text[a.schemeStart:a.schemeEnd]
	credStart, sep := blanks(text, a.schemeEnd, valueEnd)
	if secondEnd, second := schemeAt(text, credStart, valueEnd); secondEnd >= 0 {
		a.doubled = true
		pl.add(fmt.Sprintf("the scheme is written twice (%q)", string(text[a.schemeStart:secondEnd])), "remove the duplicate scheme")
		if a.firstScheme != "bearer" && second == "bearer" {
			a.scheme = text[credStart:secondEnd]
		}
		credStart, sep = blanks(text, secondEnd, valueEnd)
	}
	a.sep = sep
	credEnd, trail := trailingBlanks(text, credStart, valueEnd)
	a.trail = trail
	if len(a.lead) > 0 && !v.inline {
		pl.add("whitespace before the scheme", "remove the whitespace")
	}
	a.cred, a.credOff = text[credStart:credEnd], credStart
	a.stripStrayQuotes(text, v, pl)
	return a, true
}

// trailingBlanks returns where the credential ends before the whitespace
// items (blanks and their escapes) that end the value.
func trailingBlanks(text []byte, credStart, valueEnd int) (credEnd int, kinds []string) {
	credEnd = valueEnd
	for credEnd > credStart {
		if n, k := blankAt(text, credEnd-1, valueEnd); n == 1 {
			kinds = append(kinds, k)
			credEnd--
			continue
		}
		if credEnd-2 < credStart || text[credEnd-2] != '\\' {
			break
		}
		n, k := blankAt(text, credEnd-2, valueEnd)
		if n != 2 {
			break
		}
		kinds = append(kinds, k)
		credEnd -= 2
	}
	return credEnd, kinds
}

// stripStrayQuotes removes quotes written around the credential.
func (a *authParts) stripStrayQuotes(text []byte, v headerValue, pl *problemList) {
	cred := a.cred
	ql := strayQuoteLen(cred, 0, len(cred))
	if ql == 0 {
		return
	}
	inner := cred[ql:]
	if cl := len(inner); cl >= ql && strayQuoteLen(inner, cl-ql, cl) == ql && string(inner[cl-ql:]) == string(cred[:ql]) {
		inner = inner[:cl-ql]
	} else if v.more {
		// The closing quote is in a later operand ("Bearer \"" + t + "\""):
		// removing only the opening one would leave the other.
		a.noFix = true
	}
	pl.add(fmt.Sprintf("quotes around the token (%s)", strings.TrimPrefix(string(cred[:ql]), "\\")), "remove the quotes")
	a.cred = inner
	a.credOff += ql
}

// empty: no token follows the scheme ("$" alone is an empty shell expansion).
func (a authParts) empty(v headerValue) bool {
	return (len(a.cred) == 0 || string(a.cred) == "$") && (!v.more || v.emptyNext != Range{})
}

// spacingProblems records what is wrong around the credential.
func (a authParts) spacingProblems(v headerValue, pl *problemList) {
	switch {
	case a.empty(v):
		pl.add("no token after the scheme", "")
	case len(a.sep) == 0 && (len(a.cred) > 0 || (v.more && !v.moreLiteral)):
		pl.add("no space between the scheme and the token", "add the space")
	case len(a.sep) > 1 || (len(a.sep) == 1 && a.sep[0] != "space"):
		pl.add(describeBlanks(a.sep)+" between the scheme and the token", "use one space")
	}
	if len(a.trail) > 0 && len(a.cred) > 0 && !v.more {
		pl.add(describeBlanks(a.trail)+" after the token", "remove the trailing whitespace")
	}
}

func checkAuthValue(lang Lang, tl *textLines, v headerValue, cfg *Config) []Finding {
	text := tl.text
	var pl problemList
	a, ok := parseAuth(text, v, &pl)
	if !ok {
		return nil
	}
	if a.empty(v) && v.quote == '`' && (lang == LangMarkdown || lang == LangText) {
		return nil // prose naming the scheme ("the `Authorization: token` scheme")
	}
	a.spacingProblems(v, &pl)
	var out []Finding
	if len(pl.problems) > 0 && cfg.enabled(RuleMalformedAuth) {
		out = append(out, malformedFinding(v, a, pl))
	}
	if a.firstScheme == "token" && !a.doubled && cfg.enabled(RuleLegacyAuthScheme) && nearGitHub(lang, tl, a.schemeStart, cfg) {
		out = append(out, legacySchemeFinding(a))
	}
	return out
}

// malformedFinding: why GitHub rejects these values is in docs/rules.md
// (github-auth-malformed): it answers 401 "Bad credentials" to anything but
// "Bearer <token>" with one space.
func malformedFinding(v headerValue, a authParts, pl problemList) Finding {
	rangeStart := v.start
	if v.inline {
		rangeStart = a.schemeStart
	}
	f := Finding{
		RuleID:   RuleMalformedAuth,
		Range:    Range{rangeStart, v.end},
		Severity: DefaultSeverity(RuleMalformedAuth),
		Message:  "Malformed Authorization value: " + strings.Join(pl.problems, "; ") + ".",
	}
	if a.empty(v) || a.noFix {
		return f
	}
	fixed := string(a.scheme)
	if len(a.cred) > 0 || v.more {
		fixed += " "
	}
	// Two edits around the credential, not one over it: the edit goes to
	// the client, and must not carry the token.
	edits := []Edit{{Range: Range{rangeStart, a.credOff}, NewText: fixed}}
	if tail := a.credOff + len(a.cred); tail < v.end {
		edits = append(edits, Edit{Range: Range{tail, v.end}})
	}
	f.Fixes = []Fix{{
		Title:     "Fix the Authorization value: " + strings.Join(pl.actions, ", "),
		Edits:     edits,
		Preferred: true,
	}}
	return f
}

// legacySchemeFinding: GitHub still accepts "token", but its docs use
// "Bearer" (docs/rules.md, github-auth-legacy-scheme).
func legacySchemeFinding(a authParts) Finding {
	r := Range{a.schemeStart, a.schemeEnd}
	return Finding{
		RuleID:   RuleLegacyAuthScheme,
		Range:    r,
		Severity: DefaultSeverity(RuleLegacyAuthScheme),
		Message:  `"Authorization: token <token>" is GitHub's legacy scheme: its docs use "Bearer <token>".`,
		Fixes: []Fix{{
			Title:     "Use the Bearer scheme",
			Edits:     []Edit{{Range: r, NewText: "Bearer"}},
			Preferred: true,
		}},
	}
}

// nearGitHub decides whether the Authorization header at off is sent to
// GitHub: the "token" scheme is GitHub's convention, but other APIs (Django
// REST framework's "Token") use the word too. The nearest URL decides (in a
// curl command, the command's own URL); with no URL nearby, a mention of
// GitHub or a GitHub token variable does.
func nearGitHub(lang Lang, tl *textLines, off int, cfg *Config) bool {
	winStart, winEnd := lineWindow(tl, off, requestWindowLines)
	if cmd, _, ok := tl.curlCommandAt(off); ok {
		winStart, winEnd = cmd.Start, cmd.End
	}
	winStart, winEnd = max(winStart, off-maxHeaderWindow), min(winEnd, off+maxHeaderWindow)
	if host, ok := nearestURLHost(lang, tl, winStart, winEnd, off); ok {
		return isGitHubHost(host, cfg)
	}
	w := newLowerWindow(tl, winStart, winEnd, nil).b
	// Every mention starts with "g": one IndexByte pass checks them all.
	for i := bytes.IndexByte(w, 'g'); i >= 0; {
		for _, s := range githubMentions {
			if bytes.HasPrefix(w[i:], []byte(s)) {
				return true
			}
		}
		j := bytes.IndexByte(w[i+1:], 'g')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	for _, h := range cfg.EnterpriseHosts {
		if h = ghhost.BareHost(h); h != "" && bytes.Contains(w, []byte(h)) {
			return true
		}
	}
	return false
}

// githubMentions are words (lower case) that tie nearby code to GitHub:
// names of GitHub token variables, and the token prefixes.
var githubMentions = append([]string{"github", "gh_token", "ghtoken", "gh-token", "gh_pat"}, ghtoken.Prefixes()...)

// nearestURLHost returns the lower-cased host of the http(s) URL in
// text[winStart:winEnd] nearest to off, skipping comment lines (on a tie,
// the one before off). It searches outward from off and stops at the
// first URL each way: a window of many URLs costs what the nearest cost.
func nearestURLHost(lang Lang, tl *textLines, winStart, winEnd, off int) (string, bool) {
	text := tl.text
	sep := []byte("://")
	isURL := func(at int) bool {
		return at >= 4 && (hasPrefixFold(text[at-4:], "http") || at >= 5 && hasPrefixFold(text[at-5:], "https")) &&
			!inLineComment(lang, tl, at)
	}
	before, after := -1, -1
	for hi := min(off+len(sep)-1, winEnd); hi-winStart >= len(sep); {
		j := bytes.LastIndex(text[winStart:hi], sep)
		if j < 0 {
			break
		}
		if at := winStart + j; isURL(at) {
			before = at
			break
		}
		hi = winStart + j + len(sep) - 1
	}
	for lo := max(off, winStart); lo < winEnd; {
		j := bytes.Index(text[lo:winEnd], sep)
		if j < 0 {
			break
		}
		if at := lo + j; isURL(at) {
			after = at
			break
		}
		lo += j + len(sep)
	}
	at := before
	if at < 0 || after >= 0 && after-off < off-before {
		at = after
	}
	if at < 0 {
		return "", false
	}
	i := at + len(sep)
	e := i
	for e < winEnd && !urlStop(text[e]) && text[e] != '/' && text[e] != '?' && text[e] != '#' {
		e++
	}
	return strings.ToLower(string(text[i:e])), true
}

// isGitHubHost: github.com and its subdomains, or a configured Enterprise host.
func isGitHubHost(host string, cfg *Config) bool {
	return ghhost.IsGitHubHost(host, cfg.EnterpriseHosts)
}
