package lsp

import (
	"context"
	"encoding/json"
	"errors"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// initializeParams are the parts of initialize's params the server reads.
// protocol.InitializeParams is not used: decoding all of it would refuse
// an initialize for a field the server never reads (a trace value or a
// process id of an unexpected shape).
type initializeParams struct {
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

// initialize records what the client can do and where its workspace is,
// applies initializationOptions and answers the server's capabilities.
func (s *Server) initialize(_ context.Context, p *initializeParams) (any, error) {
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

// initialized: the client is ready for the server's own requests, so
// the settings are pulled and the workspace index starts.
func (s *Server) initialized(context.Context) {
	s.pullConfiguration()
	s.startIndex()
}

// shutdown stops the index; every request after it is refused, and exit
// then ends the session with code 0.
func (s *Server) shutdown(context.Context) (any, error) {
	s.stopIndex()
	s.lifecycle.mu.Lock()
	s.lifecycle.state = stateShutdown
	s.lifecycle.mu.Unlock()
	return nil, nil
}

// exit ends Serve: code 0 after shutdown, 1 otherwise.
func (s *Server) exit(context.Context) {
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

// cancelParams are $/cancelRequest's params. protocol.CancelParams holds
// the id as an interface{}, where a JSON number becomes a float64 that
// never equals the request's id; a jsonrpc2.ID decodes it the way the
// library decoded the request's own id, so the keys match (the library's
// own canceller does not).
type cancelParams struct {
	ID *jsonrpc2.ID `json:"id"`
}

// cancelRequest cancels an in-flight request.
func (s *Server) cancelRequest(_ context.Context, p *cancelParams) error {
	if p.ID == nil {
		return errors.New("invalid id")
	}
	id := *p.ID
	s.inflight.mu.Lock()
	cancel := s.inflight.cancel[id]
	s.inflight.mu.Unlock()
	if cancel != nil {
		cancel()
		s.log.Debugf("cancelling request %v", id)
	}
	return nil
}
