package lsp

import (
	"bytes"
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Source is the diagnostic source shown by editors.
const Source = "ghpat-ls"

// diagnose analyses the current snapshot of u and publishes its
// diagnostics. Holding pubMu across analysis and publication keeps the
// published order equal to the snapshot order.
func (s *Server) diagnose(u protocol.DocumentURI) {
	s.mu.Lock()
	if s.configReady != nil {
		s.deferredDiagnostics = true // the pull re-diagnoses when it ends
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	doc := s.sess.get(u)
	if doc == nil {
		return
	}
	_, cfg := s.sess.current()
	next := s.analyze(doc, cfg)
	if !s.sess.replaceIfCurrent(doc, next) {
		return // an edit or close landed meanwhile; its own diagnose follows
	}
	s.publish(diagnosticsParams(next))
}

// analyze runs the analysis on one snapshot, or skips documents that are
// too large, binary or not UTF-8 (one log line each time the reason
// changes, not on every keystroke). Caller holds pubMu.
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
	if s.skipLogged[doc.URI] != skipped {
		if skipped != "" {
			s.log.Infof("not analysing %s: %s (%d bytes)", doc.URI, skipped, len(doc.Text))
		}
		s.skipLogged[doc.URI] = skipped
	}
	if skipped != "" {
		return doc.withFindings(nil, skipped)
	}
	fs := s.runAnalysis(doc, cfg)
	return doc.withFindings(fs, "")
}

// runAnalysis calls the engine and the ExtraDiagnostics hook; a panic in
// either is logged and leaves the document without findings.
func (s *Server) runAnalysis(doc *Document, cfg *analysis.Config) (fs []analysis.Finding) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Errorf("panic analysing %s: %v\n%s", doc.URI, r, debug.Stack())
			fs = nil
		}
	}()
	fs = analysis.Analyze(doc.Path, doc.LanguageID, doc.Text, cfg)
	if s.opts.ExtraDiagnostics != nil {
		for _, f := range s.opts.ExtraDiagnostics(doc) {
			if f.Range.Start < 0 || f.Range.End > len(doc.Text) || f.Range.Start > f.Range.End {
				s.log.Warnf("dropping an extra finding with an invalid range (%s)", f.RuleID)
				continue
			}
			// The user's per-rule settings apply to extra rules too.
			if cfg.Disabled[f.RuleID] {
				continue
			}
			if sev, ok := cfg.Severity[f.RuleID]; ok {
				f.Severity = sev
			}
			fs = append(fs, f)
		}
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].Range.Start < fs[j].Range.Start })
	}
	return fs
}

func diagnosticsParams(doc *Document) protocol.PublishDiagnosticsParams {
	diags := make([]protocol.Diagnostic, 0, len(doc.Findings))
	for _, f := range doc.Findings {
		diags = append(diags, toDiagnostic(doc.mapper, f))
	}
	v := uint32(0)
	if doc.Version > 0 {
		v = uint32(doc.Version)
	}
	return protocol.PublishDiagnosticsParams{URI: doc.URI, Version: v, Diagnostics: diags}
}

// toDiagnostic converts a finding at the LSP edge: byte offsets become
// UTF-16 positions here, and the message passes the scrubber here (it may
// quote a name from the document, such as a variable named like a token).
// codeDescription links the rule's section of docs/rules.md, where the
// explanation the short message leaves out lives.
func toDiagnostic(m *Mapper, f analysis.Finding) protocol.Diagnostic {
	d := protocol.Diagnostic{
		Range:    m.Range(f.Range),
		Severity: protocol.DiagnosticSeverity(f.Severity),
		Code:     f.RuleID,
		Source:   Source,
		Message:  ghtoken.RedactAll(f.Message),
	}
	if _, ok := analysis.RuleByID(f.RuleID); ok {
		d.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(analysis.HelpURL(f.RuleID))}
	}
	return d
}

// publish sends diagnostics. Caller holds pubMu.
func (s *Server) publish(p protocol.PublishDiagnosticsParams) {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return
	}
	if err := conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, p); err != nil {
		s.log.Errorf("publishing diagnostics for %s: %v", p.URI, err)
	}
}
