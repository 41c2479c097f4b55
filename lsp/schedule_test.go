package lsp

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// publishedVersions lists the versions published for uri, in order.
func publishedVersions(h *harness, uri string) []int {
	var out []int
	for _, f := range h.c.Frames() {
		var m struct {
			Method string                       `json:"method"`
			Params lsptest.PublishedDiagnostics `json:"params"`
		}
		if json.Unmarshal(f, &m) == nil && m.Method == "textDocument/publishDiagnostics" && m.Params.URI == uri {
			out = append(out, m.Params.Version)
		}
	}
	return out
}

// TestReadLoopNeverWaitsOnAnalysis (issue 18, item 2): while one
// document's analysis runs (held here, as a huge one takes long), the read
// loop goes on: two more versions of it are read, requests on another
// document are answered before any diagnostics of the held one, and a
// hover on the held document waits for its newest version. Only the last
// version is published: the overtaken ones never are.
func TestReadLoopNeverWaitsOnAnalysis(t *testing.T) {
	const big, small = "file:///work/big.js", "file:///work/small.js"
	entered, release := make(chan struct{}, 1), make(chan struct{})
	var mu sync.Mutex
	armed := false
	extra := func(doc *Document) []analysis.Finding {
		mu.Lock()
		hold := armed && string(doc.URI) == big
		if hold {
			armed = false
		}
		mu.Unlock()
		if hold {
			entered <- struct{}{}
			<-release
		}
		return nil
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, planted := h.fixture("app.js", 1801)
	h.open(small, "javascript", text, 1)
	h.diagnostics(small, 1)

	mu.Lock()
	armed = true
	mu.Unlock()
	h.open(big, "javascript", "// v1\n", 1)
	<-entered // version 1's analysis is running, and held
	for v, body := range []string{"// v2\n", "// v3\n" + text} {
		h.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": big, "version": v + 2},
			"contentChanges": []any{map[string]any{"text": body}},
		})
	}
	at := lsptest.PositionOf(text, planted[0].Offset+2)
	onBig, err := h.c.Start(nil, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": big}, "position": lsptest.Position{Line: at.Line + 1, Character: at.Character}})
	if err != nil {
		t.Fatal(err)
	}
	var hov struct {
		Contents struct{ Value string } `json:"contents"`
	}
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": small}, "position": at}, &hov)
	if !strings.Contains(hov.Contents.Value, "OAuth") {
		t.Errorf("hover on the other document: %q", hov.Contents.Value)
	}
	var actions []json.RawMessage
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": small}, "range": map[string]any{"start": at, "end": at},
		"context": map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) == 0 {
		t.Error("no code actions on the other document")
	}
	if err := h.call("no/such/method", nil, nil); rpcCode(err) != -32601 {
		t.Errorf("unknown method during the analysis: %v", err)
	}
	if v := publishedVersions(h, big); len(v) != 0 {
		t.Errorf("diagnostics of the held document published before the requests were answered: versions %v", v)
	}
	close(release)
	if d := byCode(h.diagnostics(big, 3).Diagnostics, analysis.RuleOAuth); len(d) != 1 {
		t.Errorf("diagnostics of the last version: %+v", d)
	}
	m, err := h.c.Await(h.ctx(), onBig)
	if err != nil || m.Error != nil || !strings.Contains(string(m.Result), "OAuth") {
		t.Errorf("hover on the held document, answered from its last version: %v %+v", err, m)
	}
	h.shutdownExit()
	if v := publishedVersions(h, big); len(v) != 1 || v[0] != 3 {
		t.Errorf("versions published for the held document: %v, want only the last, 3", v)
	}
}

