package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

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

// hostileSeeds are sessions with the inputs that used to kill or hang
// the server (issue 10), so that the fuzzer starts from them.
func hostileSeeds(t testing.TB) [][]byte {
	start := append(frame(t, map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize",
		"params": map[string]any{"capabilities": map[string]any{"workspace": map[string]any{"configuration": true}}}}),
		frame(t, map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})...)
	end := append(frame(t, map[string]any{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}),
		frame(t, map[string]any{"jsonrpc": "2.0", "method": "exit"})...)
	session := func(middle ...[]byte) []byte {
		out := append([]byte{}, start...)
		for _, m := range middle {
			out = append(out, m...)
		}
		return append(out, end...)
	}
	reply := lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":1,"result":[{}]}`))
	return [][]byte{
		session(reply, reply, reply, lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":"1","error":{"code":1,"message":"x"}}`))),
		session(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":2,"method":""}`)), lsptest.Frame([]byte(`{"jsonrpc":"2.0","method":""}`))),
		session(lsptest.Frame(bytes.Repeat([]byte("["), maxNesting+1))),
		session([]byte("broken\r\n\xff\xc3\u0130\u0130Content-Length: 2\r\n\r\n{}")),
		session([]byte("X: " + strings.Repeat("a", maxHeaderLine) + "\r\n\r\n")),
	}
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
	for _, seed := range hostileSeeds(f) {
		f.Add(seed)
	}
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

// FuzzFrameHeaderResync feeds arbitrary bytes, then a line break and one
// valid frame, to the stream reader. Reading must not panic and must end
// at the end of the input; everything written back must be well-formed
// frames; and when the junk names no Content-Length, the frame after it
// must be read intact, wherever the junk left the header parser.
func FuzzFrameHeaderResync(f *testing.F) {
	for _, s := range []string{
		"", "garbage", "\xff\xc3İİ\u212a", "A: b", "A: b\r\n\r\n", "Content-Type: x\r\n",
		"\x00\r\n\r\n", strings.Repeat("X-A: b\r\n", maxHeaders), strings.Repeat("z", maxHeaderLine+1),
		"Content-Length: 3\r\n\r\n{}}", "content-length: -1\r\n", "CONTENT-LENGTH:99999999999999999999\n\n",
		"Content-Length: 2\r\n\r\n[[", "Content-Length: 2000\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	marker := []byte(`{"jsonrpc":"2.0","id":"marker","method":"m","params":{}}`)
	f.Fuzz(func(t *testing.T, junk []byte) {
		in := append(append(append([]byte{}, junk...), "\r\n"...), lsptest.Frame(marker)...)
		var out bytes.Buffer
		s := newStream(bytes.NewReader(in), &out, nil)
		s.maxFrame = 1 << 10 // reach the discard path with small inputs
		found := false
		for reads := 0; ; reads++ {
			if reads > len(in)+2 {
				t.Fatalf("more messages than input bytes")
			}
			msg, _, err := s.Read(context.Background())
			if err != nil {
				break // the end of the input
			}
			if c, ok := msg.(*jsonrpc2.Call); ok && c.Method() == "m" && fmt.Sprint(c.ID()) == "marker" {
				found = true
			}
		}
		if !found && !bytes.Contains(asciiLower(junk), []byte("content-length")) {
			t.Errorf("the frame after %q was lost", junk)
		}
		c := lsptest.New(bytes.NewReader(out.Bytes()), io.Discard)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.Drain(ctx); err != nil {
			t.Errorf("error replies are not well-formed frames: %v", err)
		}
	})
}

func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
