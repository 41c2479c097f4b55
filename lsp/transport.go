package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// stream frames JSON-RPC messages with Content-Length headers, like
// jsonrpc2.NewStream, but nothing a client sends ends the connection, and
// jsonrpc2 only ever sees messages it can handle:
//   - a broken header (no Content-Length, a bad value, a line that is not a
//     header, a line over maxHeaderLine, more than maxHeaders lines) is
//     answered with a ParseError and the reader resyncs on the next
//     "Content-Length:" it sees, in any bytes;
//   - a frame over MaxFrameSize is answered with an error and skipped
//     without being buffered;
//   - a body nested deeper than maxNesting, not valid JSON, or not a valid
//     JSON-RPC message is answered with an error and skipped, before any
//     JSON-RPC decoder sees it (jsonrpc2's decoder recurses per level);
//   - a reply to an id the server did not send, or already got a reply
//     for, is dropped (jsonrpc2 v0.10.0 blocks its read loop on it);
//   - a request with method "" (which jsonrpc2 would take for a reply) is
//     passed on as a call, so that it is answered.
//
// Only the end of the input (or a read error) ends the stream.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	mu  sync.Mutex // serialises writes (the reader writes error replies too)
	log *Logger
	// maxFrame is MaxFrameSize (smaller in tests).
	maxFrame int64
	// resync is set after a broken header: input is skipped up to the
	// next Content-Length header. Only the read loop touches it.
	resync bool
	// sent holds the ids of the server's own requests still waiting for a
	// reply; only replies to these reach jsonrpc2.
	sentMu    sync.Mutex
	sent      map[jsonrpc2.ID]struct{}
	sentOrder []jsonrpc2.ID // sent's ids, oldest first (may hold answered ones)
}

const (
	// MaxFrameSize bounds a message body. It is 6.4 times
	// DefaultMaxDocumentSize, so that a document at the analysis limit
	// still arrives when JSON escaping grows it; a document between the two
	// limits is kept in sync but not analysed.
	MaxFrameSize = 64 << 20
	// maxHeaderLine bounds one header line (LSP headers are ~30 bytes).
	maxHeaderLine = 4 << 10
	// maxHeaders bounds the header lines of one frame.
	maxHeaders = 16
	// maxNesting bounds the depth of arrays and objects in a message. LSP
	// messages nest a handful of levels; settings a few more.
	maxNesting = 256
	// summaryPrefix is how much of a discarded frame is read to find its
	// id, method and document.
	summaryPrefix = 64 << 10
	// maxPendingCalls bounds the ids remembered for the server's own
	// requests; each of them times out long before this many follow it.
	maxPendingCalls = 1024
)

func newStream(in io.Reader, out io.Writer, log *Logger) *stream {
	return &stream{
		in: bufio.NewReaderSize(in, 64<<10), out: out, log: log,
		maxFrame: MaxFrameSize, sent: map[jsonrpc2.ID]struct{}{},
	}
}

// frameError is a frame that cannot be read as a message; the stream goes
// on after it.
type frameError struct {
	code jsonrpc2.Code
	id   json.RawMessage // nil: JSON null
	msg  string          // client text in it is already redacted
	// resync: the end of the frame is unknown, skip to a Content-Length.
	resync bool
}

func (e *frameError) Error() string { return e.msg }

// headerError is a broken frame header: the reader resyncs after it.
func headerError(format string, args ...any) *frameError {
	return &frameError{code: jsonrpc2.ParseError, msg: fmt.Sprintf(format, args...), resync: true}
}

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		msg, n, err := s.readMessage()
		var ferr *frameError
		if errors.As(err, &ferr) {
			if ferr.resync {
				s.log.Warnf("%s; resyncing on the next Content-Length", ferr.msg)
			} else {
				s.log.Warnf("%s", ferr.msg)
			}
			s.writeError(ferr.id, ferr.code, ferr.msg)
			if ferr.resync {
				s.resync = true
			}
			continue
		}
		if err != nil {
			return nil, n, err
		}
		if msg != nil {
			return msg, n, nil
		}
	}
}

// readMessage reads one frame. A nil message with a nil error is a frame
// that was dropped on purpose.
func (s *stream) readMessage() (jsonrpc2.Message, int64, error) {
	length, err := s.readHeader()
	if err != nil {
		return nil, 0, err
	}
	if length > s.maxFrame {
		msg, err := s.discardFrame(length)
		return msg, length, err
	}
	body, err := s.readBody(int(length))
	if err != nil {
		return nil, int64(len(body)), err
	}
	msg, err := s.decode(body)
	return msg, length, err
}

