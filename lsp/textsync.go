package lsp

import (
	"context"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// didOpenParams are didOpen's params with the text as it arrived
// (wireText records whether it was valid Unicode).
type didOpenParams struct {
	TextDocument struct {
		URI        protocol.DocumentURI `json:"uri"`
		LanguageID string               `json:"languageId"`
		Version    int32                `json:"version"`
		Text       wireText             `json:"text"`
	} `json:"textDocument"`
}

func (s *Server) didOpen(_ context.Context, p *didOpenParams) error {
	td := p.TextDocument
	if err := requireURI(td.URI); err != nil {
		return err
	}
	doc := NewDocument(td.URI, td.LanguageID, td.Version, []byte(td.Text.Text))
	doc.invalidText = td.Text.Invalid
	s.sess.put(doc)
	s.log.Debugf("opened %s (%s, %d bytes, version %d)", td.URI, td.LanguageID, len(doc.Text), td.Version)
	s.diagnose(td.URI, publishAlways)
	return nil
}

// didChangeParams are didChange's params, not protocol's:
// protocol.TextDocumentContentChangeEvent.Range is not a pointer, so a full
// replacement would look like an insertion at 0:0, and its text would not
// say whether it was valid Unicode.
type didChangeParams struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version int32                `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range"`
		Text  *wireText       `json:"text"`
	} `json:"contentChanges"`
}

func (s *Server) didChange(_ context.Context, p *didChangeParams) error {
	u := p.TextDocument.URI
	if err := requireURI(u); err != nil {
		return err
	}
	changes := make([]Change, 0, len(p.ContentChanges))
	for _, c := range p.ContentChanges {
		if c.Text == nil {
			return jsonrpc2.NewError(jsonrpc2.InvalidParams, "content change without text")
		}
		changes = append(changes, Change{Range: c.Range, Text: c.Text.Text, Invalid: c.Text.Invalid})
	}
	doc := s.sess.get(u)
	if doc == nil {
		return fmt.Errorf("change to %s, which is not open", u)
	}
	s.sess.put(doc.Apply(p.TextDocument.Version, changes))
	s.diagnose(u, publishAlways)
	return nil
}

func (s *Server) didClose(_ context.Context, p *protocol.DidCloseTextDocumentParams) error {
	u := p.TextDocument.URI
	if err := requireURI(u); err != nil {
		return err
	}
	s.publication.mu.Lock()
	defer s.publication.mu.Unlock()
	if !s.sess.remove(u) {
		return fmt.Errorf("close of %s, which is not open", u)
	}
	delete(s.publication.skipLogged, u)
	delete(s.publication.sent, u)
	s.forgetAnalysis(u)
	// An empty array, not null: null does not clear in every client.
	s.sendLocked(protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
	// The file on disk is the workspace index's again.
	s.reindexURI(u)
	return nil
}

func (s *Server) didSave(_ context.Context, p *protocol.DidSaveTextDocumentParams) error {
	if err := requireURI(p.TextDocument.URI); err != nil {
		return err
	}
	// The text is already in sync; publishing again costs little and
	// recovers a client that dropped diagnostics.
	s.diagnose(p.TextDocument.URI, publishAlways)
	s.reindexURI(p.TextDocument.URI)
	return nil
}
