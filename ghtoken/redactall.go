package ghtoken

import "strings"

// prefixes of every token kind, for RedactAll.
var prefixes = [...]string{"github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"}

// RedactAll returns s with every token-shaped run (a token prefix followed
// by at least 8 characters of [A-Za-z0-9_.-]) replaced by its Redact form.
// It is the safety net for text that may echo input, such as log lines
// with URIs or error messages that quote a flag: whatever a caller
// formatted, no full token survives. Text without a prefix is returned as
// is.
func RedactAll(s string) string {
	if !strings.Contains(s, "_") { // every prefix has one
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		p := prefixAt(s, i)
		if p == 0 {
			i++
			continue
		}
		end := i + p
		for end < len(s) && isTokenByte(s[end]) {
			end++
		}
		if end-i-p < 8 {
			i = end
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(Redact(s[i:end]))
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func prefixAt(s string, i int) int {
	if s[i] != 'g' {
		return 0
	}
	for _, p := range prefixes {
		if strings.HasPrefix(s[i:], p) {
			return len(p)
		}
	}
	return 0
}

func isTokenByte(c byte) bool {
	return IsAlnum(c) || c == '_' || c == '.' || c == '-'
}
