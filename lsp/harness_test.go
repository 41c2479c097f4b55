package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// syncBuffer is a log sink shared by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs a Server in-process over pipes and talks to it with the
// strict lsptest client, byte for byte as over stdio.
type harness struct {
	t       *testing.T
	c       *lsptest.Client
	srv     *Server
	log     *syncBuffer
	code    chan int
	stdin   *io.PipeWriter
	secrets []string
}

func startServer(t *testing.T, opts Options) *harness {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	logBuf := &syncBuffer{}
	if opts.Logger == nil {
		opts.Logger = NewLogger(logBuf, LevelDebug)
	}
	opts.Version = "test"
	h := &harness{t: t, log: logBuf, code: make(chan int, 1), stdin: inW}
	h.srv = NewServer(opts)
	h.c = lsptest.New(outR, inW)
	go func() {
		h.code <- h.srv.Serve(context.Background(), inR, outW)
		outW.Close()
	}()
	t.Cleanup(func() {
		inW.Close()
		// Serve returns on the end of its input and then closes its output.
		if err := h.c.Drain(h.ctx()); err != nil {
			t.Errorf("server output is not clean LSP: %v", err)
		}
		h.assertNoSecrets()
	})
	return h
}

// ctx bounds one wait so that a broken server fails the test instead of
// hanging it.
func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// fixture loads a testdata/lsp file with its markers expanded and
// remembers the planted tokens as secrets.
func (h *harness) fixture(name string, seed uint64) (string, []fixture.Planted) {
	text, planted := fixture.Load(h.t, "../testdata/lsp/"+name, seed)
	for _, p := range planted {
		h.secrets = append(h.secrets, p.Token)
	}
	return string(text), planted
}

// assertNoSecrets checks that no frame and no log line carries a planted
// token in full (without printing the token).
func (h *harness) assertNoSecrets() {
	h.t.Helper()
	g := fixture.NewGuard(h.t, 0)
	g.Add(h.secrets...)
	for _, f := range h.c.Frames() {
		g.Check("a frame from the server", f)
	}
	g.CheckString("the server log", h.log.String())
}

func (h *harness) call(method string, params, result any) error {
	h.t.Helper()
	return h.c.Call(h.ctx(), method, params, result)
}

func (h *harness) mustCall(method string, params, result any) {
	h.t.Helper()
	if err := h.call(method, params, result); err != nil {
		h.t.Fatalf("%s: %v", method, err)
	}
}

func (h *harness) notify(method string, params any) {
	h.t.Helper()
	if err := h.c.Notify(method, params); err != nil {
		h.t.Fatalf("notify %s: %v", method, err)
	}
}

// initialize runs initialize + initialized with the given client
// capabilities and initializationOptions.
func (h *harness) initialize(caps, initOpts any) map[string]any {
	h.t.Helper()
	if caps == nil {
		caps = map[string]any{}
	}
	params := map[string]any{
		"processId":    nil,
		"rootUri":      nil,
		"capabilities": caps,
		"clientInfo":   map[string]any{"name": "lsptest", "version": "1"},
	}
	if initOpts != nil {
		params["initializationOptions"] = initOpts
	}
	var res map[string]any
	h.mustCall("initialize", params, &res)
	h.notify("initialized", map[string]any{})
	return res
}

func (h *harness) open(uri, lang, text string, version int) {
	h.t.Helper()
	h.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": lang, "version": version, "text": text,
	}})
}

func (h *harness) diagnostics(uri string, version int) *lsptest.PublishedDiagnostics {
	h.t.Helper()
	d, err := h.c.WaitDiagnostics(h.ctx(), uri, version)
	if err != nil {
		h.t.Fatalf("waiting for diagnostics on %s v%d: %v", uri, version, err)
	}
	return d
}

// shutdownExit ends the session cleanly and returns Serve's exit code.
func (h *harness) shutdownExit() int {
	h.t.Helper()
	h.mustCall("shutdown", nil, nil)
	h.notify("exit", nil)
	return h.exitCode()
}

func (h *harness) exitCode() int {
	h.t.Helper()
	select {
	case c := <-h.code:
		return c
	case <-h.ctx().Done():
		h.t.Fatal("server did not exit")
		return -1
	}
}

// rpcCode returns the JSON-RPC error code of err, or 0.
func rpcCode(err error) int64 {
	if e, ok := err.(*lsptest.Error); ok {
		return e.Code
	}
	return 0
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func byCode(ds []lsptest.Diagnostic, code string) []lsptest.Diagnostic {
	var out []lsptest.Diagnostic
	for _, d := range ds {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}
