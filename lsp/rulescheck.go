package lsp

import (
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// rulesError reports whether the token rules loaded (a variable so that a
// test can simulate a broken build).
var rulesError = analysis.RulesError

// refuseWithoutRules fails initialize when gitleaks' rules did not load:
// without them no token is found, and a server that published empty
// diagnostics would pretend every file is clean. The user hears it through
// window/showMessage (allowed during initialize) and the log.
func (s *Server) refuseWithoutRules() error {
	err := rulesError()
	if err == nil {
		return nil
	}
	msg := "ghpat-ls cannot look for tokens: its rules failed to load (" + err.Error() + "); reinstall ghpat-ls"
	s.log.Errorf("%s", msg)
	s.showMessage(protocol.MessageTypeError, msg)
	return jsonrpc2.NewError(jsonrpc2.InternalError, msg)
}
