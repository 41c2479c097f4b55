package analysis

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"

	gitleaks "github.com/zricethezav/gitleaks/v8/config"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// tokenPrefixes maps each prefix (ghtoken owns them) to the gitleaks rule
// that owns it (rules.go says which). All prefixes start with "gh", which
// is what the prefilter looks for.
var tokenPrefixes = func() []struct{ prefix, rule string } {
	var out []struct{ prefix, rule string }
	for _, t := range ghtoken.Kinds() {
		if rule := gitleaksRuleFor(t.Kind); rule != "" {
			out = append(out, struct{ prefix, rule string }{t.Prefix, rule})
		}
	}
	return out
}()

// The two prefixes with rules of their own shape.
var (
	finePrefix   = ghtoken.FineGrainedPAT.Prefix()
	serverPrefix = ghtoken.ServerToServer.Prefix()
)

// minStatelessBody is the shortest body GitHub's recommended installation
// token pattern accepts (ghs_[A-Za-z0-9._]{36,}).
const minStatelessBody = 36

// findTokens finds hard-coded GitHub tokens. It scans for the fixed "gh"
// prefix and only runs gitleaks' rule regex in a small window at each hit,
// so text without tokens costs one vectorised byte search.
func findTokens(lang Lang, text []byte, cfg *Config) []Finding {
	if !anyEnabled(cfg, TokenRuleIDs) {
		return nil
	}
	rules, err := githubRules()
	if err != nil {
		return nil // never reached: the server and scan refuse to start (RulesError)
	}
	// One pass over the 'g's: "gh" starts ghp_/gho_/ghu_/ghs_/ghr_, "gi"
	// github_pat_, and the split walker (split.go) looks at each 'g' a
	// token written in pieces may start at, so text without tokens costs
	// one IndexByte pass.
	fx := &fixer{lang: lang, text: text}
	out := scanPrefix(fx, rules, newSplitWalker(fx))
	return withDecoded(fx, out, rules) // decode.go: the encoded tokens
}

// scanPrefix finds the tokens of fx.text, and with split those written in
// pieces too.
func scanPrefix(fx *fixer, rules map[string]gitleaks.Rule, split *splitWalker) []Finding {
	text := fx.text
	var out []Finding
	for i := 0; i < len(text); {
		j := bytes.IndexByte(text[i:], 'g')
		if j < 0 || i+j+1 >= len(text) {
			break
		}
		p := i + j
		i = p + 1
		c := text[p+1]
		prefixed := c == 'h' || c == 'i'
		if !prefixed && (split == nil || !split.gapStart(c)) {
			continue // most 'g's: a word, not a token or its first piece
		}
		var f Finding
		found := false
		if prefixed {
			f, found = plainTokenAt(fx, p, rules)
		}
		if split != nil &&
			(!found || !f.Token.ChecksumValid || f.Token.Kind == string(ghtoken.StatelessInstall)) {
			// A token written in pieces replaces what its first piece
			// looks like on its own: a placeholder, or a stateless
			// token cut short (its JWT has no checksum).
			if sf, ok := split.findAt(p); ok && (!found || sf.Range.End > f.Range.End) {
				f, found = sf, true
			}
		}
		if found {
			out = append(out, f)
			i = f.Range.End
		}
	}
	return out
}

// plainTokens finds the tokens written out whole in fx.text, not the ones
// in pieces: what a decoded view is searched for (decode.go).
func plainTokens(fx *fixer, rules map[string]gitleaks.Rule) []Finding {
	return scanPrefix(fx, rules, nil)
}

// plainTokenAt finds a token written out whole at p.
func plainTokenAt(fx *fixer, p int, rules map[string]gitleaks.Rule) (Finding, bool) {
	prefix, ruleID := prefixAt(fx.text, p)
	if prefix == "" {
		return Finding{}, false
	}
	f, ok := tokenAt(fx, p, prefix, ruleID, rules[ruleID].Regex.FindIndex)
	if !ok {
		// A prefix cut from the rest: decode.go's quoted-printable soft
		// line breaks may continue it.
		fx.cut = append(fx.cut, p)
	}
	return f, ok
}

