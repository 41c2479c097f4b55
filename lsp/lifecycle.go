package lsp

import (
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func (s *Server) exit() {
	s.stopIndex()
	s.exitOnce.Do(func() {
		s.lifecycle.mu.Lock()
		if s.lifecycle.state == stateShutdown {
			s.lifecycle.exitCode = 0
		} else {
			s.lifecycle.exitCode = 1
			s.log.Warnf("exit without shutdown")
		}
		s.lifecycle.mu.Unlock()
		close(s.exited)
	})
}

// cancelRequest cancels an in-flight request. Clients send numeric ids as
// JSON numbers; jsonrpc2.ID decodes them the same way it decodes the id of
// the request, so the keys match (the library's own canceller does not).
func (s *Server) cancelRequest(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	var id jsonrpc2.ID
	if err := json.Unmarshal(params, &p); err != nil || len(p.ID) == 0 || id.UnmarshalJSON(p.ID) != nil {
		s.log.Warnf("$/cancelRequest: invalid id")
		return
	}
	s.inflight.mu.Lock()
	cancel := s.inflight.cancel[id]
	s.inflight.mu.Unlock()
	if cancel != nil {
		cancel()
		s.log.Debugf("cancelling request %v", id)
	}
}

func (s *Server) initialize(raw json.RawMessage) (any, error) {
	var p struct {
		ClientInfo *protocol.ClientInfo `json:"clientInfo"`
		Capab      struct {
			Workspace struct {
				Configuration         bool `json:"configuration"`
				DidChangeWatchedFiles struct {
					DynamicRegistration bool `json:"dynamicRegistration"`
				} `json:"didChangeWatchedFiles"`
			} `json:"workspace"`
			Window struct {
				WorkDoneProgress bool `json:"workDoneProgress"`
			} `json:"window"`
		} `json:"capabilities"`
		InitializationOptions json.RawMessage `json:"initializationOptions"`
		RootURI               string          `json:"rootUri"`
		WorkspaceFolders      []struct {
			URI string `json:"uri"`
		} `json:"workspaceFolders"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if err := s.refuseWithoutRules(); err != nil {
		return nil, err
	}
	if p.ClientInfo != nil {
		s.log.Infof("client: %s %s", p.ClientInfo.Name, p.ClientInfo.Version)
	}
	s.lifecycle.mu.Lock()
	s.lifecycle.state = stateInitialized
	s.lifecycle.clientConfig = p.Capab.Workspace.Configuration
	s.lifecycle.mu.Unlock()
	var folders []string
	for _, f := range p.WorkspaceFolders {
		folders = append(folders, f.URI)
	}
	s.setIndexClient(p.RootURI, folders, p.Capab.Window.WorkDoneProgress, p.Capab.Workspace.DidChangeWatchedFiles.DynamicRegistration)
	s.applySettings(p.InitializationOptions, "initializationOptions", true)
	return initializeResult{
		Capabilities: serverCapabilities{
			ServerCapabilities: protocol.ServerCapabilities{
				TextDocumentSync: &protocol.TextDocumentSyncOptions{
					OpenClose: true,
					Change:    protocol.TextDocumentSyncKindIncremental,
					Save:      &protocol.SaveOptions{},
				},
				HoverProvider:          true,
				CodeActionProvider:     &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix}},
				ExecuteCommandProvider: &protocol.ExecuteCommandOptions{Commands: []string{RevokeCommand}},
			},
			PositionEncoding: "utf-16",
		},
		ServerInfo: &protocol.ServerInfo{Name: s.opts.Name, Version: s.opts.Version},
	}, nil
}

// serverCapabilities adds LSP 3.17's positionEncoding, which protocol
// v0.12.0 (LSP 3.16) lacks. The server always counts UTF-16 code units,
// the encoding every client must support, whatever the client offers in
// general.positionEncodings.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding"`
}

type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}
