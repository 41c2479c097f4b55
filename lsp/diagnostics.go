package lsp

import (
	"runtime/debug"
	"slices"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Source is the diagnostic source shown by editors.
const Source = "ghpat-ls"

// baseAnalysis is analysis.Analyze of doc under cfg, run once per snapshot
// and config (its API call search shared with the snapshot's routes); the
// caller gets its own copy to add the extra findings to.
// Only the analysis scheduler calls it, one run per URI at a time.
func baseAnalysis(doc *Document, cfg *analysis.Config) []analysis.Finding {
	b := doc.base
	if b == nil || b.cfg != cfg || cfg == nil {
		fs := doc.engineText().Analyze(cfg)
		if b == nil || cfg == nil {
			return fs
		}
		b.cfg, b.findings = cfg, fs
	}
	return slices.Clone(b.findings)
}

// runAnalysis calls the engine and adds the extra findings (ExtraDiagnostics,
// live lookups) under the per-rule settings; a panic in
// either is logged and leaves the document without findings.
func (s *Server) runAnalysis(doc *Document, cfg *analysis.Config) (fs []analysis.Finding) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Errorf("panic analysing %s: %v\n%s", doc.URI, r, debug.Stack())
			fs = nil
		}
	}()
	fs = s.dropIgnoredTokens(doc.Path, baseAnalysis(doc, cfg))
	if extra := s.extraFindings(doc); len(extra) > 0 {
		for _, f := range extra {
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
	// All ranges at once: one read of each line, however many findings
	// it holds.
	rs := make([]analysis.Range, len(doc.Findings))
	for i, f := range doc.Findings {
		rs[i] = f.Range
	}
	ranges := doc.mapper.Ranges(rs)
	diags := make([]protocol.Diagnostic, 0, len(doc.Findings))
	for i, f := range doc.Findings {
		diags = append(diags, diagnosticAt(ranges[i], f))
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
	return diagnosticAt(m.Range(f.Range), f)
}

// diagnosticAt is toDiagnostic with the finding's range already converted.
func diagnosticAt(rng protocol.Range, f analysis.Finding) protocol.Diagnostic {
	d := protocol.Diagnostic{
		Range:    rng,
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
