package lsp

import (
	"context"
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/permissions"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// LiveLookups is what the server needs from the live-lookup component
// (*tokeninfo.Service in the binary; a fake in tests). The server owns
// every decision around it: whether lookups are on, how long a hover
// waits, which rules apply, when diagnostics are published again.
type LiveLookups interface {
	// Configure follows the user's settings. It is called once after
	// initialize and after every settings change.
	Configure(tokeninfo.Settings) error
	// Hover answers a hover on a token variable reference, waiting for
	// GitHub as long as ctx allows (the server sets the deadline).
	Hover(ctx context.Context, ref analysis.EnvRef) (markdown string, ok bool)
	// Diagnostics answers from what is known now and never waits; a
	// missing answer is fetched in the background and signalled on
	// Updates.
	Diagnostics(refs []analysis.EnvRef) []analysis.Finding
	// Updates signals that Diagnostics may answer differently now. A
	// signal stands for any number of answers (it does not queue).
	Updates() <-chan struct{}
	// Peek answers what is known now about the token in a variable and
	// never waits (a missing answer is fetched in the background, as for
	// Diagnostics): the least-privilege hover and diagnostic read it. A
	// fake that knows nothing answers the zero Result (State Unset).
	Peek(name string) tokeninfo.Result
}

// liveOn is the one place that decides whether live lookups run, for
// hovers and diagnostics alike.
func (s *Server) liveOn(st Settings) bool {
	return s.opts.Live != nil && st.LiveLookups.Enabled
}

// liveSettings maps the editor's settings onto tokeninfo's. The hover
// deadline is not among them: the server sets it on the hover's context.
func liveSettings(st Settings) tokeninfo.Settings {
	ll := st.LiveLookups
	return tokeninfo.Settings{
		EnterpriseHost: st.EnterpriseHost,
		APIVersion:     st.APIVersion,
		TTL:            ll.CacheTTL(),
		ExpiryWarning:  ll.ExpiryWarning(),
	}
}

// configureLive passes the settings on. Caller holds settingsUpdateMu, so
// that the component sees the settings in the order they were applied.
func (s *Server) configureLiveLocked(st Settings) {
	if s.opts.Live == nil {
		return
	}
	if err := s.opts.Live.Configure(liveSettings(st)); err != nil {
		s.log.Warnf("live lookups: %v", err)
	}
}

// liveDiagnostics are the expiry and rejection findings on the token
// variable references of doc, from what the component knows now.
// runAnalysis applies the per-rule settings to them with the other extra
// findings.
func (s *Server) liveDiagnostics(doc *Document, st Settings) []analysis.Finding {
	if !s.liveOn(st) || !st.LiveLookups.Diagnostics {
		return nil
	}
	refs := doc.envRefs(st.TokenVariablePatterns)
	if len(refs) == 0 {
		return nil
	}
	return append(s.opts.Live.Diagnostics(refs), s.overprivileged(refs, st)...)
}

// extraFindings are the findings that do not come from analysis.Analyze:
// the ExtraDiagnostics hook's and the live lookups'.
func (s *Server) extraFindings(doc *Document) []analysis.Finding {
	st, _ := s.sess.current()
	var out []analysis.Finding
	if s.opts.ExtraDiagnostics != nil {
		out = append(out, s.opts.ExtraDiagnostics(doc)...)
	}
	return append(out, s.liveDiagnostics(doc, st)...)
}

// followLiveUpdates re-analyses the open documents each time the live
// component signals new answers, until done is closed. It is the only
// goroutine that reads Updates; signals that arrive while a pass runs
// collapse into one more pass (the channel holds one signal), and the pass
// publishes only the documents whose diagnostics changed.
func (s *Server) followLiveUpdates(done <-chan struct{}) {
	if s.opts.Live == nil {
		return
	}
	updates := s.opts.Live.Updates()
	if updates == nil {
		return
	}
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		for {
			select {
			case <-updates:
				s.Refresh()
			case <-done:
				return
			}
		}
	}()
}

// drainLiveUpdates takes a pending Updates signal, if any, so that the
// pass about to start also stands for it: lookups landing during a pass
// then cost one more pass in all, whether they were signalled on Updates
// or through Refresh.
func (s *Server) drainLiveUpdates() {
	if s.opts.Live == nil {
		return
	}
	select {
	case <-s.opts.Live.Updates():
	default:
	}
}

// workspaceNeeds is the least set of permissions for the API calls of the
// workspace as indexed now (open documents as edited), with the link to
// a right-sized fine-grained token on the configured host.
func (s *Server) workspaceNeeds(st Settings) tokeninfo.WorkspaceNeeds {
	snap := s.indexSnapshot()
	tab := permissions.Default()
	set := tab.Minimal(snap.routes)
	dir := "workspace"
	if len(snap.roots) > 0 {
		dir = snap.roots[0]
	}
	opts := permissions.LinkOptions{Host: st.EnterpriseHost, Name: permissions.DefaultName(dir),
		Description: permissions.DefaultDescription, ExpiresDays: permissions.DefaultExpiresDays}
	return tokeninfo.WorkspaceNeeds{
		Indexing: snap.running || (!snap.done && len(snap.roots) > 0),
		Partial:  snap.capped, Calls: len(snap.routes), Set: set, Table: tab,
		FineGrainedLink: set.FineGrainedLink(opts),
	}
}

// workspaceHover is the hover's least-privilege section for a runtime
// reference whose token GitHub answered about ("" otherwise).
func (s *Server) workspaceHover(ref analysis.EnvRef, st Settings) string {
	if ref.Context != analysis.EnvRuntime {
		return ""
	}
	r := s.opts.Live.Peek(ref.Name)
	forbidden := r.State == tokeninfo.Failed && r.Failure != nil && r.Failure.Reason == tokeninfo.ReasonForbidden
	if r.State != tokeninfo.Accepted && !forbidden {
		return ""
	}
	return tokeninfo.WorkspaceMarkdown(r, s.workspaceNeeds(st))
}

// overprivileged are the github-token-overprivileged findings: classic
// tokens with broad scopes the workspace does not use. Nothing is claimed
// while the index runs or when it stopped at its bound (it may yet find,
// or have missed, the call that needs them).
func (s *Server) overprivileged(refs []analysis.EnvRef, st Settings) []analysis.Finding {
	var needs *tokeninfo.WorkspaceNeeds
	var out []analysis.Finding
	for _, ref := range refs {
		if ref.Context != analysis.EnvRuntime {
			continue
		}
		r := s.opts.Live.Peek(ref.Name)
		if r.State != tokeninfo.Accepted || !r.ScopesKnown {
			continue
		}
		if needs == nil {
			n := s.workspaceNeeds(st)
			needs = &n
		}
		if needs.Indexing || needs.Partial != "" {
			return nil
		}
		unused := tokeninfo.UnusedBroadScopes(r, *needs)
		if len(unused) == 0 {
			continue
		}
		out = append(out, analysis.Finding{Range: ref.Range, RuleID: analysis.RuleTokenOverprivileged,
			Severity: analysis.DefaultSeverity(analysis.RuleTokenOverprivileged),
			Message: fmt.Sprintf("%s (%s): classic token with scopes nothing in this workspace uses: %s; hover for what it needs",
				ref.Name, r.Redacted, strings.Join(unused, ", "))})
	}
	return out
}
