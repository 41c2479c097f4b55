package tokeninfo

import (
	"strings"
	"unicode"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Bounds on text taken from an answer: a name or scope goes into a hover
// line as it is, a message or header value into a sentence.
const (
	maxNameLen  = 100
	maxFieldLen = 300
	maxScopes   = 64 // GitHub has about thirty
)

// minSecretLen: shorter values are not replaced by value (they would
// match ordinary words); such a value is not a token anyway.
const minSecretLen = 8

// scrubRemote is the one place where what the API host sent back becomes
// safe to show and to log. A host or proxy that echoes the credential
// (into a message, a request id, a login, any header) must not put it in a
// hover, a diagnostic, whoami's output or a log line. Every text field of
// r passes ghtoken.RedactAll and, because RedactAll cannot recognise a
// token without a prefix (a legacy 40-hex token), secrets are also
// replaced by value. Text from the host is then made one bounded line.
// The fields set locally are scrubbed too: cheap, and it keeps "every
// string of a Result" the rule rather than a list to keep in step.
func scrubRemote(r *Result, secrets ...string) {
	clean := func(max int, fields ...*string) {
		for _, f := range fields {
			*f = scrubSecrets(*f, secrets)
			if max > 0 { // from the host
				*f = oneLine(printable(*f), max)
			}
		}
	}
	clean(maxNameLen, &r.Login, &r.AccountType, &r.Name)
	if len(r.Scopes) > maxScopes {
		r.Scopes = r.Scopes[:maxScopes]
	}
	for i := range r.Scopes {
		clean(maxNameLen, &r.Scopes[i])
	}
	if in := r.Installation; in != nil {
		clean(maxNameLen, &in.Account)
	}
	if rt := r.Rate; rt != nil {
		clean(maxNameLen, &rt.Resource)
	}
	if f := r.Failure; f != nil {
		clean(maxFieldLen, &f.Message, &f.DocumentationURL, &f.AcceptedPermissions, &f.RequestID, &f.Detail)
	}
	clean(0, &r.Var, &r.KindName, &r.Redacted, &r.HashID, &r.ValueNote, &r.Host, &r.SettingsURL)
}

// scrubSecrets redacts every token-shaped run of s and every occurrence of
// the given secrets.
func scrubSecrets(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= minSecretLen && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, ghtoken.Redact(sec))
		}
	}
	return ghtoken.RedactAll(s)
}

// printable replaces control characters (terminal escape sequences, which
// whoami would write to a terminal) and invalid UTF-8 in text from the
// host with U+FFFD; whitespace is left for oneLine to collapse.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return unicode.ReplacementChar
		}
		return r
	}, strings.ToValidUTF8(s, string(unicode.ReplacementChar)))
}
