package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// hoverFrame is a framed hover request with the given raw id.
func hoverFrame(id string) []byte {
	return lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":` + id + `,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///none"},"position":{"line":0,"character":0}}}`))
}

// awaitID waits for the response to a raw id.
func (h *harness) awaitID(id string) *lsptest.Message {
	h.t.Helper()
	m, err := h.c.Await(h.ctx(), json.RawMessage(id))
	if err != nil {
		h.t.Fatalf("no response to id %s: %v\nlog:\n%s", id, err, h.log.String())
	}
	return m
}

// afterHostile checks what must hold after any hostile input: the next
// request is answered, and shutdown+exit end the session with code 0.
func (h *harness) afterHostile() {
	h.t.Helper()
	h.alive()
	if code := h.shutdownExit(); code != 0 {
		h.t.Errorf("exit code %d after shutdown+exit", code)
	}
}

// TestResyncOnAnyBytes: after a broken header the reader finds the next
// Content-Length whatever precedes it on the line, and answers that frame.
// Bytes whose lower case has another length (İ, K, invalid UTF-8) used to
// make the resync slice out of range and kill the process.
func TestResyncOnAnyBytes(t *testing.T) {
	junk := map[string]string{
		"invalid UTF-8":         "\xff\xfe\xc3",
		"dotted capital I":      strings.Repeat("İ", 50),
		"Kelvin sign":           "\u212a\u212a",
		"NUL and controls":      "\x00\x01\x1b[2J",
		"partial header name":   "Content-Len Content-Lengt CONTENT-",
		"upper-case header":     "é",
		"long non-ASCII run":    strings.Repeat("\u0130\xff", 3000),
		"header split by bytes": "Conte\xffnt-Length: 3",
	}
	for name, j := range junk {
		t.Run(name, func(t *testing.T) {
			h := startServer(t, Options{})
			h.initialize(nil, nil)
			// A line that is not a header, then junk and a frame on one line.
			raw := append([]byte("not a header\r\n"+j), bytes.Replace(hoverFrame("177"), []byte("Content-Length"), []byte("CONTENT-length"), 1)...)
			if err := h.c.WriteRaw(raw); err != nil {
				t.Fatal(err)
			}
			if e := h.nullIDError(); e.Code != -32700 {
				t.Errorf("error %+v, want -32700", e)
			}
			if m := h.awaitID("177"); m.Error != nil {
				t.Errorf("the frame after the junk got an error: %+v", m.Error)
			}
			h.afterHostile()
		})
	}
}

// TestHeaderLimits: an over-long header line and too many header lines are
// parse errors; the reader resyncs and the next frame is answered.
func TestHeaderLimits(t *testing.T) {
	cases := map[string]string{
		"line over the limit":               "X-Junk: " + strings.Repeat("a", maxHeaderLine) + "\r\n",
		"line longer than the buffer":       "X-Junk: " + strings.Repeat("\xff", 1<<20) + "\r\n",
		"Content-Length inside a long line": "X-Junk: " + strings.Repeat("b", 100<<10),
		"too many header lines":             strings.Repeat("X-A: b\r\n", maxHeaders+1),
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			h := startServer(t, Options{})
			h.initialize(nil, nil)
			h.c.WriteRaw(append([]byte(raw), hoverFrame("105")...))
			e := h.nullIDError()
			if e.Code != -32700 || !strings.Contains(e.Message, "header") {
				t.Errorf("error %+v, want a -32700 about the header", e)
			}
			if m := h.awaitID("105"); m.Error != nil {
				t.Errorf("the next frame got an error: %+v", m.Error)
			}
			h.afterHostile()
			if !strings.Contains(h.log.String(), "resyncing") {
				t.Errorf("no resync logged")
			}
		})
	}
}

// TestDeepNestingIsRefusedBeforeDecoding: a 4 MB frame of '[' overflowed
// jsonrpc2's recursive decoder (a fatal error, not a panic). It is refused
// on its raw bytes; a request is answered by its id.
func TestDeepNestingIsRefusedBeforeDecoding(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	h.c.WriteRaw(lsptest.Frame(bytes.Repeat([]byte("["), 4<<20)))
	if e := h.nullIDError(); e.Code != -32600 || !strings.Contains(e.Message, "deeper than") {
		t.Errorf("error %+v", e)
	}
	deep := `{"jsonrpc":"2.0","id":112,"method":"textDocument/hover","params":` + strings.Repeat(`{"a":[`, 1000) + strings.Repeat(`]}`, 1000) + `}`
	h.c.WriteRaw(lsptest.Frame([]byte(deep)))
	if m := h.awaitID("112"); m.Error == nil || m.Error.Code != -32600 {
		t.Errorf("deep request answered %+v", m)
	}
	// Brackets inside strings do not count.
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///" + strings.Repeat("[", 10000)}, "position": lsptest.Position{}}, nil)
	h.afterHostile()
}

// TestRepliesToUnknownOrAnsweredIDsAreDropped: a client answering one
// workspace/configuration twice blocked jsonrpc2's read loop forever, so
// that shutdown and exit were never read.
func TestRepliesToUnknownOrAnsweredIDsAreDropped(t *testing.T) {
	h := startServer(t, Options{})
	settings := map[string]any{"rules": map[string]any{"github-pat": map[string]any{"severity": "hint"}}}
	h.c.OnRequest = func(method string, params json.RawMessage) (any, *lsptest.Error) {
		return []any{settings}, nil
	}
	h.initialize(map[string]any{"workspace": map[string]any{"configuration": true}}, nil)
	req, err := h.c.WaitServerRequest(h.ctx(), 1)
	if err != nil || req.Method != "workspace/configuration" {
		t.Fatalf("no configuration pull: %+v %v", req, err)
	}
	dup := lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":` + string(req.ID) + `,"result":[{}]}`))
	for i := 0; i < 3; i++ {
		h.c.WriteRaw(dup)
	}
	for _, id := range []string{"999", `"x"`, "null", "-1", `"` + string(req.ID) + `"`} {
		h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":` + id + `,"error":{"code":-32603,"message":"nope"}}`)))
	}
	h.alive()
	// A second pull still works: its id is new.
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	if _, err := h.c.WaitServerRequest(h.ctx(), 2); err != nil {
		t.Fatal(err)
	}
	h.afterHostile()
	if n := strings.Count(h.log.String(), "dropping a reply to id"); n < 7 {
		t.Errorf("%d dropped replies logged, want at least 7:\n%s", n, h.log.String())
	}
}

