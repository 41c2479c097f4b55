package analysis

import (
	"bytes"
	"fmt"
	"strings"
)

// findAuthIssues reports Authorization values that use the legacy "token"
// scheme, and values GitHub rejects with 401 "Bad credentials" (stray quotes,
// stray whitespace, a doubled scheme, no token at all).
func findAuthIssues(lang Lang, text []byte, cfg *Config) []Finding {
	var out []Finding
	for _, at := range authHeader.indexAll(text) {
		if inLineComment(lang, text, at) {
			continue
		}
		v, ok := parseHeaderValue(lang, text, at, at+len(authHeader.lower))
		if !ok {
			continue
		}
		out = append(out, checkAuthValue(lang, text, v, cfg)...)
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

func checkAuthValue(lang Lang, text []byte, v headerValue, cfg *Config) []Finding {
	cs, ce := v.start, v.end
	p, lead := blanks(text, cs, ce)
	s1End, s1 := schemeAt(text, p, ce)
	if s1End < 0 {
		return nil // another scheme (Basic, ...), or a variable: not ours to judge
	}
	var problems, actions []string
	scheme := text[p:s1End]
	credStart, sep := blanks(text, s1End, ce)
	doubled := false
	if s2End, s2 := schemeAt(text, credStart, ce); s2End >= 0 {
		doubled = true
		problems = append(problems, fmt.Sprintf("the scheme is written twice (%q)", string(text[p:s2End])))
		actions = append(actions, "remove the duplicate scheme")
		if s1 != "bearer" && s2 == "bearer" {
			scheme = text[credStart:s2End]
		}
		credStart, sep = blanks(text, s2End, ce)
	}
	// The credential runs to the trailing whitespace.
	credEnd := ce
	var trail []string
	for credEnd > credStart {
		if n, k := blankAt(text, credEnd-1, ce); n == 1 {
			trail = append(trail, k)
			credEnd--
		} else if credEnd-2 >= credStart && text[credEnd-2] == '\\' {
			if n, k := blankAt(text, credEnd-2, ce); n == 2 {
				trail = append(trail, k)
				credEnd -= 2
				continue
			}
			break
		} else {
			break
		}
	}
	cred := text[credStart:credEnd]
	if len(lead) > 0 && !v.inline {
		problems = append(problems, "whitespace before the scheme")
		actions = append(actions, "remove the whitespace")
	}
	noFix := false
	credOff := credStart // where cred starts in text, after any stray quote
	if ql := strayQuoteLen(text, credStart, credEnd); ql > 0 {
		inner := cred[ql:]
		if cl := len(inner); cl >= ql && strayQuoteLen(inner, cl-ql, cl) == ql && string(inner[cl-ql:]) == string(cred[:ql]) {
			inner = inner[:cl-ql]
		} else if v.more {
			// The closing quote is in a later operand ("Bearer \"" + t + "\""):
			// removing only the opening one would leave the other.
			noFix = true
		}
		problems = append(problems, fmt.Sprintf("quotes around the token (%s)", strings.TrimPrefix(string(cred[:ql]), "\\")))
		actions = append(actions, "remove the quotes")
		cred = inner
		credOff += ql
	}
	empty := (len(cred) == 0 || string(cred) == "$") && (!v.more || v.emptyNext != Range{})
	if empty && v.quote == '`' && (lang == LangMarkdown || lang == LangText) {
		return nil // prose naming the scheme ("the `Authorization: token` scheme")
	}
	switch {
	case empty:
		problems = append(problems, "no token after the scheme")
	case len(sep) == 0 && (len(cred) > 0 || (v.more && !v.moreLiteral)):
		problems = append(problems, "no space between the scheme and the token")
		actions = append(actions, "add the space")
	case len(sep) > 1 || (len(sep) == 1 && sep[0] != "space"):
		problems = append(problems, describeBlanks(sep)+" between the scheme and the token")
		actions = append(actions, "use one space")
	}
	if len(trail) > 0 && len(cred) > 0 && !v.more {
		problems = append(problems, describeBlanks(trail)+" after the token")
		actions = append(actions, "remove the trailing whitespace")
	}
	var out []Finding
	if len(problems) > 0 && cfg.enabled(RuleMalformedAuth) {
		rs := cs
		if v.inline {
			rs = p
		}
		f := Finding{
			RuleID:   RuleMalformedAuth,
			Range:    Range{rs, ce},
			Severity: SeverityError,
			Message:  "Malformed Authorization value: " + strings.Join(problems, "; ") + ".",
		}
		if !empty && !noFix {
			fixed := string(scheme)
			if len(cred) > 0 || v.more {
				fixed += " "
			}
			// Two edits around the credential, not one over it: the edit
			// goes to the client, and must not carry the token.
			edits := []Edit{{Range: Range{rs, credOff}, NewText: fixed}}
			if tail := credOff + len(cred); tail < ce {
				edits = append(edits, Edit{Range: Range{tail, ce}})
			}
			f.Fixes = []Fix{{
				Title:     "Fix the Authorization value: " + strings.Join(actions, ", "),
				Edits:     edits,
				Preferred: true,
			}}
		}
		out = append(out, f)
	}
	if s1 == "token" && !doubled && cfg.enabled(RuleLegacyAuthScheme) && nearGitHub(lang, text, p, cfg) {
		out = append(out, Finding{
			RuleID:   RuleLegacyAuthScheme,
			Range:    Range{p, s1End},
			Severity: SeverityWarning,
			Message:  `"Authorization: token <token>" is GitHub's legacy scheme: its docs use "Bearer <token>".`,
			Fixes: []Fix{{
				Title:     "Use the Bearer scheme",
				Edits:     []Edit{{Range: Range{p, s1End}, NewText: "Bearer"}},
				Preferred: true,
			}},
		})
	}
	return out
}

// nearGitHub decides whether the Authorization header at off is sent to
// GitHub: the "token" scheme is GitHub's convention, but other APIs (Django
// REST framework's "Token") use the word too. The nearest URL decides (in a
// curl command, the command's own URL); with no URL nearby, a mention of
// GitHub or a GitHub token variable does.
func nearGitHub(lang Lang, text []byte, off int, cfg *Config) bool {
	ws, we := lineWindow(text, off, requestWindowLines)
	if shellLike(lang) {
		if cs, ce := commandExtent(text, off); curlWord(text[cs:ce]) >= 0 {
			ws, we = cs, ce
		}
	}
	if host, ok := nearestURLHost(lang, text, ws, we, off); ok {
		return isGitHubHost(host, cfg)
	}
	w := newLowerWindow(text, ws, we, nil).b
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
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" && bytes.Contains(w, []byte(h)) {
			return true
		}
	}
	return false
}

