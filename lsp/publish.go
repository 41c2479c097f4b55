package lsp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// publishWhen says whether diagnose sends diagnostics that equal the last
// ones sent for the document.
type publishWhen int

const (
	// publishAlways: an event from the client (open, change, save, a
	// settings change) is answered with a publication even when nothing
	// changed; it recovers a client that dropped diagnostics and shows
	// that settings were applied.
	publishAlways publishWhen = iota
	// publishIfChanged: a re-analysis the client did not ask for (a
	// GitHub answer landed) is sent only when its diagnostics differ, as
	// gopls does with the hash of what it published.
	publishIfChanged
)

// diagnose asks for the current snapshot of u to be analysed and its
// diagnostics published, off the read loop (schedule), and returns the
// ask's ticket.
func (s *Server) diagnose(u protocol.DocumentURI, when publishWhen) uint64 {
	return s.schedule(u, when)
}

// publishedHash identifies a publication by its wire form (version
// included, so a new version always publishes).
func publishedHash(p protocol.PublishDiagnosticsParams) ([sha256.Size]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// analyze runs the analysis on one snapshot, or skips documents that are
// too large, binary or not UTF-8 (one log line each time the reason
// changes, not on every keystroke). It holds no lock while it analyses:
// the scheduler runs one analysis per URI at a time.
func (s *Server) analyze(doc *Document, cfg *analysis.Config) *Document {
	skipped := ""
	switch {
	case len(doc.Text) > s.opts.MaxDocumentSize:
		skipped = fmt.Sprintf("larger than the %d-byte limit", s.opts.MaxDocumentSize)
	case bytes.IndexByte(doc.Text, 0) >= 0:
		skipped = "binary (contains NUL bytes)"
	case doc.invalidText || !utf8.Valid(doc.Text):
		skipped = "not valid UTF-8 (invalid bytes or lone UTF-16 surrogates)"
	}
	s.publication.mu.Lock()
	if s.publication.skipLogged[doc.URI] != skipped {
		if skipped != "" {
			s.log.Infof("not analysing %s: %s (%d bytes)", doc.URI, skipped, len(doc.Text))
		}
		s.publication.skipLogged[doc.URI] = skipped
	}
	s.publication.mu.Unlock()
	if skipped != "" {
		return doc.withFindings(nil, skipped)
	}
	fs := s.runAnalysis(doc, cfg)
	return doc.withFindings(fs, "")
}

// sendLocked sends diagnostics. Caller holds publication.mu, so that
// publications go out in snapshot order.
func (s *Server) sendLocked(p protocol.PublishDiagnosticsParams) {
	conn := s.connection()
	if conn == nil {
		return
	}
	if err := conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, p); err != nil {
		s.log.Errorf("publishing diagnostics for %s: %v", p.URI, err)
	}
}

// connection is the client connection (nil before Serve).
func (s *Server) connection() jsonrpc2.Conn {
	s.lifecycle.mu.Lock()
	defer s.lifecycle.mu.Unlock()
	return s.lifecycle.conn
}
