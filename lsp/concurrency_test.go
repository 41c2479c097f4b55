package lsp

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// TestConfigurationPullErrorOrGarbage: whatever a client answers to
// workspace/configuration (an error, a non-array, an array of the wrong
// thing), the server keeps the settings it had and goes on.
func TestConfigurationPullErrorOrGarbage(t *testing.T) {
	answers := map[string]func() (any, *lsptest.Error){
		"error":        func() (any, *lsptest.Error) { return nil, &lsptest.Error{Code: -32603, Message: "no"} },
		"string":       func() (any, *lsptest.Error) { return json.RawMessage(`"garbage"`), nil },
		"object":       func() (any, *lsptest.Error) { return json.RawMessage(`{"ghpat":{"apiVersion":"2022-11-28"}}`), nil },
		"number item":  func() (any, *lsptest.Error) { return json.RawMessage(`[42]`), nil },
		"null item":    func() (any, *lsptest.Error) { return json.RawMessage(`[null]`), nil },
		"empty array":  func() (any, *lsptest.Error) { return json.RawMessage(`[]`), nil },
		"nested array": func() (any, *lsptest.Error) { return json.RawMessage(`[[{"apiVersion":"x"}]]`), nil },
		"bad fields": func() (any, *lsptest.Error) {
			return json.RawMessage(`[{"apiVersion":5,"enterpriseHost":"a b","liveLookups":"on","rules":[1]}]`), nil
		},
		"null result": func() (any, *lsptest.Error) { return nil, nil },
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			h := startServer(t, Options{})
			h.c.OnRequest = func(method string, _ json.RawMessage) (any, *lsptest.Error) {
				if method != "workspace/configuration" {
					t.Errorf("unexpected request %s", method)
				}
				return answer()
			}
			init := map[string]any{"ghpat": map[string]any{
				"apiVersion": "2026-03-10",
				"rules":      map[string]any{analysis.RuleOAuth: map[string]any{"severity": "warning"}},
			}}
			h.initialize(map[string]any{"workspace": map[string]any{"configuration": true}}, init)
			want, _ := ParseSettings(mustJSON(t, init["ghpat"]), DefaultSettings())
			text, _ := h.fixture("app.js", 31)
			const uri = "file:///work/app.js"
			h.open(uri, "javascript", text, 1)
			if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 || d[0].Severity != 2 {
				t.Errorf("diagnostics after the pull: %+v", d)
			}
			// A second pull, after a null push, as VS Code sends it.
			h.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
			var hov json.RawMessage
			at := lsptest.PositionOf(text, strings.Index(text, "gho_")+2)
			h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at}, &hov)
			if !strings.Contains(string(hov), "OAuth") {
				t.Errorf("hover after the pull: %s", hov)
			}
			if got := h.srv.Settings(); !reflect.DeepEqual(got, want) {
				t.Errorf("settings %+v, want the initial %+v", got, want)
			}
			if code := h.shutdownExit(); code != 0 {
				t.Errorf("exit code %d", code)
			}
		})
	}
}

// TestInitializeWithoutCapabilities: a minimal client (no capabilities
// member, or null) gets the full server.
func TestInitializeWithoutCapabilities(t *testing.T) {
	for _, params := range []string{`{}`, `{"processId":null}`, `{"processId":null,"capabilities":null}`, `{"capabilities":{}}`} {
		h := startServer(t, Options{})
		var res struct {
			Capabilities struct {
				HoverProvider    bool   `json:"hoverProvider"`
				PositionEncoding string `json:"positionEncoding"`
			} `json:"capabilities"`
		}
		h.mustCall("initialize", json.RawMessage(params), &res)
		if !res.Capabilities.HoverProvider || res.Capabilities.PositionEncoding != "utf-16" {
			t.Errorf("%s: capabilities %+v", params, res.Capabilities)
		}
		h.notify("initialized", map[string]any{})
		// No configuration capability: a null push does not pull.
		h.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
		text, _ := h.fixture("app.js", 32)
		const uri = "file:///work/app.js"
		h.open(uri, "javascript", text, 1)
		if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 {
			t.Errorf("%s: diagnostics %+v", params, d)
		}
		if code := h.shutdownExit(); code != 0 {
			t.Errorf("%s: exit code %d", params, code)
		}
	}
}