// githubMentions are words (lower case) that tie nearby code to GitHub.
var githubMentions = []string{"github", "gh_token", "ghtoken", "gh-token", "gh_pat", "ghp_", "ghs_", "gho_", "ghu_"}

// nearestURLHost returns the lower-cased host of the http(s) URL in
// text[ws:we] nearest to off, skipping comment lines.
func nearestURLHost(lang Lang, text []byte, ws, we, off int) (string, bool) {
	best, bestDist := "", -1
	sep := []byte("://")
	for i := ws; i < we; {
		j := bytes.Index(text[i:we], sep)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(sep)
		if at < 4 || !(hasPrefixFold(text[at-4:], "http") || at >= 5 && hasPrefixFold(text[at-5:], "https")) {
			continue
		}
		if inLineComment(lang, text, at) {
			continue
		}
		e := i
		for e < we && !urlStop(text[e]) && text[e] != '/' && text[e] != '?' && text[e] != '#' {
			e++
		}
		d := at - off
		if d < 0 {
			d = -d
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = strings.ToLower(string(text[i:e])), d
		}
	}
	return best, bestDist >= 0
}

// isGitHubHost: github.com and its subdomains, or a configured Enterprise host.
func isGitHubHost(host string, cfg *Config) bool {
	if k := strings.LastIndexByte(host, ':'); k >= 0 && !strings.Contains(host[k:], "]") {
		host = host[:k] // drop a port
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:] // user@host
	}
	if host == "github.com" || strings.HasSuffix(host, ".github.com") || strings.HasSuffix(host, ".githubusercontent.com") {
		return true
	}
	for _, h := range cfg.EnterpriseHosts {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
		if h = strings.TrimRight(h, "/"); h != "" && (host == h || strings.HasPrefix(h, host+"/")) {
			return true
		}
	}
	return false
}
