package tokeninfo

import (
	"context"
	"fmt"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// Rule ids of the diagnostics on environment-variable references (their
// facts are in the analysis rule registry).
const (
	RuleTokenExpiring = analysis.RuleTokenExpiring // warning: expires within ExpiryWarning
	RuleTokenExpired  = analysis.RuleTokenExpired  // error: past its expiry
	RuleTokenRejected = analysis.RuleTokenRejected // error: 401 Bad credentials
)

// Hover returns the Markdown hover for a reference. Runtime references are
// looked up, waiting for GitHub as long as ctx allows: the caller owns the
// deadline (the language server sets it from liveLookups.timeoutMs), and
// when ctx ends first the answer is "checking…" while the lookup goes on in
// the background. CI references are not looked up. ok is false only for
// references it has nothing to say about.
func (s *Service) Hover(ctx context.Context, ref analysis.EnvRef) (string, bool) {
	if ref.Name == "" {
		return "", false
	}
	var r Result
	if ref.Context == analysis.EnvRuntime {
		r = s.lookup(ctx, ref.Name, -1)
	}
	return Markdown(ref, r, s.now()), true
}

// Diagnostics returns findings for references whose token GitHub rejected,
// or which expired or expire soon. It answers from the cache and never
// waits: a missing answer starts a background lookup, and Updates signals
// when it lands, so call Diagnostics again then.
func (s *Service) Diagnostics(refs []analysis.EnvRef) []analysis.Finding {
	s.mu.Lock()
	warn := s.settings.ExpiryWarning
	s.mu.Unlock()
	now := s.now()
	var out []analysis.Finding
	answers := map[string]Result{} // one Peek per variable name
	for _, ref := range refs {
		if ref.Context != analysis.EnvRuntime {
			continue
		}
		r, ok := answers[ref.Name]
		if !ok {
			r = s.Peek(ref.Name)
			answers[ref.Name] = r
		}
		if f, ok := diagnostic(ref, r, now, warn); ok {
			out = append(out, f)
		}
	}
	return out
}

func diagnostic(ref analysis.EnvRef, r Result, now time.Time, warn time.Duration) (analysis.Finding, bool) {
	f := analysis.Finding{Range: ref.Range}
	who := fmt.Sprintf("%s (%s)", ref.Name, r.Redacted)
	switch {
	case r.State == Failed && r.Failure.Reason == ReasonBadCredentials:
		f.RuleID, f.Severity = RuleTokenRejected, analysis.DefaultSeverity(RuleTokenRejected)
		f.Message = who + ": GitHub rejects this token (401 Bad credentials): it is malformed, expired or revoked"
	case r.State == Accepted && !r.Expires.IsZero() && !r.Expires.After(now):
		f.RuleID, f.Severity = RuleTokenExpired, analysis.DefaultSeverity(RuleTokenExpired)
		f.Message = fmt.Sprintf("%s: token %s (%s)", who, relative(r.Expires, now), r.Expires.Local().Format("2006-01-02"))
	case r.State == Accepted && !r.Expires.IsZero() && r.Expires.Sub(now) <= warn:
		f.RuleID, f.Severity = RuleTokenExpiring, analysis.DefaultSeverity(RuleTokenExpiring)
		f.Message = fmt.Sprintf("%s: token expires %s (%s): renew it", who, relative(r.Expires, now), r.Expires.Local().Format("2006-01-02 15:04 MST"))
	default:
		return f, false
	}
	return f, true
}
