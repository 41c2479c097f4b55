package lsp

import (
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// paramless are the methods whose handlers read no params.
var paramless = map[string]bool{protocol.MethodShutdown: true, protocol.MethodExit: true, protocol.MethodInitialized: true}

// TestMalformedParamsHaveOneAnswer: every method of the dispatch tables
// that reads params answers malformed or missing ones the same way,
// decoded in the dispatcher: InvalidParams for a request, a warning and
// nothing else for a notification; the server goes on.
func TestMalformedParamsHaveOneAnswer(t *testing.T) {
	bad := []any{"not an object", []int{1}, nil, map[string]any{"textDocument": 7}}
	h := startServer(t, Options{})
	for _, p := range bad[:3] {
		if err := h.call(protocol.MethodInitialize, p, nil); rpcCode(err) != -32602 {
			t.Errorf("initialize %v: %v, want InvalidParams", p, err)
		}
	}
	h.initialize(nil, nil)
	var requests, notifications []string
	for m := range requestMethods {
		if m != protocol.MethodInitialize && !paramless[m] {
			requests = append(requests, m)
		}
	}
	for m := range notificationMethods {
		if !paramless[m] {
			notifications = append(notifications, m)
		}
	}
	sort.Strings(requests)
	sort.Strings(notifications)
	for _, m := range requests {
		for _, p := range bad {
			if err := h.call(m, p, nil); rpcCode(err) != -32602 {
				t.Errorf("%s %v: %v, want InvalidParams", m, p, err)
			}
		}
	}
	for _, m := range notifications {
		for _, p := range bad[:3] {
			h.notify(m, p)
		}
	}
	h.alive()
	log := h.log.String()
	for _, m := range notifications {
		for _, want := range []string{m + ": invalid params", m + ": missing params"} {
			if !strings.Contains(log, want) {
				t.Errorf("log lacks %q", want)
			}
		}
	}
	h.open("file:///after.txt", "plaintext", "nothing here\n", 1)
	if d := h.diagnostics("file:///after.txt", 1); d.Null {
		t.Errorf("after malformed params: %+v", d)
	}
	if code := h.shutdownExit(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
