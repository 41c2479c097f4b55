// Package revoketest runs a stand-in for GitHub's credential revocation
// endpoint over HTTPS (httptest's certificate for 127.0.0.1), answering
// the way GitHub documents it, recording every request whole so tests can
// assert exactly what left the machine. For tests only.
package revoketest

import (
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Answer is how the server answers the next requests.
type Answer int

const (
	Accept      Answer = iota // 202 Accepted, empty JSON object
	Reject                    // 422 Validation Failed, with the message in RejectMessage
	TooMany                   // 429 with Retry-After: RetryAfterSeconds
	RateLimited               // 403 with X-RateLimit-Remaining: 0 and X-RateLimit-Reset
	Forbidden                 // 403 with a message (as for an authenticated request)
)

// Fixed values, for assertions.
const (
	RejectMessage     = "Validation Failed"
	RejectDetail      = "credentials must contain at least one valid credential"
	ForbiddenMessage  = "Must not be authenticated"
	RetryAfterSeconds = 1800
)

// Request is one request as received.
type Request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
	// Credentials is the decoded "credentials" member (nil if absent).
	Credentials []string
}

// Server is the fake host.
type Server struct {
	*httptest.Server
	t testing.TB
	// RateReset is the X-RateLimit-Reset sent with RateLimited.
	RateReset time.Time

	mu       sync.Mutex
	answer   Answer
	echo     string // RejectDetail override, to test scrubbing
	requests []Request
}

// NewTLS starts the server; it is closed when the test ends.
func NewTLS(t testing.TB) *Server {
	s := &Server{t: t, RateReset: time.Now().Add(40 * time.Minute).Truncate(time.Second)}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Server.Close)
	return s
}

// Answer sets how the following requests are answered.
func (s *Server) Answer(a Answer) {
	s.mu.Lock()
	s.answer = a
	s.mu.Unlock()
}

// RejectWith makes a Reject answer carry detail (for example one quoting
// the token, as a hostile or careless host might).
func (s *Server) RejectWith(detail string) {
	s.mu.Lock()
	s.answer, s.echo = Reject, detail
	s.mu.Unlock()
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count is the number of requests seen so far.
func (s *Server) Count() int { return len(s.Requests()) }

// CertificatePEM is the certificate to trust (SSL_CERT_FILE).
func (s *Server) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	var p struct {
		Credentials []string `json:"credentials"`
	}
	if json.Unmarshal(body, &p) == nil {
		req.Credentials = p.Credentials
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	answer, echo := s.answer, s.echo
	s.mu.Unlock()

	if r.URL.Path != "/credentials/revoke" && r.URL.Path != "/api/v3/credentials/revoke" {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
		return
	}
	// GitHub refuses authenticated requests with 403.
	if r.Header.Get("Authorization") != "" {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": ForbiddenMessage})
		return
	}
	switch answer {
	case Accept:
		writeJSON(w, http.StatusAccepted, map[string]any{})
	case Reject:
		detail := RejectDetail
		if echo != "" {
			detail = echo
		}
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": RejectMessage, "documentation_url": "https://docs.github.com/rest/credentials/revoke#revoke-a-list-of-credentials",
			"errors": []any{map[string]any{"resource": "Credential", "field": "credentials", "code": "invalid", "message": detail}},
		})
	case TooMany:
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You have exceeded a secondary rate limit."})
	case RateLimited:
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.RateReset.Unix(), 10))
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "API rate limit exceeded for 127.0.0.1."})
	case Forbidden:
		writeJSON(w, http.StatusForbidden, map[string]any{"message": ForbiddenMessage})
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
