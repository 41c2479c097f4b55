package lsp

import (
	"context"

	"github.com/ghpat-ls/ghpat-ls/analysis"
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
	refs := analysis.EnvRefs(doc.Path, doc.LanguageID, doc.Text, st.TokenVariablePatterns)
	if len(refs) == 0 {
		return nil
	}
	return s.opts.Live.Diagnostics(refs)
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
