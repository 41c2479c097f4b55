package ghtoken

import "strings"

// prefixes of every token kind, for RedactAll, split at their underscores
// (matched by underscoreAt, which also knows the escaped spellings):
// {"github", "pat"}, {"ghp"}, ...
var prefixes = func() [][]string {
	var out [][]string
	for _, p := range Prefixes() {
		out = append(out, strings.Split(strings.TrimSuffix(p, "_"), "_"))
	}
	return out
}()

// minTokenTail is how many token characters must follow a prefix for the
// run to count as a token: fewer is a word such as "ghp_short", not a
// secret.
const minTokenTail = 8

// underscores are the spellings of "_" that RedactAll reads as one: plain,
// percent-encoded (URIs), JSON/JavaScript, ES6/Rust/Swift, C, Python and
// Perl escapes (hex, long, octal), Markdown's backslash escape and HTML's
// named reference (a hover renders those back to "_"). Matched
// case-insensitively. HTML numeric references (&#95;, &#x5f;, with any
// leading zeros) are read by htmlUnderscore.
var underscores = [...]string{"_", "%5f", `\u005f`, `\x5f`, `\_`, `\u{5f}`, `\x{5f}`, `\U0000005f`, `\137`, "&lowbar;"}

// RedactAll returns s with every token-shaped run replaced by its Redact
// form. A run is a token prefix (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)
// followed by at least 8 characters of [A-Za-z0-9_.-], which covers every
// fixed-length format and ghs_<APPID>_<JWT>. The run may start in the
// middle of a word ("xghp_…") and its underscores may be written in any of
// the escaped spellings above ("ghp%5F…" in a URI, `ghp\u005f…` in JSON);
// the redacted form shows them decoded. Invisible characters inside a
// run (U+200B-U+200D, U+2060, U+FEFF, U+00AD) do not end it.
//
// It is the one scrubber for text that may echo input: log lines with
// URIs, error messages that quote a flag, what a remote host sent back.
// Whatever a caller formatted, no full token survives. It cannot know a
// secret without a prefix (a legacy 40-hex token): code that holds such a
// secret scrubs it by value as well (see tokeninfo). Text without a
// prefix is returned as is.
//
// A token in an encoded form (base64, hex, escaped text, nested) is
// recognised too: see redactall_encoded.go.
func RedactAll(s string) string {
	return redactEncoded(redactPlain(redactInvisibleSplit(s)), 0)
}

// redactPlain is RedactAll for tokens written out (underscores in any
// spelling).
func redactPlain(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], 'g')
		if j < 0 {
			break
		}
		i += j
		tok, end := tokenAt(s, i)
		if tok == "" {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(Redact(tok))
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// tokenAt reads a token-shaped run starting at s[i]: it returns the run
// with its underscores decoded and the index just past it, or "" when
// there is none.
func tokenAt(s string, i int) (string, int) {
	if i+1 >= len(s) || s[i+1] != 'h' && s[i+1] != 'i' { // "gh…", "github_pat_"
		return "", 0
	}
	for _, parts := range prefixes {
		end, ok := i, true
		for _, p := range parts {
			if !strings.HasPrefix(s[end:], p) {
				ok = false
				break
			}
			end += len(p)
			n := underscoreAt(s, end)
			if n == 0 {
				ok = false
				break
			}
			end += n
		}
		if !ok {
			continue
		}
		tail := 0
		for end < len(s) {
			if c := s[end]; IsAlnum(c) || c == '.' || c == '-' {
				end++
			} else if n := underscoreAt(s, end); n > 0 {
				end += n
			} else {
				break
			}
			tail++
		}
		if tail < minTokenTail {
			return "", 0
		}
		return decodeUnderscores(s[i:end]), end
	}
	return "", 0
}

// decodeUnderscores spells every escaped underscore of a run as "_".
func decodeUnderscores(run string) string {
	if !strings.ContainsAny(run, `%\&`) {
		return run
	}
	var b strings.Builder
	for i := 0; i < len(run); {
		if n := underscoreAt(run, i); n > 1 {
			b.WriteByte('_')
			i += n
			continue
		}
		b.WriteByte(run[i])
		i++
	}
	return b.String()
}

// underscoreAt is the length of the spelling of "_" at s[i], or 0.
func underscoreAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if s[i] == '_' {
		return 1
	}
	if c := s[i]; c != '%' && c != '\\' && c != '&' {
		return 0
	}
	for _, u := range underscores[1:] {
		if len(s)-i >= len(u) && strings.EqualFold(s[i:i+len(u)], u) {
			return len(u)
		}
	}
	return htmlUnderscore(s, i)
}

// htmlUnderscore is the length of an HTML numeric reference to "_" at
// s[i] (&#95;, &#x5F;, &#0095;, ...), or 0.
func htmlUnderscore(s string, i int) int {
	j := i + 2
	if !strings.HasPrefix(s[i:], "&#") {
		return 0
	}
	want := "95"
	if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
		j, want = j+1, "5f"
	}
	for j < len(s) && s[j] == '0' {
		j++
	}
	if len(s)-j > len(want) && strings.EqualFold(s[j:j+len(want)], want) && s[j+len(want)] == ';' {
		return j + len(want) + 1 - i
	}
	return 0
}