// TestPositionsPastLineEnd: clients send columns past the end of a line
// and lines past the end of the document; they are clamped, never an
// error or a crash. A negative position is invalid params.
func TestPositionsPastLineEnd(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	text, _ := h.fixture("app.js", 33)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	h.diagnostics(uri, 1)
	line := lsptest.PositionOf(text, strings.Index(text, "gho_")).Line
	pos := func(l, c int) map[string]any { return map[string]any{"line": l, "character": c} }
	var hov json.RawMessage
	for _, p := range []map[string]any{pos(line, 1<<20), pos(1<<20, 0), pos(1<<31, 1<<31)} {
		if err := h.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}, &hov); err != nil {
			t.Errorf("hover at %v: %v", p, err)
		}
	}
	var actions []struct {
		Title string `json:"title"`
		Edit  struct {
			Changes map[string][]lsptest.TextEdit `json:"changes"`
		} `json:"edit"`
	}
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": pos(line, 0), "end": pos(line, 1<<20)},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) == 0 {
		t.Fatalf("no fixes for a range running past the line end")
	}
	for _, a := range actions {
		if _, err := lsptest.ApplyEdits(text, a.Edit.Changes[uri]); err != nil {
			t.Errorf("fix %q: %v", a.Title, err)
		}
	}
	err := h.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(-1, 0)}, &hov)
	if rpcCode(err) != -32602 {
		t.Errorf("negative line: %v, want InvalidParams", err)
	}
	h.shutdownExit()
}

// TestCloseDuringRefresh: a document is closed while a re-analysis of it
// (from a background lookup landing) runs. The empty list published on
// close is the last word about it.
func TestCloseDuringRefresh(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	armed := make(chan bool, 1)
	armed <- false
	extra := func(doc *Document) []analysis.Finding {
		a := <-armed
		armed <- false // block once
		if a {
			entered <- struct{}{}
			<-release
		}
		i := strings.Index(string(doc.Text), "GITHUB_TOKEN")
		return []analysis.Finding{{RuleID: "github-token-expired", Range: analysis.Range{Start: i, End: i + 12}, Severity: analysis.SeverityError, Message: "expired"}}
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, _ := h.fixture("app.js", 34)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	h.diagnostics(uri, 1)
	<-armed
	armed <- true
	refreshed := make(chan struct{})
	go func() { h.srv.Refresh(); close(refreshed) }()
	<-entered
	h.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	close(release)
	<-refreshed
	h.srv.Refresh() // the document is gone: nothing to publish
	h.shutdownExit()
	var last *lsptest.PublishedDiagnostics
	for _, f := range h.c.Frames() {
		var m struct {
			Method string                       `json:"method"`
			Params lsptest.PublishedDiagnostics `json:"params"`
		}
		if json.Unmarshal(f, &m) == nil && m.Method == "textDocument/publishDiagnostics" && m.Params.URI == uri {
			p := m.Params
			last = &p
		}
	}
	if last == nil || len(last.Diagnostics) != 0 {
		t.Errorf("last publication after close: %+v, want an empty list", last)
	}
}

// TestRequestSeesAnEditBeforeItsAnalysis: a hover or code action read
// right after a didChange, while the change's analysis runs off the read
// loop, still answers from the analysed new text.
func TestRequestSeesAnEditBeforeItsAnalysis(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	text, _ := h.fixture("app.js", 35)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", "// nothing yet\n", 1)
	h.diagnostics(uri, 1)
	// No wait for the change's diagnostics: the hover follows at once.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": text}},
	})
	at := lsptest.PositionOf(text, strings.Index(text, "gho_")+2)
	var hov struct {
		Contents struct{ Value string } `json:"contents"`
	}
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at}, &hov)
	if !strings.Contains(hov.Contents.Value, "OAuth") {
		t.Errorf("hover on the edited text: %q", hov.Contents.Value)
	}
	var actions []json.RawMessage
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": map[string]any{"start": at, "end": at},
		"context": map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) == 0 {
		t.Errorf("no fixes on the edited text")
	}
	h.shutdownExit()
}

// gatedHover answers when released, like a lookup GitHub holds.
type gatedHover struct {
	hoverOnly
	started chan struct{}
	release chan struct{}
}

func (g gatedHover) Hover(ctx context.Context, ref analysis.EnvRef) (string, bool) {
	g.started <- struct{}{}
	<-g.release
	return "**" + ref.Name + "**: live answer", true
}