// TestRequestsBeyondTheBoundAreRefused (issue 18, item 3): requests wait
// for a held analysis without a compute slot, so more than the slots are
// waiting at once; past maxPendingRequests the next ones are refused at
// once with RequestFailed (not left waiting on the read loop), and every
// admitted one is answered once the analysis lands.
func TestRequestsBeyondTheBoundAreRefused(t *testing.T) {
	const uri = "file:///work/held.js"
	entered, release := make(chan struct{}, 1), make(chan struct{})
	var once sync.Once
	extra := func(doc *Document) []analysis.Finding {
		once.Do(func() {
			entered <- struct{}{}
			<-release
		})
		return nil
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	h.open(uri, "javascript", "const a = 1;\n", 1)
	<-entered
	hover := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": lsptest.Position{}}
	var ids []json.RawMessage
	for i := 0; i < maxPendingRequests+10; i++ {
		id, err := h.c.Start(nil, "textDocument/hover", hover)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// The last ones are refused while the others wait.
	for _, id := range ids[maxPendingRequests:] {
		m, err := h.c.Await(h.ctx(), id)
		if err != nil || m.Error == nil || m.Error.Code != int64(codeServerBusy) {
			t.Fatalf("request %s past the bound: %v %+v", id, err, m)
		}
	}
	close(release)
	for _, id := range ids[:maxPendingRequests] {
		if m, err := h.c.Await(h.ctx(), id); err != nil || m.Error != nil {
			t.Fatalf("request %s within the bound: %v %+v", id, err, m)
		}
	}
	h.shutdownExit()
}

// TestCodeActionsCut: a range over hundreds of tokens answers at most
// maxCodeActions actions (an answer per request stays small under a flood).
func TestCodeActionsCut(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	var src strings.Builder
	for i := 0; i < 200; i++ {
		tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(18000+i))
		h.secrets = append(h.secrets, tok)
		fmt.Fprintf(&src, "const t%d = %q;\n", i, tok)
	}
	const uri = "file:///work/many.js"
	h.open(uri, "javascript", src.String(), 1)
	var actions []json.RawMessage
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": lsptest.Position{}, "end": lsptest.Position{Line: 200}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) != maxCodeActions {
		t.Errorf("%d actions for 200 tokens, want the %d of the cut", len(actions), maxCodeActions)
	}
	h.shutdownExit()
}

// TestWatchedFileEventsCoalesce (issue 18, item 3): 300 events for one
// file, while its first re-read is held, leave it queued once: it is read
// once more after, not 300 times, and never by two readers at once.
func TestWatchedFileEventsCoalesce(t *testing.T) {
	dir, toks := indexWorkspace(t, 1)
	h := startServer(t, Options{})
	h.secrets = append(h.secrets, toks...)
	h.initializeFolder(dir, map[string]any{})
	file := filepath.Join(dir, "f000.sh")
	uri := "file://" + filepath.ToSlash(file)
	h.diagnostics(uri, 0) // the initial index published its token
	for h.srv.indexSnapshot().running {
		time.Sleep(time.Millisecond) // its Refresh comes next; let it pass
	}
	reads := func() int { return strings.Count(h.log.String(), "workspace index: reading "+uri) }
	before := reads()
	rereads := func() (queued, reading, readers int) {
		h.srv.index.mu.Lock()
		defer h.srv.index.mu.Unlock()
		q := h.srv.index.rereads
		return len(q.order), len(q.reading), q.readers
	}
	event := map[string]any{"changes": []any{map[string]any{"uri": uri, "type": 2}}}
	// A re-read stops where it publishes: hold publication.mu, and let the
	// first event's read reach it.
	h.srv.publication.mu.Lock()
	h.notify("workspace/didChangeWatchedFiles", event)
	for _, reading, _ := rereads(); reading == 0; _, reading, _ = rereads() {
		time.Sleep(time.Millisecond)
	}
	for i := 1; i < 300; i++ {
		h.notify("workspace/didChangeWatchedFiles", event)
	}
	// Answered after the 300 notifications were read (in order).
	if err := h.call("no/such/method", nil, nil); rpcCode(err) != -32601 {
		t.Fatalf("request after the events: %v", err)
	}
	queued, reading, readers := rereads()
	h.srv.publication.mu.Unlock()
	if queued != 1 || reading != 1 || readers != 1 {
		t.Errorf("after 300 events during a read: %d queued, %d reading, %d readers; want 1, 1, 1", queued, reading, readers)
	}
	for _, _, readers := rereads(); readers > 0; _, _, readers = rereads() {
		time.Sleep(time.Millisecond)
	}
	if n := reads() - before; n != 2 {
		t.Errorf("%d reads for 300 events, want 2 (the held one, then one more)", n)
	}
	h.shutdownExit()
}
