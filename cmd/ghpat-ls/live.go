package main

import (
	"net/http"
	"sync"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/lsp"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// liveHTTPClient replaces the HTTP client in in-process tests (one that
// trusts a test server's certificate); nil means tokeninfo's default.
var liveHTTPClient *http.Client

// liveLookups connects tokeninfo to the language server: hovers on
// environment-variable references, expiry/rejection diagnostics on them,
// and the ghpat.liveLookups settings.
type liveLookups struct {
	svc *tokeninfo.Service
	log *lsp.Logger

	mu       sync.Mutex
	srv      *lsp.Server
	settings lsp.Settings
}

// addLiveLookups wires live token lookups into opts. Call attach with the
// server made from opts, so that a lookup finishing in the background
// republishes diagnostics, and stop when the server is done, so that no
// request outlives it.
func addLiveLookups(opts *lsp.Options) (attach func(*lsp.Server), stop func()) {
	l := &liveLookups{log: opts.Logger, settings: lsp.DefaultSettings()}
	if l.log == nil {
		l.log = lsp.NewLogger(nil, lsp.LevelError)
	}
	svc, err := tokeninfo.New(tokeninfo.Options{
		Settings:   l.tokeninfoSettings(l.settings),
		UserAgent:  "ghpat-ls/" + buildVersion(),
		HTTPClient: liveHTTPClient,
		// tokeninfo names tokens only by a hash prefix in its log lines.
		Logf:     l.log.Infof,
		OnUpdate: l.refresh,
	})
	if err != nil {
		// The server still works without live lookups; a nil service must
		// not reach the hover path.
		l.log.Warnf("live lookups disabled: %v", err)
		return func(*lsp.Server) {}, func() {}
	}
	l.svc = svc
	opts.LiveHover = svc
	opts.ExtraDiagnostics = l.diagnostics
	opts.OnSettings = l.onSettings
	attach = func(s *lsp.Server) {
		l.mu.Lock()
		l.srv = s
		l.mu.Unlock()
	}
	stop = func() {
		// A lookup cancelled now must not republish after the exit.
		l.mu.Lock()
		l.srv = nil
		l.mu.Unlock()
		svc.Close()
	}
	return attach, stop
}

// tokeninfoSettings maps the editor's settings onto tokeninfo's.
func (l *liveLookups) tokeninfoSettings(st lsp.Settings) tokeninfo.Settings {
	ll := st.LiveLookups
	return tokeninfo.Settings{
		EnterpriseHost: st.EnterpriseHost,
		APIVersion:     st.APIVersion,
		TTL:            ll.CacheTTL(),
		HoverTimeout:   ll.Timeout(),
		ExpiryWarning:  ll.ExpiryWarning(),
	}
}

func (l *liveLookups) onSettings(st lsp.Settings) {
	l.mu.Lock()
	l.settings = st
	l.mu.Unlock()
	if err := l.svc.Configure(l.tokeninfoSettings(st)); err != nil {
		l.log.Warnf("live lookups: %v", err)
	}
}

// refresh republishes diagnostics after a background lookup landed.
func (l *liveLookups) refresh() {
	l.mu.Lock()
	srv := l.srv
	l.mu.Unlock()
	if srv != nil {
		srv.Refresh()
	}
}

// diagnostics are the expiry and rejection findings on the token variable
// references of doc. They come from the cache only; a missing answer is
// fetched in the background and refresh publishes it.
func (l *liveLookups) diagnostics(doc *lsp.Document) []analysis.Finding {
	l.mu.Lock()
	st := l.settings
	l.mu.Unlock()
	if !st.LiveLookups.Enabled || !st.LiveLookups.Diagnostics {
		return nil
	}
	refs := analysis.EnvRefs(doc.Path, doc.LanguageID, doc.Text, st.TokenVariablePatterns)
	if len(refs) == 0 {
		return nil
	}
	var out []analysis.Finding
	for _, f := range l.svc.Diagnostics(refs) {
		// The rules setting applies to these rules like to the others.
		if r, ok := st.Rules[f.RuleID]; ok {
			if r.Disabled {
				continue
			}
			if sev, ok := analysis.ParseSeverity(r.Severity); ok {
				f.Severity = sev
			}
		}
		out = append(out, f)
	}
	return out
}