// prefixThird holds the third byte of every prefix: "gh" and "gi" are
// common in any text ("right", "origin"), a prefix's third byte is not,
// so one lookup passes over most of them.
var prefixThird = func() (t [256]bool) {
	for _, tp := range tokenPrefixes {
		t[tp.prefix[2]] = true
	}
	return t
}()

func prefixAt(text []byte, p int) (prefix, rule string) {
	if p+2 >= len(text) || !prefixThird[text[p+2]] {
		return "", ""
	}
	for _, tp := range tokenPrefixes {
		if bytes.HasPrefix(text[p:], []byte(tp.prefix)) {
			return tp.prefix, tp.rule
		}
	}
	return "", ""
}

// tokenAt decides whether a token starts at p. match is gitleaks' rule
// regex; it must match at p. The match is then extended over the token's
// alphabet, because gitleaks' rules stop at 40 characters while refresh
// tokens are 80 long and a longer run is not a token of the expected length.
func tokenAt(fx *fixer, p int, prefix, ruleID string, match func([]byte) []int) (Finding, bool) {
	text := fx.text
	if prefix == serverPrefix {
		if f, ok := statelessAt(fx, p); ok {
			return f, true
		}
	}
	inAlphabet, need := ghtoken.IsAlnum, ghtoken.ClassicLen-4
	if prefix == finePrefix {
		inAlphabet, need = isIdentByte, ghtoken.FineGrainedLen-len(finePrefix)
	}
	// The rule regex needs that many characters of the alphabet after the
	// prefix: without them it cannot match, and trying costs microseconds
	// (text dense with prefixes, such as decoded "ghp_ghp_…", is then slow).
	for k := p + len(prefix); k < p+len(prefix)+need; k++ {
		if k >= len(text) || !inAlphabet(text[k]) {
			return Finding{}, false
		}
	}
	window := text[p:min(len(text), p+len(prefix)+128)]
	loc := match(window)
	if loc == nil || loc[0] != 0 {
		return Finding{}, false
	}
	e := p + loc[1]
	for e < len(text) && inAlphabet(text[e]) {
		e++
	}
	// A checksum-valid token glued to more of its alphabet (two tokens
	// back to back, a token run into a word) is still that token: the
	// checksum makes a chance match negligible (1 in 62^6).
	if n := ghtoken.ExpectedLen(ghtoken.Classify(prefix)); n > 0 && e-p > n && ghtoken.Check(string(text[p:p+n])) == ghtoken.Valid {
		e = p + n
	}
	return tokenFinding(fx, p, e, ruleID), true
}

// statelessAt finds a 2026-format installation token ghs_<APPID>_<JWT>. It
// uses GitHub's recommended pattern ghs_[A-Za-z0-9._]{36,} (plus '-', which
// base64url JWTs may contain) and requires the dots that set it apart from a
// 40-character token.
func statelessAt(fx *fixer, p int) (Finding, bool) {
	text := fx.text
	if p < fx.noStatelessUntil {
		return Finding{}, false // inside a run already read whole: no token
	}
	e := p + 4
	dots := 0
	for e < len(text) {
		c := text[e]
		if c == '.' {
			dots++
		} else if !ghtoken.IsAlnum(c) && c != '_' && c != '-' {
			break
		}
		e++
	}
	runEnd := e
	for e > p+4 && text[e-1] == '.' { // a sentence's full stop is not part of it
		e--
		dots--
	}
	if dots == 0 || e-p-4 < minStatelessBody {
		fx.noStatelessUntil = runEnd
		return Finding{}, false
	}
	return tokenFinding(fx, p, e, RuleStatelessInstall), true
}

