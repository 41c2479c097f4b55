package ghtoken

import "strings"

// isInvisibleLead: the first bytes of the invisible characters in UTF-8
// (U+00AD: C2; U+200B-U+200D, U+2060: E2; U+FEFF: EF).
func isInvisibleLead(c byte) bool { return c == 0xC2 || c == 0xE2 || c == 0xEF }

// invisibleLen is the length of the invisible character at s[i]: a
// zero-width space, non-joiner or joiner (U+200B-U+200D), a word joiner
// (U+2060), a zero-width no-break space (U+FEFF) or a soft hyphen
// (U+00AD), which an attacker slips into a token to break a match; 0 for
// anything else.
func invisibleLen(s string, i int) int {
	switch {
	case strings.HasPrefix(s[i:], "\u00ad"):
		return 2
	case strings.HasPrefix(s[i:], "\u200b"), strings.HasPrefix(s[i:], "\u200c"), strings.HasPrefix(s[i:], "\u200d"),
		strings.HasPrefix(s[i:], "\u2060"), strings.HasPrefix(s[i:], "\ufeff"):
		return 3
	}
	return 0
}

// redactInvisibleSplit redacts the token-shaped runs that invisible
// characters split ("ghp_ab\u200bcd…", "g\u200bhp_…"): it reads s as
// if they were not there and replaces each run, invisible characters
// included, by its Redact form. Text without an invisible character is
// returned as is, after one byte search per lead byte.
func redactInvisibleSplit(s string) string {
	if strings.IndexByte(s, 0xC2) < 0 && strings.IndexByte(s, 0xE2) < 0 && strings.IndexByte(s, 0xEF) < 0 {
		return s
	}
	// The visible text, and where each of its bytes is in s.
	vis := make([]byte, 0, len(s))
	from := make([]int, 0, len(s))
	hidden := false
	for i := 0; i < len(s); {
		if isInvisibleLead(s[i]) {
			if n := invisibleLen(s, i); n > 0 {
				i += n
				hidden = true
				continue
			}
		}
		vis = append(vis, s[i])
		from = append(from, i)
		i++
	}
	if !hidden {
		return s
	}
	v := string(vis)
	var b strings.Builder
	last := 0
	for i := 0; i < len(v); {
		j := strings.IndexByte(v[i:], 'g')
		if j < 0 {
			break
		}
		i += j
		tok, end := tokenAt(v, i)
		if tok == "" {
			i++
			continue
		}
		b.WriteString(s[last:from[i]])
		b.WriteString(Redact(tok))
		last, i = from[end-1]+1, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
