package ghclient

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// minSecretLen: shorter values are not replaced by value (they would
// match ordinary words); such a value is not a token anyway.
const minSecretLen = 8

// Scrub is the one place where text a host sent back (a message, a
// header, a login, a network error) becomes safe to show and to log: a
// host or proxy that echoes the credential must not put it in a hover, a
// diagnostic, a terminal or a log line. Every token-shaped run is
// redacted, and so is every secret given, by value (ghtoken.RedactAll
// cannot recognise a token without a prefix, such as a legacy 40-hex
// one); control and format characters (terminal escapes, bidi overrides)
// and invalid UTF-8 become U+FFFD; whitespace is folded into one line of
// at most max bytes, cut on a character boundary with "…".
func Scrub(s string, max int, secrets ...string) string {
	s = ScrubSecrets(s, secrets...)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return r
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return unicode.ReplacementChar
		}
		return r
	}, strings.ToValidUTF8(s, string(unicode.ReplacementChar)))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ScrubSecrets redacts every token-shaped run of s and every occurrence
// of the given secrets, and changes nothing else: for text set locally.
func ScrubSecrets(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) >= minSecretLen && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, ghtoken.Redact(sec))
		}
	}
	return ghtoken.RedactAll(s)
}