// contentLength is the header that starts every frame, lower-cased.
const contentLength = "content-length:"

// readHeader reads the header lines of a frame and returns its
// Content-Length.
func (s *stream) readHeader() (int64, error) {
	var pending string
	if s.resync {
		if err := s.skipToContentLength(); err != nil {
			return 0, err
		}
		s.resync = false
		pending = contentLength // consumed; the line's rest is its value
	}
	length := int64(-1)
	for seen, others := false, 0; ; {
		line, err := s.readLine()
		if err != nil {
			return 0, err
		}
		line = strings.TrimSpace(pending + line)
		pending = ""
		if line == "" {
			if !seen {
				continue // tolerate stray blank lines between frames
			}
			break
		}
		seen = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return 0, headerError("invalid header line (%d bytes)", len(line))
		}
		if !strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			// Other headers count against the limit, Content-Length does
			// not: refusing it would lose the frame that it starts.
			if others++; others > maxHeaders {
				return 0, headerError("more than %d header lines", maxHeaders)
			}
			continue
		}
		value = strings.TrimSpace(value)
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < 0 {
			return 0, headerError("invalid Content-Length %s", clientText(value, 40))
		}
		length = n
	}
	if length < 0 {
		return 0, headerError("missing Content-Length header")
	}
	return length, nil
}

// readLine reads one header line of at most maxHeaderLine bytes. A longer
// line is a header error; its rest is left to the resync.
func (s *stream) readLine() (string, error) {
	line, err := s.in.ReadSlice('\n')
	if err == bufio.ErrBufferFull || len(line) > maxHeaderLine {
		return "", headerError("header line longer than %d bytes", maxHeaderLine)
	}
	if err != nil {
		return "", fmt.Errorf("reading header: %w", err)
	}
	return string(line), nil
}

// skipToContentLength consumes input up to and including the next
// "Content-Length:" (in any case), wherever it is: the rest of a broken
// frame may precede it on its line. It matches byte by byte on the
// buffered input itself, so it works on any bytes, and holds no more than
// the reader's buffer.
func (s *stream) skipToContentLength() error {
	matched := 0
	for {
		if _, err := s.in.Peek(1); err != nil {
			return fmt.Errorf("reading header: %w", err)
		}
		buf, _ := s.in.Peek(s.in.Buffered())
		for i, b := range buf {
			matched = matchStep(matched, b)
			if matched == len(contentLength) {
				_, _ = s.in.Discard(i + 1)
				return nil
			}
		}
		_, _ = s.in.Discard(len(buf))
	}
}

// matchStep advances a case-insensitive match of contentLength by one
// byte. On a mismatch the match restarts at that byte: contentLength has
// one 'c', its first byte, so no partial match can hide another.
func matchStep(matched int, b byte) int {
	if 'A' <= b && b <= 'Z' {
		b += 'a' - 'A'
	}
	switch {
	case b == contentLength[matched]:
		return matched + 1
	case b == contentLength[0]:
		return 1
	}
	return 0
}

// readBody reads a body of length bytes (at most maxFrame) into one
// buffer of that size: no copies while it grows. A Content-Length without
// its body costs little even so: the runtime maps large buffers lazily,
// and only pages the data reaches become resident.
func (s *stream) readBody(length int) ([]byte, error) {
	body := make([]byte, length)
	n, err := io.ReadFull(s.in, body)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return body[:n], fmt.Errorf("reading body: %w", err)
	}
	return body, nil
}

// discardFrame skips a body over maxFrame without buffering it. Its first
// bytes tell which request to answer, and which document the client
// changed: that document is closed (a synthetic didClose), so that the
// server never analyses or edits text it no longer has.
func (s *stream) discardFrame(length int64) (jsonrpc2.Message, error) {
	prefix := make([]byte, min(length, summaryPrefix))
	if _, err := io.ReadFull(s.in, prefix); err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	for rest := length - int64(len(prefix)); rest > 0; {
		n, err := s.in.Discard(int(min(rest, 1<<30)))
		rest -= int64(n)
		if err != nil {
			return nil, fmt.Errorf("reading body: %w", err)
		}
	}
	sum := summarize(prefix)
	what := "a message"
	if sum.method != "" {
		what = clientText(sum.method, 80)
	}
	msg := fmt.Sprintf("%s of %d bytes is larger than the %d-byte limit; discarded", what, length, s.maxFrame)
	var id json.RawMessage
	if sum.method != "" && sum.id != nil {
		id = sum.id
	}
	s.log.Warnf("%s", msg)
	s.writeError(id, jsonrpc2.InvalidRequest, msg)
	if sum.uri == "" || (sum.method != protocol.MethodTextDocumentDidOpen && sum.method != protocol.MethodTextDocumentDidChange) {
		return nil, nil
	}
	s.log.Warnf("closing %s: its text did not arrive; it is checked again when the client opens it again", clientText(sum.uri, 200))
	return jsonrpc2.NewNotification(protocol.MethodTextDocumentDidClose,
		map[string]any{"textDocument": map[string]string{"uri": sum.uri}})
}

