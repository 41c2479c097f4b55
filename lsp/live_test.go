package lsp

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// hoverOnly completes a fake LiveLookups that only answers hovers: no
// diagnostics, no updates, nothing known to Peek.
type hoverOnly struct{}

func (hoverOnly) Configure(tokeninfo.Settings) error               { return nil }
func (hoverOnly) Diagnostics([]analysis.EnvRef) []analysis.Finding { return nil }
func (hoverOnly) Updates() <-chan struct{}                         { return nil }
func (hoverOnly) Peek(string) tokeninfo.Result                     { return tokeninfo.Result{} }

// configRecorder hands on the server's settings each time it configures
// the live lookups.
type configRecorder struct {
	hoverOnly
	srv *Server
	on  func(Settings)
}

func (c *configRecorder) Configure(tokeninfo.Settings) error {
	c.on(c.srv.Settings())
	return nil
}

func (c *configRecorder) Hover(ctx context.Context, ref analysis.EnvRef) (string, bool) {
	return "", false
}

// fakeLive is a LiveLookups whose answers the test sets: a finding on
// every reference to a variable marked expired. Its Updates channel holds
// one signal, as tokeninfo's does, and the test signals it as a landing
// lookup would.
type fakeLive struct {
	hoverOnly
	updates chan struct{}
	entered chan string // the variable of a Diagnostics call that blocks

	mu      sync.Mutex
	expired map[string]bool
	calls   int
	// block, when set, holds the Diagnostics calls on refs to blockVar
	// until it is closed; each such call first sends on entered.
	block    chan struct{}
	blockVar string
}

func newFakeLive() *fakeLive {
	return &fakeLive{updates: make(chan struct{}, 1), entered: make(chan string, 16), expired: map[string]bool{}}
}

func (f *fakeLive) Updates() <-chan struct{} { return f.updates }

func (f *fakeLive) Hover(context.Context, analysis.EnvRef) (string, bool) { return "", false }

// signal is what tokeninfo does when an answer lands.
func (f *fakeLive) signal() {
	select {
	case f.updates <- struct{}{}:
	default:
	}
}

func (f *fakeLive) setExpired(name string) {
	f.mu.Lock()
	f.expired[name] = true
	f.mu.Unlock()
}

// hold makes the Diagnostics calls on name wait until the returned
// function is called.
func (f *fakeLive) hold(name string) (release func()) {
	ch := make(chan struct{})
	f.mu.Lock()
	f.block, f.blockVar = ch, name
	f.mu.Unlock()
	return func() {
		f.mu.Lock()
		if f.block == ch {
			f.block = nil
		}
		f.mu.Unlock()
		close(ch)
	}
}

func (f *fakeLive) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeLive) Diagnostics(refs []analysis.EnvRef) []analysis.Finding {
	f.mu.Lock()
	f.calls++
	block := f.block
	f.mu.Unlock()
	if block != nil && len(refs) > 0 && refs[0].Name == f.blockVar {
		f.entered <- refs[0].Name
		<-block
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []analysis.Finding
	for _, r := range refs {
		if f.expired[r.Name] {
			out = append(out, analysis.Finding{RuleID: tokeninfo.RuleTokenExpired, Range: r.Range,
				Severity: analysis.SeverityError, Message: r.Name + ": token expired"})
		}
	}
	return out
}

// publications counts the publishDiagnostics the client got for uri.
func publications(h *harness, uri string) int {
	n := 0
	for _, f := range h.c.Frames() {
		var m struct {
			Method string                       `json:"method"`
			Params lsptest.PublishedDiagnostics `json:"params"`
		}
		if json.Unmarshal(f, &m) == nil && m.Method == "textDocument/publishDiagnostics" && m.Params.URI == uri {
			n++
		}
	}
	return n
}

// barrier returns once the server answered a request sent after
// everything it already wrote: a publication written before is then in
// the client's frames.
func barrier(h *harness, uri string) {
	h.t.Helper()
	var hov json.RawMessage
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 0}}, &hov)
}

