package tokeninfo

import "github.com/ghpat-ls/ghpat-ls/ghclient"

// Bounds on text taken from an answer: a name or scope goes into a hover
// line as it is, a message or header value into a sentence.
const (
	maxNameLen  = 100
	maxFieldLen = 300
	maxScopes   = 64 // GitHub has about thirty
)

// scrubRemote is the one place where what the API host sent back becomes
// safe to show and to log. A host or proxy that echoes the credential
// (into a message, a request id, a login, any header) must not put it in a
// hover, a diagnostic, whoami's output or a log line. Every text field of
// r passes ghclient.Scrub (text from the host: tokens and the secrets
// redacted, one printable, bounded line) or ghclient.ScrubSecrets (text
// set locally).
// The fields set locally are scrubbed too: cheap, and it keeps "every
// string of a Result" the rule rather than a list to keep in step.
func scrubRemote(r *Result, secrets ...string) {
	clean := func(max int, fields ...*string) {
		for _, f := range fields {
			if max > 0 { // from the host
				*f = ghclient.Scrub(*f, max, secrets...)
			} else {
				*f = ghclient.ScrubSecrets(*f, secrets...)
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
