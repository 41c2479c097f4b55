package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// codeAction builds quick fixes from the server's own findings for the
// current snapshot that overlap the requested range. The diagnostics the
// client echoes in the context are ignored: Neovim 0.7 sends them with byte
// columns, and the stored findings carry the fixes anyway.
func (s *Server) codeAction(ctx context.Context, p *protocol.CodeActionParams) (any, error) {
	doc, err := s.requestDoc(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	actions := []protocol.CodeAction{}
	if doc == nil || !kindRequested(p.Context.Only, protocol.QuickFix) {
		return actions, nil
	}
	actions = quickFixes(doc, p.Range, maxCodeActions)
	start, end := doc.mapper.OffsetRange(p.Range)
	actions = append(actions, s.revokeActions(doc, start, end, maxCodeActions-len(actions))...)
	if len(actions) >= maxCodeActions {
		s.log.Infof("textDocument/codeAction on %s: answer cut at %d actions (a range over many findings)", doc.URI, maxCodeActions)
	}
	return actions, nil
}

// maxCodeActions bounds one codeAction answer. An editor asks for the
// cursor's or the selection's range, a handful of findings; a range over a
// whole file of tokens would otherwise answer megabytes per request (issue
// 18). The actions nearest the start of the range are kept.
const maxCodeActions = 100

// quickFixes turns each Fix of each finding overlapping r into a
// CodeAction, at most limit of them.
func quickFixes(doc *Document, r protocol.Range, limit int) []protocol.CodeAction {
	actions := []protocol.CodeAction{}
	m := doc.mapper
	start, end := m.OffsetRange(r)
	for _, f := range doc.Findings {
		if f.Range.Start > end || start > f.Range.End {
			continue
		}
		if len(actions)+len(f.Fixes) > limit {
			break
		}
		diag := toDiagnostic(m, f)
		for _, fix := range f.Fixes {
			edits := make([]protocol.TextEdit, 0, len(fix.Edits))
			for _, e := range fix.Edits {
				edits = append(edits, protocol.TextEdit{Range: m.Range(e.Range), NewText: e.NewText})
			}
			actions = append(actions, protocol.CodeAction{
				Title:       ghtoken.RedactAll(fix.Title), // it may name a job from the file, as the message does
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{diag},
				IsPreferred: fix.Preferred,
				Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{doc.URI: edits}},
			})
		}
	}
	return actions
}

// kindRequested reports whether kind passes a context.only filter: a
// requested kind matches itself and its sub-kinds ("quickfix" matches
// "quickfix" and "quickfix.x"; "refactor" does not match "quickfix").
func kindRequested(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == "" || kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

// findingsAt returns the findings whose range contains byte offset off.
func findingsAt(fs []analysis.Finding, off int) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range fs {
		if f.Range.Start <= off && (off < f.Range.End || f.Range.Start == f.Range.End) {
			out = append(out, f)
		}
	}
	return out
}
