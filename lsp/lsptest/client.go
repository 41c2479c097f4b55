// Package lsptest is a strict LSP client for tests: it writes
// Content-Length framed JSON-RPC messages and checks that everything the
// server writes back is a well-formed frame, so a stray byte on the
// server's stdout fails the test. It also applies text edits with its own
// UTF-16 arithmetic, independent of the server's.
package lsptest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// Message is any JSON-RPC message the server sent.
type Message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *Error          `json:"error,omitempty"`
}

// Error is a JSON-RPC error response.
type Error struct {
	Code    int64  `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("jsonrpc error %d: %s", e.Code, e.Message) }

// Client talks to one server.
type Client struct {
	w   io.Writer
	wmu sync.Mutex

	// OnRequest answers server-to-client requests (nil: MethodNotFound).
	// Set it before the server can send one.
	OnRequest func(method string, params json.RawMessage) (any, *Error)

	mu        sync.Mutex
	cond      *sync.Cond
	nextID    int64
	responses map[string]*Message // by raw id
	notes     []*Message
	requests  []*Message // requests from the server, in order
	frames    [][]byte
	violation error // first framing/protocol violation seen on the output
	closed    bool  // the output ended
	lean      bool  // SetLean: frames and results are not kept
}

// SetLean stops (or resumes) keeping what the server sends: frames are
// still checked, but not stored, and responses keep only their id and
// error. A flood test uses it so that the test process does not hold
// hundreds of megabytes of answers it only counts.
func (c *Client) SetLean(lean bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lean = lean
}

// New starts reading the server's output from r; requests go to w.
func New(r io.Reader, w io.Writer) *Client { return newClient(r, w, nil) }

// newClient is New with OnRequest set before the first frame is read.
func newClient(r io.Reader, w io.Writer, onRequest func(string, json.RawMessage) (any, *Error)) *Client {
	c := &Client{w: w, responses: map[string]*Message{}, OnRequest: onRequest}
	c.cond = sync.NewCond(&c.mu)
	go c.read(bufio.NewReader(r))
	return c
}

func (c *Client) read(r *bufio.Reader) {
	defer func() {
		c.mu.Lock()
		c.closed = true
		c.cond.Broadcast()
		c.mu.Unlock()
	}()
	for {
		body, err := readFrame(r)
		if err == io.EOF {
			return
		}
		if err == nil {
			var m Message
			if json.Unmarshal(body, &m) != nil || m.JSONRPC != "2.0" {
				err = fmt.Errorf("frame is not a JSON-RPC 2.0 message: %.200q", body)
			}
		}
		if err != nil {
			c.fail(err)
			// Keep reading so that the server never blocks on a write.
			io.Copy(io.Discard, r)
			return
		}
		var m Message
		json.Unmarshal(body, &m)
		c.mu.Lock()
		if c.lean {
			m.Result = nil
			if len(m.ID) == 0 {
				m.Params = nil // a notification's; a server request keeps its own
			}
		} else {
			c.frames = append(c.frames, body)
		}
		switch {
		case m.Method != "" && len(m.ID) > 0:
			c.requests = append(c.requests, &m)
			c.cond.Broadcast()
			c.mu.Unlock()
			go c.answer(&m)
			continue
		case m.Method != "":
			c.notes = append(c.notes, &m)
		default:
			c.responses[string(m.ID)] = &m
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// readFrame reads one frame strictly: Content-Length (and optionally
// Content-Type) headers ending in CRLF, a blank line, a body of exactly
// that length that is valid JSON.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for first := true; ; first = false {
		line, err := r.ReadString('\n')
		if err == io.EOF && first && line == "" {
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("reading header: %v (partial %q)", err, line)
		}
		if !strings.HasSuffix(line, "\r\n") {
			return nil, fmt.Errorf("header line not ending in CRLF: %.200q", line)
		}
		line = strings.TrimSuffix(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ": ")
		switch {
		case ok && name == "Content-Length":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("bad Content-Length %q", value)
			}
			length = n
		case ok && name == "Content-Type":
		default:
			return nil, fmt.Errorf("unexpected output line %.200q", line)
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("frame without Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading body: %v", err)
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("frame body is not JSON: %.200q", body)
	}
	return body, nil
}

func (c *Client) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.violation == nil {
		c.violation = err
	}
	c.cond.Broadcast()
}

func (c *Client) answer(m *Message) {
	var result any
	var rerr *Error
	if c.OnRequest != nil {
		result, rerr = c.OnRequest(m.Method, m.Params)
	} else {
		rerr = &Error{Code: -32601, Message: "method not found: " + m.Method}
	}
	resp := map[string]any{"jsonrpc": "2.0", "id": m.ID}
	if rerr != nil {
		resp["error"] = rerr
	} else {
		resp["result"] = result
	}
	// A failed write means the server's input is closed (the session is
	// over); it says nothing about the server's output.
	_ = c.writeJSON(resp)
}

// Err is the first violation seen on the server's output (non-frame bytes,
// a bad header, a body that is not JSON-RPC), or nil.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.violation
}

// Drain waits until the server's output ends and returns the first
// violation seen on it, if any.
func (c *Client) Drain(ctx context.Context) error {
	err := c.wait(ctx, func() bool { return c.closed })
	if err == io.ErrUnexpectedEOF {
		err = nil
	}
	if v := c.Err(); v != nil {
		return v
	}
	return err
}

// Frames returns a copy of every frame body received so far.
func (c *Client) Frames() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([][]byte, len(c.frames))
	copy(out, c.frames)
	return out
}

// WaitServerRequest waits until the server has sent n requests to the
// client (answered by OnRequest) and returns the nth.
func (c *Client) WaitServerRequest(ctx context.Context, n int) (*Message, error) {
	var m *Message
	err := c.wait(ctx, func() bool {
		if len(c.requests) >= n {
			m = c.requests[n-1]
		}
		return m != nil
	})
	return m, err
}

// WriteRaw writes bytes as they are (for malformed input).
func (c *Client) WriteRaw(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.w.Write(b)
	return err
}

// Frame wraps a body in a Content-Length header.
func Frame(body []byte) []byte {
	return append([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))), body...)
}

func (c *Client) writeJSON(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.WriteRaw(Frame(body))
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.writeJSON(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// Start sends a request with the given id (a number or a string; nil picks
// the next number) and returns the id's JSON form, for Await.
func (c *Client) Start(id any, method string, params any) (json.RawMessage, error) {
	if id == nil {
		c.mu.Lock()
		c.nextID++
		id = c.nextID
		c.mu.Unlock()
	}
	raw, err := json.Marshal(id)
	if err != nil {
		return nil, err
	}
	msg := map[string]any{"jsonrpc": "2.0", "id": json.RawMessage(raw), "method": method}
	if params != nil {
		msg["params"] = params
	}
	return raw, c.writeJSON(msg)
}

// Await waits for the response to id.
func (c *Client) Await(ctx context.Context, id json.RawMessage) (*Message, error) {
	var m *Message
	err := c.wait(ctx, func() bool {
		m = c.responses[string(id)]
		return m != nil
	})
	return m, err
}

// Forget drops the stored response to id, so that a later Await waits
// for a new one (for id null, which the server uses for several errors).
func (c *Client) Forget(id json.RawMessage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.responses, string(id))
}

// Call sends a request and decodes its result into result (may be nil).
// A JSON-RPC error comes back as *Error.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	id, err := c.Start(nil, method, params)
	if err != nil {
		return err
	}
	m, err := c.Await(ctx, id)
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	if m.Error != nil {
		return m.Error
	}
	if result != nil {
		return json.Unmarshal(m.Result, result)
	}
	return nil
}

// wait blocks until cond (called with c.mu held) holds, the output ends or
// breaks, or ctx is done.
func (c *Client) wait(ctx context.Context, cond func() bool) error {
	stop := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if cond() {
			return nil
		}
		if c.violation != nil {
			return c.violation
		}
		if c.closed {
			return io.ErrUnexpectedEOF
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		c.cond.Wait()
	}
}

// WaitNotification waits for a notification of method, not consumed by
// an earlier wait, for which match holds, and consumes it and all earlier
// ones of that method.
func (c *Client) WaitNotification(ctx context.Context, method string, match func(params json.RawMessage) bool) (json.RawMessage, error) {
	var found json.RawMessage
	err := c.wait(ctx, func() bool {
		for i, n := range c.notes {
			if n.Method == method && (match == nil || match(n.Params)) {
				found = n.Params
				kept := c.notes[:0:0]
				for _, o := range c.notes[:i] {
					if o.Method != method {
						kept = append(kept, o)
					}
				}
				c.notes = append(kept, c.notes[i+1:]...)
				return true
			}
		}
		return false
	})
	return found, err
}

// Diagnostic is the part of an LSP diagnostic the tests look at.
type Diagnostic struct {
	Range    Range  `json:"range"`
	Severity int    `json:"severity"`
	Code     string `json:"code"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

// Range and Position are LSP's (UTF-16 columns).
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// PublishedDiagnostics is a textDocument/publishDiagnostics notification.
type PublishedDiagnostics struct {
	URI         string       `json:"uri"`
	Version     int          `json:"version"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Null is true when "diagnostics" was JSON null rather than an array.
	Null bool `json:"-"`
}

// WaitDiagnostics waits for diagnostics on uri for version (0: any).
func (c *Client) WaitDiagnostics(ctx context.Context, uri string, version int) (*PublishedDiagnostics, error) {
	var out PublishedDiagnostics
	_, err := c.WaitNotification(ctx, "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d PublishedDiagnostics
		var raw struct {
			Diagnostics json.RawMessage `json:"diagnostics"`
		}
		if json.Unmarshal(p, &d) != nil || json.Unmarshal(p, &raw) != nil {
			return false
		}
		if d.URI != uri || (version != 0 && d.Version != version) {
			return false
		}
		d.Null = len(raw.Diagnostics) == 0 || string(raw.Diagnostics) == "null"
		out = d
		return true
	})
	return &out, err
}

// WaitDiagnosticsMatching waits for diagnostics on uri for which match
// holds, consuming it and every earlier publication.
func (c *Client) WaitDiagnosticsMatching(ctx context.Context, uri string, match func(*PublishedDiagnostics) bool) (*PublishedDiagnostics, error) {
	var out *PublishedDiagnostics
	_, err := c.WaitNotification(ctx, "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d PublishedDiagnostics
		if json.Unmarshal(p, &d) != nil || d.URI != uri || !match(&d) {
			return false
		}
		out = &d
		return true
	})
	return out, err
}

// TextEdit is an LSP text edit.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// ApplyEdits applies non-overlapping edits, all relative to text, the way
// an editor does (from the last to the first). Columns are UTF-16 units,
// counted here with unicode/utf16, not with the server's code.
func ApplyEdits(text string, edits []TextEdit) (string, error) {
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		s, err := Offset(text, e.Range.Start)
		if err != nil {
			return "", err
		}
		en, err := Offset(text, e.Range.End)
		if err != nil {
			return "", err
		}
		if en < s {
			return "", fmt.Errorf("reversed range %v", e.Range)
		}
		spans = append(spans, span{s, en, e.NewText})
	}
	// Sort by start, descending; reject overlaps.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start > spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	for i := 1; i < len(spans); i++ {
		if spans[i].end > spans[i-1].start {
			return "", fmt.Errorf("overlapping edits")
		}
	}
	for _, s := range spans {
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text, nil
}

// Offset converts an LSP position in text to a byte offset. Lines end at
// \n, \r\n or \r. It fails on positions outside the text or inside a
// surrogate pair: an editor would not produce them.
func Offset(text string, p Position) (int, error) {
	start := 0
	for l := 0; l < p.Line; l++ {
		i := strings.IndexAny(text[start:], "\r\n")
		if i < 0 {
			return 0, fmt.Errorf("line %d past the end", p.Line)
		}
		start += i + 1
		if text[start-1] == '\r' && start < len(text) && text[start] == '\n' {
			start++
		}
	}
	end := len(text)
	if i := strings.IndexAny(text[start:], "\r\n"); i >= 0 {
		end = start + i
	}
	units := utf16.Encode([]rune(text[start:end]))
	if p.Character > len(units) {
		return 0, fmt.Errorf("character %d past the end of line %d (%d units)", p.Character, p.Line, len(units))
	}
	prefix := string(utf16.Decode(units[:p.Character]))
	if strings.ContainsRune(prefix, '\uFFFD') && !strings.Contains(text[start:end], "\uFFFD") {
		return 0, fmt.Errorf("position %v splits a surrogate pair", p)
	}
	return start + len(prefix), nil
}

// PositionOf returns the LSP position of byte offset off in text.
func PositionOf(text string, off int) Position {
	line, start := 0, 0
	for i := 0; i < off; i++ {
		switch text[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue
			}
			line, start = line+1, i+1
		}
	}
	return Position{Line: line, Character: len(utf16.Encode([]rune(text[start:off])))}
}