// decode turns a body into a message jsonrpc2 can handle, or a
// frameError.
func (s *stream) decode(body []byte) (jsonrpc2.Message, error) {
	if tooDeep(body, maxNesting) {
		// Answer a request by its id, read without a recursive decoder.
		sum := summarize(body[:min(len(body), summaryPrefix)])
		var id json.RawMessage
		if sum.method != "" {
			id = sum.id
		}
		return nil, invalidRequest(id, "message (%d bytes) nests arrays/objects deeper than %d levels; discarded", len(body), maxNesting)
	}
	// Only the envelope: params are not copied here.
	var env struct {
		ID     json.RawMessage `json:"id"`
		Method json.RawMessage `json:"method"`
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, &frameError{code: jsonrpc2.ParseError, msg: fmt.Sprintf("message (%d bytes) is not valid JSON; discarded", len(body))}
		}
		return nil, invalidRequest(nil, "not a JSON-RPC 2.0 message (%d bytes)", len(body))
	}
	if env.Method == nil {
		return s.reply(env.ID, env.Result, env.Error)
	}
	var method string
	if json.Unmarshal(env.Method, &method) != nil || isNull(env.Method) {
		return nil, invalidRequest(requestID(env.ID), "method is not a string")
	}
	if env.ID == nil {
		if method == "" {
			s.log.Warnf("dropping a notification with an empty method")
			return nil, nil
		}
		return s.request(body, method, nil)
	}
	if isNull(env.ID) {
		return nil, invalidRequest(nil, "request id null is not supported; use a number or a string")
	}
	if tokenID(env.ID) {
		return nil, invalidRequest(nil, "request id holds a GitHub token; the server does not echo it")
	}
	var id jsonrpc2.ID
	if requestID(env.ID) == nil || id.UnmarshalJSON(env.ID) != nil {
		return nil, invalidRequest(requestID(env.ID), "request id must be a string or a 32-bit integer")
	}
	if method == "" {
		// jsonrpc2 takes a message without a method for a reply.
		return jsonrpc2.NewCall(id, "", nil)
	}
	return s.request(body, method, &id)
}

// request decodes a call (id non-nil) or notification with jsonrpc2's
// decoder, which keeps the params without copying them, and checks that
// it reads the message as decode did.
func (s *stream) request(body []byte, method string, id *jsonrpc2.ID) (jsonrpc2.Message, error) {
	msg, err := jsonrpc2.DecodeMessage(body)
	var rawID json.RawMessage
	if id != nil {
		rawID, _ = json.Marshal(id)
	}
	if err != nil {
		return nil, invalidRequest(rawID, "not a JSON-RPC 2.0 message (%d bytes)", len(body))
	}
	switch m := msg.(type) {
	case *jsonrpc2.Call:
		if id != nil && m.ID() == *id && m.Method() == method {
			return m, nil
		}
	case *jsonrpc2.Notification:
		if id == nil && m.Method() == method {
			return m, nil
		}
	}
	return nil, invalidRequest(rawID, "ambiguous JSON-RPC message (duplicate keys?)")
}

// reply passes a client's reply on to jsonrpc2 only when it answers a
// request the server sent and has not had a reply to yet.
func (s *stream) reply(rawID, result, rerr json.RawMessage) (jsonrpc2.Message, error) {
	if rawID == nil {
		return nil, invalidRequest(nil, "message has neither a method nor an id")
	}
	var id jsonrpc2.ID
	if isNull(rawID) || id.UnmarshalJSON(rawID) != nil || !s.answered(id) {
		s.log.Warnf("dropping a reply to id %s: no request of the server is waiting for it", clientText(string(rawID), 80))
		return nil, nil
	}
	var err error
	if rerr != nil && !isNull(rerr) {
		var e jsonrpc2.Error
		if json.Unmarshal(rerr, &e) != nil {
			e = jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: "invalid error object in reply"}
		}
		err = &e
	}
	return jsonrpc2.NewResponse(id, result, err)
}

