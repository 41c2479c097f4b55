package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

func frame(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return lsptest.Frame(b)
}

// sessionSeed is a whole framed session: what a client sends from
// initialize to exit.
func sessionSeed(t testing.TB) []byte {
	const uri = "file:///f.js"
	msgs := []any{
		map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}},
		map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}},
		map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
			"uri": uri, "languageId": "javascript", "version": 1,
			"text": "// 😀 中文\nconst t = \"ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\";\nfetch('https://api.github.com/user', {headers: {Authorization: 'token x'}})\nprocess.env.GITHUB_TOKEN\n",
		}}},
		map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": 2},
			"contentChanges": []any{
				map[string]any{"range": map[string]any{"start": map[string]any{"line": 0, "character": 3}, "end": map[string]any{"line": 1, "character": 2}}, "text": "🔑\r\n"},
				map[string]any{"text": "x = 'ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'"},
			},
		}},
		map[string]any{"jsonrpc": "2.0", "id": "h", "method": "textDocument/hover", "params": map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 10}}},
		map[string]any{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": map[string]any{"id": "h"}},
		map[string]any{"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": map[string]any{"textDocument": map[string]any{"uri": uri},
			"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 9, "character": 0}}, "context": map[string]any{"diagnostics": []any{}}}},
		map[string]any{"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": map[string]any{"settings": map[string]any{"ghpat": map[string]any{"rules": map[string]any{"github-pat": map[string]any{"severity": "hint"}}}}}},
		map[string]any{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": map[string]any{"textDocument": map[string]any{"uri": uri}}},
		map[string]any{"jsonrpc": "2.0", "id": 4, "method": "shutdown"},
		map[string]any{"jsonrpc": "2.0", "method": "exit"},
	}
	var out []byte
	for _, m := range msgs {
		out = append(out, frame(t, m)...)
	}
	return out
}

// FuzzServeFramed feeds arbitrary bytes to the server as its stdin. The
// server must not panic, must return once the input ends, and must write
// only well-formed frames.
func FuzzServeFramed(f *testing.F) {
	session := sessionSeed(f)
	f.Add(session)
	f.Add(session[:len(session)/2])
	f.Add([]byte("Content-Length: 5\r\n\r\n{}{}{Content-Length: 2\r\n\r\n[]"))
	f.Add([]byte("Content-Length: -1\r\n\r\nContent-Length: 99999999999999999999\r\n\r\n"))
	f.Add(append([]byte("garbage\n\n\r\n"), session...))
	f.Add(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":{"x":1},"method":"initialize","params":null}`)))
	f.Add(lsptest.Frame([]byte(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:x","text":"\u0000\ud800"}}}`)))
	f.Fuzz(func(t *testing.T, in []byte) {
		outR, outW := io.Pipe()
		c := lsptest.New(outR, io.Discard)
		srv := NewServer(Options{ConfigTimeout: 50 * time.Millisecond, MaxDocumentSize: 1 << 16})
		done := make(chan int, 1)
		go func() { done <- srv.Serve(context.Background(), bytes.NewReader(in), outW) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Serve did not return after the input ended")
		}
		// Request goroutines may still be replying.
		waited := make(chan struct{})
		go func() { srv.workers.Wait(); close(waited) }()
		select {
		case <-waited:
		case <-time.After(10 * time.Second):
			t.Fatalf("request goroutines still running 10 s after the input ended (output: %v)", c.Err())
		}
		outW.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.Drain(ctx); err != nil {
			t.Fatalf("server output: %v", err)
		}
	})
}
