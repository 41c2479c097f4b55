package lsp

import (
	"context"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// hoverOnly completes a fake LiveLookups that only answers hovers: no
// diagnostics, no updates.
type hoverOnly struct{}

func (hoverOnly) Configure(tokeninfo.Settings) error               { return nil }
func (hoverOnly) Diagnostics([]analysis.EnvRef) []analysis.Finding { return nil }
func (hoverOnly) Updates() <-chan struct{}                         { return nil }

// configRecorder hands on the server's settings each time it configures
// the live lookups.
type configRecorder struct {
	hoverOnly
	srv *Server
	on  func(Settings)
}

func (c *configRecorder) Configure(tokeninfo.Settings) error {
	c.on(c.srv.Settings())
	return nil
}

func (c *configRecorder) Hover(ctx context.Context, ref analysis.EnvRef) (string, bool) {
	return "", false
}