// answered reports whether id is one of the server's requests waiting for
// a reply, and forgets it.
func (s *stream) answered(id jsonrpc2.ID) bool {
	s.sentMu.Lock()
	defer s.sentMu.Unlock()
	_, ok := s.sent[id]
	delete(s.sent, id)
	return ok
}

// expect records a request of the server before it is written.
func (s *stream) expect(id jsonrpc2.ID) {
	s.sentMu.Lock()
	defer s.sentMu.Unlock()
	s.sent[id] = struct{}{}
	s.sentOrder = append(s.sentOrder, id)
	// Forget the oldest beyond maxPendingCalls: they timed out long ago.
	for len(s.sent) > maxPendingCalls {
		delete(s.sent, s.sentOrder[0])
		s.sentOrder = s.sentOrder[1:]
	}
	if len(s.sentOrder) > 2*maxPendingCalls {
		kept := make([]jsonrpc2.ID, 0, len(s.sent))
		for _, k := range s.sentOrder {
			if _, ok := s.sent[k]; ok {
				kept = append(kept, k)
			}
		}
		s.sentOrder = kept
	}
}

func invalidRequest(id json.RawMessage, format string, args ...any) *frameError {
	return &frameError{code: jsonrpc2.InvalidRequest, id: id, msg: "invalid request: " + fmt.Sprintf(format, args...)}
}

// requestID returns raw when it is an id a reply can carry (a string or a
// number), else nil (a reply with id null). An id that holds a token is
// never carried: a reply echoes its id in full, and no output shows a token.
func requestID(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || (raw[0] != '"' && raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) || tokenID(raw) {
		return nil
	}
	return raw
}

// tokenID reports whether a raw id holds something the scrubber redacts.
func tokenID(raw json.RawMessage) bool {
	return len(raw) > 0 && raw[0] == '"' && ghtoken.RedactAll(string(raw)) != string(raw)
}

// clientText renders text from the client for an error or a log line:
// redacted first (a token cut short would escape the scrubber), then cut
// to max runes and quoted.
func clientText(s string, max int) string {
	return fmt.Sprintf("%.*q", max, ghtoken.RedactAll(s))
}

// tooDeep reports whether JSON text nests arrays and objects deeper than
// max, counting on the raw bytes (brackets inside strings do not count).
func tooDeep(b []byte, max int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			if depth++; depth > max {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

// frameSummary is what the start of a discarded frame says about it.
type frameSummary struct {
	id     json.RawMessage // top-level "id" (a string or a number)
	method string          // top-level "method"
	uri    string          // params.textDocument.uri
}

// summarize reads the top-level id and method and params.textDocument.uri
// from the start of a JSON object, as far as the (cut) prefix goes.
func summarize(prefix []byte) frameSummary {
	var sum frameSummary
	dec := json.NewDecoder(bytes.NewReader(prefix))
	dec.UseNumber()
	type level struct {
		object  bool
		key     string
		wantKey bool
	}
	var stack []level
	path := func(key string) string {
		var b strings.Builder
		for _, l := range stack[:len(stack)-1] {
			b.WriteString(l.key + "/")
		}
		return b.String() + key
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return sum
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				stack = append(stack, level{object: d == '{', wantKey: d == '{'})
			default:
				if stack = stack[:len(stack)-1]; len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].wantKey = true
				}
			}
			continue
		}
		if len(stack) == 0 {
			return sum
		}
		top := &stack[len(stack)-1]
		if top.object && top.wantKey {
			top.key, top.wantKey = tok.(string), false
			continue
		}
		if !top.object {
			continue
		}
		top.wantKey = true
		switch v := tok.(type) {
		case string:
			switch path(top.key) {
			case "id":
				sum.id, _ = json.Marshal(v)
			case "method":
				sum.method = v
			case "params/textDocument/uri":
				sum.uri = v
			}
		case json.Number:
			if path(top.key) == "id" {
				sum.id = json.RawMessage(v)
			}
		}
	}
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	call, isCall := msg.(*jsonrpc2.Call)
	if isCall {
		s.expect(call.ID()) // before the reply can arrive
	}
	n, err := s.writeFrame(data)
	if err != nil && isCall {
		s.answered(call.ID())
	}
	return n, err
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n%s", len(data), data)
	return int64(n), err
}

// writeError sends an error response; id nil means JSON null. The message
// is scrubbed here once more: it may quote the client.
func (s *stream) writeError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(code, ghtoken.RedactAll(message))})
	if _, err := s.writeFrame(data); err != nil {
		s.log.Errorf("writing error response: %v", err)
	}
}

// Close does nothing: the server never closes stdin/stdout itself (closing
// stdin does not unblock a pending read anyway).
func (s *stream) Close() error { return nil }