// TestEveryRequestIsAnswered: method "", unknown methods, odd ids and
// methods that are not strings all get an answer; error messages never
// quote a token in full.
func TestEveryRequestIsAnswered(t *testing.T) {
	h := startServer(t, Options{})
	tok := ghtoken.Generate(ghtoken.FineGrainedPAT, 3)
	h.secrets = append(h.secrets, tok)
	// Before initialize too.
	h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":101,"method":""}`)))
	if m := h.awaitID("101"); m.Error == nil || m.Error.Code != -32002 {
		t.Errorf("method \"\" before initialize: %+v", m)
	}
	h.initialize(nil, nil)
	h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":102,"method":"","params":{}}`)))
	if m := h.awaitID("102"); m.Error == nil || m.Error.Code != -32601 || m.Error.Message != `method not found: ""` {
		t.Errorf("method \"\": %+v", m.Error)
	}
	h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":"s","method":"x/` + tok + `"}`)))
	m := h.awaitID(`"s"`)
	if m.Error == nil || m.Error.Code != -32601 || !strings.Contains(m.Error.Message, ghtoken.Redact(tok)) {
		t.Errorf("unknown method: %+v", m.Error)
	}
	long := strings.Repeat("m", 1<<20)
	h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":103,"method":"` + long + `"}`)))
	if m := h.awaitID("103"); m.Error == nil || m.Error.Code != -32601 || len(m.Error.Message) > 200 {
		t.Errorf("long unknown method: code %v, %d-byte message", m.Error, len(m.Error.Message))
	}
	for _, c := range []struct{ frame, id string }{
		{`{"jsonrpc":"2.0","id":104,"method":7}`, "104"},
		{`{"jsonrpc":"2.0","id":105,"method":null}`, "105"},
		{`{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover"}`, "1.5"},
		{`{"jsonrpc":"2.0","id":4294967296,"method":"textDocument/hover"}`, "4294967296"},
		{`{"jsonrpc":"2.0","id":106,"method":"textDocument/hover","jsonrpc":"1.0"}`, "106"},
	} {
		h.c.WriteRaw(lsptest.Frame([]byte(c.frame)))
		if m := h.awaitID(c.id); m.Error == nil || m.Error.Code != -32600 {
			t.Errorf("%s: %+v", c.frame, m)
		}
	}
	for _, frame := range []string{
		// A reply echoes its id: an id holding a token is refused, not echoed.
		`{"jsonrpc":"2.0","id":"` + tok + `","method":"textDocument/hover"}`,
		`{"jsonrpc":"2.0","id":"x` + strings.Replace(tok, "_", `\u005f`, 1) + `","method":"shutdown"}`,
		`{"jsonrpc":"2.0","id":null,"method":"textDocument/hover"}`,
		`{"jsonrpc":"2.0","id":true,"method":"textDocument/hover"}`,
		`{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover"}`,
	} {
		h.c.WriteRaw(lsptest.Frame([]byte(frame)))
		if e := h.nullIDError(); e.Code != -32600 {
			t.Errorf("%s: %+v", frame, e)
		}
		// Consume it so that the next nullIDError waits for a new one.
		h.c.Forget(json.RawMessage("null"))
	}
	h.afterHostile()
}

