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
)

// stream frames JSON-RPC messages with Content-Length headers, like
// jsonrpc2.NewStream, with differences that keep the server alive where
// jsonrpc2's stream returns an error that ends the connection:
//   - a frame whose body is not valid JSON, or not a valid JSON-RPC
//     message, is answered with a ParseError / InvalidRequest response and
//     skipped;
//   - a broken header (no Content-Length, a bad or huge value, a line that
//     is not a header) is answered with a ParseError and the reader resyncs
//     on the next "Content-Length:" it sees.
//
// Only the end of the input (or a read error) ends the stream.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	mu  sync.Mutex // serialises writes (the reader writes error replies too)
	log *Logger
	// resync is set after a broken header: input is skipped up to the
	// next Content-Length header. Only the read loop touches it.
	resync bool
}

func newStream(in io.Reader, out io.Writer, log *Logger) *stream {
	return &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, log: log}
}

// maxFrame bounds a message body; larger frames are refused before reading.
const maxFrame = 256 << 20

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, err := s.readFrame()
		var herr *headerError
		if errors.As(err, &herr) {
			// The message quotes input, which may be a token.
			msg := ghtoken.RedactAll(herr.msg)
			s.log.Warnf("bad frame header: %v; resyncing on the next Content-Length", msg)
			s.writeError(nil, jsonrpc2.ParseError, "parse error: "+msg)
			s.resync = true
			continue
		}
		if err != nil {
			return nil, n, err
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err == nil {
			return msg, n, nil
		}
		if !json.Valid(body) {
			s.log.Warnf("dropping a message that is not valid JSON (%d bytes)", len(body))
			s.writeError(nil, jsonrpc2.ParseError, "parse error: message is not valid JSON")
			continue
		}
		var probe struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(body, &probe)
		id := bytes.TrimSpace(probe.ID)
		if len(id) == 0 || (id[0] != '"' && (id[0] < '0' || id[0] > '9') && id[0] != '-') {
			id = nil
		}
		s.log.Warnf("dropping an invalid JSON-RPC message (%d bytes): %v", len(body), err)
		s.writeError(id, jsonrpc2.InvalidRequest, "invalid request: not a JSON-RPC 2.0 message")
	}
}

// headerError is a broken frame header: the stream can resync after it.
type headerError struct{ msg string }

func (e *headerError) Error() string { return e.msg }

// contentLength is the header that starts every frame (matched
// case-insensitively).
const contentLength = "content-length:"

func (s *stream) readFrame() ([]byte, int64, error) {
	var total int64
	length, headers := -1, 0
	for {
		line, err := s.in.ReadString('\n')
		total += int64(len(line))
		if err != nil {
			return nil, total, fmt.Errorf("reading header: %w", err)
		}
		if s.resync {
			// Skip input until a line holds a Content-Length header; the
			// rest of a broken frame's body may precede it on that line.
			i := strings.Index(strings.ToLower(line), contentLength)
			if i < 0 {
				continue
			}
			line, s.resync = line[i:], false
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if headers == 0 {
				// Tolerate stray blank lines between frames.
				continue
			}
			break
		}
		headers++
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, total, &headerError{fmt.Sprintf("invalid header line (%d bytes)", len(line))}
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxFrame {
				return nil, total, &headerError{fmt.Sprintf("invalid Content-Length %.40q", strings.TrimSpace(value))}
			}
			length = n
		}
	}
	if length < 0 {
		return nil, total, &headerError{"missing Content-Length header"}
	}
	// Grow with the data rather than trusting the header: a bogus
	// Content-Length must not allocate hundreds of megabytes up front.
	body := make([]byte, 0, min(length, 1<<20))
	for len(body) < length {
		if len(body) == cap(body) {
			body = append(make([]byte, 0, min(2*cap(body), length)), body...)
		}
		n, err := s.in.Read(body[len(body):cap(body)])
		body = body[:len(body)+n]
		if err != nil && len(body) < length {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, total + int64(len(body)), fmt.Errorf("reading body: %w", err)
		}
	}
	return body, total + int64(length), nil
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n%s", len(data), data)
	return int64(n), err
}

// writeError sends an error response; id nil means JSON null.
func (s *stream) writeError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(code, message)})
	if _, err := s.writeFrame(data); err != nil {
		s.log.Errorf("writing error response: %v", err)
	}
}

// Close does nothing: the server never closes stdin/stdout itself (closing
// stdin does not unblock a pending read anyway).
func (s *stream) Close() error { return nil }
