package lsp

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestInitializeFailsWhenRulesDoNotLoad: a build whose gitleaks rules do not
// load must not answer initialize as if it could find tokens; the user is
// told through window/showMessage and the log.
func TestInitializeFailsWhenRulesDoNotLoad(t *testing.T) {
	rulesError = func() error { return errors.New("gitleaks default config has no rule \"github-pat\"") }
	defer func() { rulesError = realRulesError }()
	h := startServer(t, Options{})
	err := h.call("initialize", map[string]any{"capabilities": map[string]any{}}, nil)
	if rpcCode(err) != -32603 || !strings.Contains(err.Error(), "rules failed to load") {
		t.Fatalf("initialize: %v, want InternalError naming the rules", err)
	}
	msg, werr := h.c.WaitNotification(h.ctx(), "window/showMessage", func(json.RawMessage) bool { return true })
	if werr != nil || !strings.Contains(string(msg), "rules failed to load") || !strings.Contains(string(msg), `"type":1`) {
		t.Errorf("showMessage: %s %v, want an error naming the rules", msg, werr)
	}
	if !strings.Contains(h.log.String(), "cannot look for tokens") {
		t.Errorf("no log line:\n%s", h.log.String())
	}
	// Nothing is served as if it worked.
	hover := map[string]any{"textDocument": map[string]any{"uri": "file:///a.js"}, "position": map[string]any{"line": 0, "character": 0}}
	if err := h.call("textDocument/hover", hover, nil); rpcCode(err) != -32002 {
		t.Errorf("hover after the failed initialize: %v, want ServerNotInitialized", err)
	}
}

var realRulesError = rulesError