// TestOversizedFrameIsDiscardedUnbuffered: a frame over MaxFrameSize is
// answered (by id when its start names one) and skipped; a document whose
// change did not arrive is closed, so stale text is never analysed.
func TestOversizedFrameIsDiscardedUnbuffered(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 130 MB")
	}
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 4)
	h.secrets = append(h.secrets, tok)
	const uri = "file:///big.js"
	h.open(uri, "javascript", `t = "`+tok+`"`, 1)
	if d := h.diagnostics(uri, 1); len(d.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v", d.Diagnostics)
	}
	writeHuge := func(head string) {
		t.Helper()
		pad := MaxFrameSize + 1 - len(head) - 3
		if err := h.c.WriteRaw([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", MaxFrameSize+1, head))); err != nil {
			t.Fatal(err)
		}
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for pad > 0 {
			n := min(pad, len(chunk))
			h.c.WriteRaw(chunk[:n])
			pad -= n
		}
		h.c.WriteRaw([]byte(`"}}`))
	}
	writeHuge(`{"jsonrpc":"2.0","id":121,"method":"textDocument/hover","params":{"x":"`)
	if m := h.awaitID("121"); m.Error == nil || m.Error.Code != -32600 || !strings.Contains(m.Error.Message, "limit") {
		t.Errorf("oversized request: %+v", m)
	}
	writeHuge(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":2},"contentChanges":[{"text":"`)
	if e := h.nullIDError(); e.Code != -32600 {
		t.Errorf("oversized notification: %+v", e)
	}
	// The document is closed: its diagnostics are cleared.
	if d := h.diagnostics(uri, 0); len(d.Diagnostics) != 0 || d.Null {
		t.Errorf("diagnostics after the lost change: %+v", d)
	}
	h.afterHostile()
	if !strings.Contains(h.log.String(), "closing \"file:///big.js\"") {
		t.Errorf("no log line for the closed document")
	}
}

// TestResyncMatcherAssumption guards matchStep: restarting a failed match
// at the current byte is only exact because "content-length:" has one
// 'c', its first byte.
func TestResyncMatcherAssumption(t *testing.T) {
	if strings.Count(contentLength, string(contentLength[0])) != 1 {
		t.Fatalf("%q repeats its first byte: matchStep needs a real failure function", contentLength)
	}
	m := 0
	for _, b := range []byte("xCoNtEnT-cONTENT-LENGTH:") {
		m = matchStep(m, b)
	}
	if m != len(contentLength) {
		t.Errorf("match state %d after a restarted match", m)
	}
}

// TestPendingCallsAreBounded: the ids of the server's own requests are
// remembered until answered, but never more than maxPendingCalls of them
// (a client that never answers must not grow the server).
func TestPendingCallsAreBounded(t *testing.T) {
	s := newStream(strings.NewReader(""), io.Discard, nil)
	for i := 1; i <= 3*maxPendingCalls; i++ {
		s.expect(jsonrpc2.NewNumberID(int32(i)))
		if i%2 == 0 && !s.answered(jsonrpc2.NewNumberID(int32(i))) {
			t.Fatalf("id %d not pending", i)
		}
	}
	if len(s.sent) > maxPendingCalls || len(s.sentOrder) > 2*maxPendingCalls+1 {
		t.Errorf("%d ids remembered, %d in order", len(s.sent), len(s.sentOrder))
	}
	if s.answered(jsonrpc2.NewNumberID(1)) {
		t.Errorf("the oldest id is still remembered")
	}
	if !s.answered(jsonrpc2.NewNumberID(3*maxPendingCalls - 1)) {
		t.Errorf("a recent id was forgotten")
	}
	if s.answered(jsonrpc2.NewNumberID(3*maxPendingCalls - 1)) {
		t.Errorf("an id was answered twice")
	}
}

// TestErrorsToTheClientAreScrubbed: whatever a handler's error quotes, the
// reply carries no full token, and keeps its code.
func TestErrorsToTheClientAreScrubbed(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 8)
	for _, err := range []error{
		jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: field %s", tok),
		fmt.Errorf("wrapped: %w", jsonrpc2.NewError(jsonrpc2.InvalidParams, tok)),
		fmt.Errorf("plain %s", tok),
	} {
		got := scrubError(err)
		if strings.Contains(got.Error(), tok) || !strings.Contains(got.Error(), ghtoken.Redact(tok)) {
			t.Errorf("%T: message not scrubbed", err)
		}
		var want, have *jsonrpc2.Error
		if errors.As(err, &want) && (!errors.As(got, &have) || have.Code != want.Code) {
			t.Errorf("%T: code lost: %v", err, got)
		}
	}
	if scrubError(nil) != nil {
		t.Errorf("nil error became non-nil")
	}
}