// TestLiveAnswerRepublishesOnlyChangedDocuments: when a GitHub answer
// lands, every open document is re-analysed but only those whose
// diagnostics changed are published again; a new version always is.
func TestLiveAnswerRepublishesOnlyChangedDocuments(t *testing.T) {
	live := newFakeLive()
	h := startServer(t, Options{Live: live})
	h.initialize(nil, nil)
	// Passes go in URI order: a.js is analysed before z.js.
	const a, z = "file:///work/a.js", "file:///work/z.js"
	const aText, zText = "const t = process.env.GH_TOKEN;\n", "const t = process.env.GITHUB_TOKEN;\n"
	h.open(a, "javascript", aText, 1)
	h.diagnostics(a, 1)
	h.open(z, "javascript", zText, 1)
	h.diagnostics(z, 1)

	// GITHUB_TOKEN's answer lands: z.js changes, a.js does not.
	live.setExpired("GITHUB_TOKEN")
	live.signal()
	if d := byCode(h.diagnostics(z, 1).Diagnostics, tokeninfo.RuleTokenExpired); len(d) != 1 {
		t.Fatalf("z.js after the answer: %+v", d)
	}
	if n := publications(h, a); n != 1 {
		t.Errorf("a.js published %d times, want once (its open): the answer changed nothing there", n)
	}

	// Answers that change nothing publish nothing, through Updates or
	// through Refresh.
	for i := 0; i < 5; i++ {
		live.signal()
		h.srv.Refresh()
	}
	// Then GH_TOKEN's answer: only a.js changes.
	live.setExpired("GH_TOKEN")
	live.signal()
	if d := byCode(h.diagnostics(a, 1).Diagnostics, tokeninfo.RuleTokenExpired); len(d) != 1 {
		t.Fatalf("a.js after its answer: %+v", d)
	}
	h.srv.Refresh() // runs after the pass that published a.js, or joins it
	barrier(h, a)
	if n, m := publications(h, a), publications(h, z); n != 2 || m != 2 {
		t.Errorf("publications a.js %d, z.js %d; want 2 and 2 (open, then the answer that changed it)", n, m)
	}

	// A new version publishes even when the diagnostics are the same.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": a, "version": 2},
		"contentChanges": []any{map[string]any{"text": aText}},
	})
	if d := byCode(h.diagnostics(a, 2).Diagnostics, tokeninfo.RuleTokenExpired); len(d) != 1 {
		t.Errorf("a.js v2: %+v", d)
	}
	h.shutdownExit()
}

// TestLiveUpdatesCoalesce (run it with -race): lookups that land while an
// update pass runs, signalled on Updates from many goroutines and through
// Refresh, cost one more pass in all. Once that pass has started nothing
// else is pending, so the open documents are analysed twice, not once per
// answer.
func TestLiveUpdatesCoalesce(t *testing.T) {
	live := newFakeLive()
	h := startServer(t, Options{Live: live})
	h.initialize(nil, nil)
	const a, b = "file:///work/a.js", "file:///work/b.js"
	h.open(a, "javascript", "const t = process.env.GH_TOKEN;\n", 1)
	h.diagnostics(a, 1)
	h.open(b, "javascript", "const t = process.env.GITHUB_TOKEN;\n", 1)
	h.diagnostics(b, 1)
	before := live.callCount()

	release := live.hold("GH_TOKEN")
	live.signal()
	<-live.entered // the first pass is held on a.js
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); live.signal() }()
		go func() { defer wg.Done(); h.srv.Refresh() }() // returns at once: a pass runs
	}
	wg.Wait()
	next := live.hold("GH_TOKEN") // hold the next pass too, where it starts
	release()
	<-live.entered // the one more pass has started
	pending := len(live.updates)
	h.srv.refreshPass.mu.Lock()
	again := h.srv.refreshPass.again
	h.srv.refreshPass.mu.Unlock()
	if pending != 0 || again {
		t.Errorf("with the second pass started, a signal is pending (%d) or another pass is queued (%v): want neither", pending, again)
	}
	next()
	barrier(h, a)
	h.shutdownExit()
	h.srv.workers.Wait()
	if got := live.callCount() - before; got != 4 {
		t.Errorf("analyses of 2 documents for 21 signals: %d, want 4 (the pass, then one more)", got)
	}
}

// TestSettingsChangeDuringLiveUpdate (run it with -race): a settings change
// that arrives while an update pass is held is applied, and the documents
// re-analysed with it, before the next request is answered; it is not left
// to the running pass.
func TestSettingsChangeDuringLiveUpdate(t *testing.T) {
	live := newFakeLive()
	h := startServer(t, Options{Live: live})
	h.initialize(nil, nil)
	text, planted := h.fixture("app.js", 41)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 {
		t.Fatalf("github-oauth diagnostics before the change: %+v", d)
	}
	hoverAt := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": lsptest.PositionOf(text, planted[0].Offset+2)}

	release := live.hold("GITHUB_TOKEN")
	live.signal()
	<-live.entered // the update pass is held, with the old settings
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{
		"rules": map[string]any{analysis.RuleOAuth: map[string]any{"severity": "off"}},
	}}})
	// Written in a goroutine: the read loop is busy with the change until
	// the pass lets go.
	var after struct {
		Contents *struct{ Value string } `json:"contents"`
	}
	hovered := make(chan error, 1)
	go func() { hovered <- h.call("textDocument/hover", hoverAt, &after) }()
	// A server that left the change to the held pass answers now, from
	// the stale findings; a correct one only after the release. The wait
	// only gives a wrong server the time to show itself: a correct one
	// passes however long it is.
	var err error
	answered := false
	select {
	case err = <-hovered:
		answered = true
	case <-time.After(300 * time.Millisecond):
	}
	release()
	if !answered {
		err = <-hovered
	}
	if err != nil {
		t.Fatal(err)
	}
	if after.Contents != nil {
		t.Errorf("hover on a token whose rule was just turned off: %q, want none", after.Contents.Value)
	}
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 0 {
		// The last publication is the settings change's.
		t.Errorf("github-oauth published after it was turned off: %+v", d)
	}
	h.assertNoSecrets()
	h.shutdownExit()
}
