package main

import (
	"net/http"

	"github.com/ghpat-ls/ghpat-ls/lsp"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// The service is all the server's live lookups need: the one interface
// says so at compile time.
var _ lsp.LiveLookups = (*tokeninfo.Service)(nil)

// liveHTTPClient replaces the HTTP client in in-process tests (one that
// trusts a test server's certificate); nil means tokeninfo's default.
var liveHTTPClient *http.Client

// addLiveLookups gives the server tokeninfo's service for hovers and
// diagnostics on token variables; the server configures it from the
// editor's settings and follows its answers. stop cancels the lookups
// still in flight: call it when Serve has returned.
func addLiveLookups(opts *lsp.Options) (stop func()) {
	if opts.Logger == nil {
		opts.Logger = lsp.NewLogger(nil, lsp.LevelError)
	}
	svc, err := tokeninfo.New(tokeninfo.Options{
		UserAgent:  "ghpat-ls/" + buildVersion(),
		HTTPClient: liveHTTPClient,
		// tokeninfo names tokens only by a hash prefix in its log lines.
		Logf: opts.Logger.Infof,
	})
	if err != nil {
		// The server still works without live lookups.
		opts.Logger.Warnf("live lookups disabled: %v", err)
		return func() {}
	}
	opts.Live = svc
	return svc.Close
}