// TestLiveLookupsTurnedOffDuringAHover: liveLookups.enabled becomes false
// while a hover waits on a lookup; the answer that lands after is not
// shown.
func TestLiveLookupsTurnedOffDuringAHover(t *testing.T) {
	live := gatedHover{started: make(chan struct{}, 1), release: make(chan struct{})}
	h := startServer(t, Options{Live: live})
	h.initialize(nil, map[string]any{"liveLookups": map[string]any{"timeoutMs": 10000}})
	text, _ := h.fixture("app.js", 36)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	h.diagnostics(uri, 1) // the open's publication, so that the wait below is the change's
	at := lsptest.PositionOf(text, strings.Index(text, "GITHUB_TOKEN")+2)
	id, err := h.c.Start("gated-hover", "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at})
	if err != nil {
		t.Fatal(err)
	}
	<-live.started
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{"liveLookups": map[string]any{"enabled": false}}}})
	h.diagnostics(uri, 1) // the settings change re-publishes: it was applied
	close(live.release)
	m, err := h.c.Await(h.ctx(), id)
	if err != nil || m.Error != nil {
		t.Fatalf("hover: %v %+v", err, m)
	}
	if strings.Contains(string(m.Result), "live answer") {
		t.Errorf("hover after lookups were turned off: %s", m.Result)
	}
	h.shutdownExit()
}

// TestRefreshCoalesces: lookups that land while a refresh pass runs do not
// each queue a pass of their own; they return at once and the running
// caller makes exactly one more pass, so the open documents are analysed
// twice, not once per call.
func TestRefreshCoalesces(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	var mu sync.Mutex
	calls, armed := 0, false
	extra := func(doc *Document) []analysis.Finding {
		mu.Lock()
		calls++
		block := armed
		armed = false
		mu.Unlock()
		if block {
			entered <- struct{}{}
			<-release
		}
		return nil
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, _ := h.fixture("app.js", 7)
	for _, name := range []string{"a.js", "b.js"} {
		uri := "file:///work/" + name
		h.open(uri, "javascript", text, 1)
		h.diagnostics(uri, 1)
	}
	mu.Lock()
	calls, armed = 0, true
	mu.Unlock()

	refreshed := make(chan struct{})
	go func() { h.srv.Refresh(); close(refreshed) }()
	<-entered
	collapsed := make(chan struct{})
	go func() {
		for i := 0; i < 10; i++ {
			h.srv.Refresh()
		}
		close(collapsed)
	}()
	select {
	case <-collapsed:
	case <-time.After(30 * time.Second):
		t.Fatal("Refresh calls during a running pass waited for it instead of returning")
	}
	close(release)
	<-refreshed
	mu.Lock()
	got := calls
	mu.Unlock()
	if got != 4 {
		t.Errorf("analyses for 11 Refresh calls on 2 documents: %d, want 4 (one pass, then one more)", got)
	}
	h.shutdownExit()
}

// TestSettingsChangeDuringRefresh: a settings change that arrives while a
// background Refresh pass runs is not folded into that pass. A request
// read after the change must be answered with the new settings, so the
// change re-analyses before the next message is read.
func TestSettingsChangeDuringRefresh(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	var mu sync.Mutex
	armed := false
	extra := func(doc *Document) []analysis.Finding {
		mu.Lock()
		block := armed
		armed = false
		mu.Unlock()
		if block {
			entered <- struct{}{}
			<-release
		}
		return nil
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, planted := h.fixture("app.js", 7)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, "github-oauth"); len(d) != 1 {
		t.Fatalf("github-oauth diagnostics before the change: %+v", d)
	}
	hoverAt := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": lsptest.PositionOf(text, planted[0].Offset+2)}
	var before struct {
		Contents struct{ Value string } `json:"contents"`
	}
	h.mustCall("textDocument/hover", hoverAt, &before)
	if before.Contents.Value == "" {
		t.Fatal("no hover on the token before the change")
	}

	mu.Lock()
	armed = true
	mu.Unlock()
	refreshed := make(chan struct{})
	go func() { h.srv.Refresh(); close(refreshed) }()
	<-entered
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{
		"rules": map[string]any{"github-oauth": map[string]any{"severity": "off"}},
	}}})
	// The hover is written while the pass is blocked (in a goroutine: the
	// pipe holds it until the server reads) and answered after release.
	var after struct {
		Contents *struct{ Value string } `json:"contents"`
	}
	hovered := make(chan error, 1)
	go func() { hovered <- h.call("textDocument/hover", hoverAt, &after) }()
	// A server that folded the change into the blocked pass answers now,
	// from the stale findings; a correct one answers only after release.
	var err error
	answered := false
	select {
	case err = <-hovered:
		answered = true
	case <-time.After(500 * time.Millisecond):
	}
	close(release)
	if !answered {
		err = <-hovered
	}
	if err != nil {
		t.Fatal(err)
	}
	<-refreshed
	if after.Contents != nil {
		t.Errorf("hover on a token whose rule was just turned off: %q, want none", after.Contents.Value)
	}
	h.assertNoSecrets()
	h.shutdownExit()
}
