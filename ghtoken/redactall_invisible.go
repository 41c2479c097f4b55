package ghtoken

import "strings"

// isInvisibleLead: the first bytes of the invisible characters in UTF-8
// (U+00AD: C2; U+200B-U+200D, U+2060: E2; U+FEFF: EF).
func isInvisibleLead(c byte) bool { return c == 0xC2 || c == 0xE2 || c == 0xEF }

// Invisible returns the invisible character at s[i] and its length in
// UTF-8, or 0, 0: a zero-width space, non-joiner or joiner
// (U+200B-U+200D), a word joiner (U+2060), a zero-width no-break space
// (U+FEFF) or a soft hyphen (U+00AD), which an attacker slips into a
// token to break a scanner's match. It is the one list of them: the
// scrubber reads through them, and so does the engine's joiner.
func Invisible[T ~string | ~[]byte](s T, i int) (rune, int) {
	if i+1 >= len(s) {
		return 0, 0
	}
	switch c1 := s[i+1]; s[i] {
	case 0xC2:
		if c1 == 0xAD {
			return '\u00AD', 2
		}
	case 0xE2:
		if i+2 < len(s) {
			c2 := s[i+2]
			if c1 == 0x80 && c2 >= 0x8B && c2 <= 0x8D {
				return rune(0x2000 + int(c2) - 0x80), 3
			}
			if c1 == 0x81 && c2 == 0xA0 {
				return '\u2060', 3
			}
		}
	case 0xEF:
		if i+2 < len(s) && c1 == 0xBB && s[i+2] == 0xBF {
			return '\uFEFF', 3
		}
	}
	return 0, 0
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
			if _, n := Invisible(s, i); n > 0 {
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