func tokenFinding(fx *fixer, start, end int, ruleID string) Finding {
	tok := string(fx.text[start:end])
	kind := ghtoken.Classify(tok)
	valid := ghtoken.Check(tok) == ghtoken.Valid
	sum := sha256.Sum256([]byte(tok))
	info := &TokenInfo{
		Kind:          string(kind),
		KindName:      kind.Name(),
		Redacted:      ghtoken.Redact(tok),
		ChecksumValid: valid,
		Fingerprint:   hex.EncodeToString(sum[:]),
	}
	f := Finding{RuleID: ruleID, Range: Range{start, end}, Token: info}
	switch {
	// One short sentence each: what to do (rotate, move to the
	// environment, mark a false positive) is the rule's Help, shown by the
	// hover and docs/rules.md.
	case valid && kind.Traits().Checksum == ghtoken.JWTHeader:
		f.Severity = DefaultSeverity(ruleID)
		f.Message = fmt.Sprintf("Hard-coded GitHub App stateless installation token %s", info.Redacted)
	case valid:
		f.Severity = DefaultSeverity(ruleID)
		f.Message = fmt.Sprintf("Hard-coded %s %s (checksum valid)", kind.Name(), info.Redacted)
	case kind.Traits().Checksum == ghtoken.FineGrainedDigits && len(tok) == ghtoken.FineGrainedLen && entropy(tok[len(finePrefix):]) > 3:
		// GitHub does not document the fine-grained check, so a failure
		// cannot clear a random-looking token: if GitHub changed the
		// format, a warning would let real tokens through the pre-commit
		// hook (which fails on errors). Placeholders are low-entropy hints.
		f.Severity = DefaultSeverity(ruleID)
		f.Message = fmt.Sprintf("Hard-coded %s %s (check digits unverifiable)", kind.Name(), info.Redacted)
	default:
		// The one severity not from the registry (rules.go): the checksum
		// says this is a placeholder.
		f.Severity = SeverityHint
		f.Message = fmt.Sprintf("Placeholder %s %s: %s", kind.Name(), info.Redacted, invalidReason(tok, kind))
	}
	f.Fixes = fx.tokenFixes(start, end, valid)
	return f
}

func invalidReason(tok string, kind ghtoken.Kind) string {
	if n := ghtoken.ExpectedLen(kind); n != 0 && len(tok) != n {
		return fmt.Sprintf("%d characters, not %d", len(tok), n)
	}
	if kind.Traits().Checksum == ghtoken.JWTHeader {
		return "not " + serverPrefix + "<APPID>_<JWT>"
	}
	return "checksum mismatch"
}

// entropy is the Shannon entropy in bits per character, as gitleaks computes it.
func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}

// suppressMarkers on a finding's line silence it, as gitleaks does.
var suppressMarkers = [][]byte{[]byte("gitleaks:allow"), []byte("ghpat-ls:allow")}

// dropSuppressed removes findings whose first line carries a suppression marker.
func dropSuppressed(text []byte, fs []Finding) []Finding {
	kept := fs[:0]
	// Findings on one line (many decoded tokens in one long base64 line)
	// share its verdict: the line is searched once, not once per finding.
	lineStart, lineEnd, suppressed := -1, -1, false
	for _, f := range fs {
		if f.Range.Start < lineStart || f.Range.Start > lineEnd {
			lineStart, lineEnd = markerLineBounds(text, f.Range.Start)
			line := text[lineStart:lineEnd]
			suppressed = false
			for _, m := range suppressMarkers {
				if bytes.Contains(line, m) {
					suppressed = true
				}
			}
		}
		if !suppressed {
			kept = append(kept, f)
		}
	}
	return kept
}

// markerLineBounds are the bounds [start, end) of the line a suppression
// marker must be on: the token's line, where a lone CR also ends a line (editors show it as a break, so a
// marker before it is on the line above) and so does a NUL byte (binary
// content has no lines; a marker anywhere in a blob without newlines must
// not silence every token in it).
func markerLineBounds(text []byte, offset int) (int, int) {
	offset = max(0, min(offset, len(text)))
	isEnd := func(r rune) bool { return r == '\n' || r == '\r' || r == 0 }
	start := bytes.LastIndexFunc(text[:offset], isEnd) + 1
	end := bytes.IndexFunc(text[offset:], isEnd)
	if end < 0 {
		return start, len(text)
	}
	return start, offset + end
}
