package revoke

import (
	"fmt"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Message explains o to a person in one paragraph. subject names what was
// sent, already redacted ("ghp_abc…wxyz", "3 tokens"). The whole text
// passes ghtoken.RedactAll, so nothing the host sent can show a token.
func (o Outcome) Message(subject string, now time.Time) string {
	var s string
	switch o.Status {
	case Revoked:
		s = fmt.Sprintf("Revoked %s at %s: GitHub accepted the request (202). A live token stops working and its owner is emailed; GitHub cannot reactivate it. (GitHub does not say whether a token was live.)", subject, o.Host)
	case Rejected:
		s = fmt.Sprintf("%s rejected the revocation of %s (422%s). Nothing was revoked.", o.Host, subject, withReason(o.Reason))
	case RateLimited:
		when := "later (the host did not say when)"
		if !o.Until.IsZero() {
			when = "after " + o.Until.Local().Format("15:04 MST") + " (" + humanWait(o.Until.Sub(now)) + ")"
		}
		code := "not sent"
		if o.Sent {
			code = fmt.Sprint(o.Code)
		}
		s = fmt.Sprintf("%s is rate-limited for revocations (%s): %s was not revoked. Try again %s; the API allows 60 requests an hour.", o.Host, code, subject, when)
	case Forbidden:
		s = fmt.Sprintf("%s refused to revoke %s (403%s). The revocation API refuses requests that carry credentials (ghpat-ls sends none: check for a proxy that adds them), and Enterprise Server offers it from 3.19.", o.Host, subject, withReason(o.Reason))
	default:
		switch {
		case !o.Sent:
			s = fmt.Sprintf("%s was not sent to %s: %s.", subject, o.Host, o.Reason)
		case o.Code == 0:
			s = fmt.Sprintf("Could not revoke %s at %s: %s.", subject, o.Host, o.Reason)
		default:
			s = fmt.Sprintf("Could not revoke %s at %s: unexpected answer %d%s.", subject, o.Host, o.Code, withReason(o.Reason))
		}
	}
	return ghtoken.RedactAll(s)
}

// Short is the one-word result, for reports: "revoked", "rejected",
// "rate-limited", "forbidden", "failed".
func (s Status) Short() string {
	switch s {
	case Revoked:
		return "revoked"
	case Rejected:
		return "rejected"
	case RateLimited:
		return "rate-limited"
	case Forbidden:
		return "forbidden"
	}
	return "failed"
}

func withReason(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

func humanWait(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "in less than a minute"
	case d < 2*time.Minute:
		return "in 1 minute"
	case d < time.Hour:
		return fmt.Sprintf("in %d minutes", int(d.Round(time.Minute).Minutes()))
	}
	return fmt.Sprintf("in %.1f hours", d.Hours())
}
