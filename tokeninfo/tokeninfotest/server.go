// Package tokeninfotest runs the tests' one local stand-in for the GitHub
// REST API. It answers token-introspection requests the way GitHub does
// (same paths, header names and formats, JSON bodies and error bodies) and
// checks each (Bearer authorization, pinned API version, Accept); it also
// serves GitHub's credential revocation endpoint (see revoke.go). Every
// request is recorded whole, so tests can assert caching and exactly what
// left the machine. For tests only.
package tokeninfotest

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Behaviour is how the server answers for one token.
type Behaviour int

const (
	Classic      Behaviour = iota // 200 with X-OAuth-Scopes: repo, read:org and a classic-format expiry
	FineGrained                   // 200, no X-OAuth-Scopes, offset-format expiry
	Installation                  // /user 403; installation/repositories and rate_limit answer
	BadCreds                      // 401 Bad credentials
	Forbidden                     // 403 with X-Accepted-GitHub-Permissions
	RateLimited                   // 403, X-RateLimit-Remaining: 0
	TooMany                       // 429 with retry-after: 120
	Slow                          // waits for Release (or the client to give up), then as Classic
	Drop                          // hijacks the connection and closes it
	// A host or proxy that echoes the credential back: into every header
	// and body field it sends, raw, as "Bearer <token>", percent-encoded
	// and JSON-escaped. Nothing of it may reach a hover, an output or a
	// log line in full.
	EchoAccepted // 200 on every path (/user, installation, rate_limit)
	EchoRefused  // 403 with an echoing message and X-Accepted-GitHub-Permissions
	EchoBroken   // 502 with an HTML body that echoes it
)

// Fixed values the fake GitHub reports, for assertions.
const (
	ClassicExpiry     = "2026-12-01 12:00:00 UTC"
	FineGrainedExpiry = "2027-01-15 09:30:00 -0800"
	Scopes            = "repo, read:org"
	AcceptedPerms     = "contents=read"
	RequestID         = "C0DE:1F2E:3D4C:5B6A:6745A1B2"
	RetryAfterSeconds = 120
	InstallationRepos = 12
)

// Server is a fake api.github.com.
type Server struct {
	*httptest.Server
	t          testing.TB
	apiVersion string
	// RateReset is the X-RateLimit-Reset the server reports.
	RateReset time.Time

	// RevokeRateReset is the X-RateLimit-Reset sent with RevokeRateLimited.
	RevokeRateReset time.Time

	mu       sync.Mutex
	tokens   map[string]Behaviour
	expiry   map[string]time.Time // per-token override of the fixed expiry
	received []Request            // every request, whole, in order
	revoke   RevokeAnswer
	echoed   string // RevokeRejectDetail override, to test scrubbing
	release  chan struct{}
	arrived  chan struct{}
	gone     chan struct{}
}

// New starts a plain-http server that expects X-GitHub-Api-Version:
// apiVersion. It is closed when the test ends.
func New(t testing.TB, apiVersion string) *Server {
	return start(t, apiVersion, httptest.NewServer)
}

// NewTLS is New over HTTPS, with httptest's self-signed certificate for
// 127.0.0.1 (see CertificatePEM), for clients that insist on https.
func NewTLS(t testing.TB, apiVersion string) *Server {
	return start(t, apiVersion, httptest.NewTLSServer)
}

func start(t testing.TB, apiVersion string, newServer func(http.Handler) *httptest.Server) *Server {
	s := &Server{
		t: t, apiVersion: apiVersion, tokens: map[string]Behaviour{}, expiry: map[string]time.Time{},
		release: make(chan struct{}), arrived: make(chan struct{}, 100), gone: make(chan struct{}, 100),
		RateReset:       time.Now().Add(time.Hour).Truncate(time.Second),
		RevokeRateReset: time.Now().Add(40 * time.Minute).Truncate(time.Second),
	}
	s.Server = newServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.Release()
		s.Server.CloseClientConnections()
		s.Server.Close()
	})
	return s
}

// Token registers how the server answers for token.
func (s *Server) Token(token string, b Behaviour) {
	s.mu.Lock()
	s.tokens[token] = b
	s.mu.Unlock()
}

// Expire makes the server report expiry at for token (Classic and
// FineGrained), in the header format of that token type, instead of the
// fixed ClassicExpiry/FineGrainedExpiry.
func (s *Server) Expire(token string, at time.Time) {
	s.mu.Lock()
	s.expiry[token] = at
	s.mu.Unlock()
}

// CertificatePEM is the TLS server's certificate in PEM, for SSL_CERT_FILE
// (nil for a plain-http server).
func (s *Server) CertificatePEM() []byte {
	c := s.Certificate()
	if c == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// CertFile writes the TLS server's certificate to a file in a temporary
// directory of t and returns its path: the one way tests make a client
// (the real binary, git, Neovim) trust the fake, via SSL_CERT_FILE.
func (s *Server) CertFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, s.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Release lets Slow requests finish (idempotent).
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.release:
	default:
		close(s.release)
	}
}

// Arrived receives a value each time a Slow request reaches the server.
func (s *Server) Arrived() <-chan struct{} { return s.arrived }

// Abandoned receives a value each time the client gives up a Slow request
// before Release (it cancelled it or closed the connection).
func (s *Server) Abandoned() <-chan struct{} { return s.gone }

// Requests returns the requests seen so far ("GET /user").
func (s *Server) Requests() []string {
	var out []string
	for _, r := range s.Received() {
		out = append(out, r.Method+" "+r.Target)
	}
	return out
}

// Received returns every request seen so far, whole, so tests can assert
// exactly what left the machine.
func (s *Server) Received() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.received...)
}

// Count is the number of requests seen so far.
func (s *Server) Count() int { return len(s.Requests()) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	req := s.record(r)
	if isRevokePath(req.Path) {
		s.serveRevoke(w, req)
		return
	}
	tok, b, ok := s.checkLookup(w, r)
	if !ok {
		return
	}
	if b >= EchoAccepted {
		echo(w, r, b, tok)
		return
	}
	h := w.Header()
	h.Set("X-GitHub-Request-Id", RequestID)
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", s.apiVersion)
	if b, ok = s.hold(w, r, b); !ok {
		return
	}
	// GitHub Enterprise Server serves the same API under /api/v3.
	path := strings.TrimPrefix(r.URL.Path, "/api/v3")
	switch {
	case b == Installation:
		s.serveInstallation(w, r, path)
	case path != "/user":
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
	default:
		s.serveUser(w, tok, b)
	}
}

// record keeps the request whole, for Requests and Received.
func (s *Server) record(r *http.Request) Request {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	req := Request{Method: r.Method, Path: r.URL.Path, Target: r.URL.RequestURI(), Header: r.Header.Clone(), Body: body}
	var p struct {
		Credentials []string `json:"credentials"`
	}
	if json.Unmarshal(body, &p) == nil {
		req.Credentials = p.Credentials
	}
	s.mu.Lock()
	s.received = append(s.received, req)
	s.mu.Unlock()
	return req
}

// checkLookup checks what every real lookup client must send and returns
// the token and how to answer it; false when it has answered already.
func (s *Server) checkLookup(w http.ResponseWriter, r *http.Request) (string, Behaviour, bool) {
	if got := r.Header.Get("X-GitHub-Api-Version"); got != s.apiVersion {
		s.t.Errorf("fake GitHub: X-GitHub-Api-Version %q, want %q", got, s.apiVersion)
		writeError(w, http.StatusBadRequest, fmt.Sprintf("Invalid API version %q", got), "https://docs.github.com/rest/about-the-rest-api/api-versions")
		return "", 0, false
	}
	if got := r.Header.Get("Accept"); got != "application/vnd.github+json" {
		s.t.Errorf("fake GitHub: Accept %q", got)
	}
	if r.Method != http.MethodGet {
		s.t.Errorf("fake GitHub: method %s", r.Method)
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	b, known := s.tokens[tok]
	s.mu.Unlock()
	if !ok || !known {
		// Don't echo the header: it is a token.
		s.t.Errorf("fake GitHub: Authorization is not \"Bearer <registered token>\"")
		writeError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
		return "", 0, false
	}
	return tok, b, true
}

// hold plays Slow (wait for Release, then answer as Classic) and Drop
// (close the connection); false when there is nothing more to answer.
func (s *Server) hold(w http.ResponseWriter, r *http.Request, b Behaviour) (Behaviour, bool) {
	switch b {
	case Slow:
		s.arrived <- struct{}{}
		select {
		case <-s.release:
		case <-r.Context().Done():
			select {
			case s.gone <- struct{}{}:
			default: // nobody is counting
			}
			return b, false
		}
		return Classic, true
	case Drop:
		hj, ok := w.(http.Hijacker)
		if !ok {
			s.t.Fatal("fake GitHub: cannot hijack")
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
		return b, false
	}
	return b, true
}

// serveInstallation answers an installation token: /user is refused, the
// installation's repositories and the rate limit answer.
func (s *Server) serveInstallation(w http.ResponseWriter, r *http.Request, path string) {
	switch path {
	case "/user":
		writeError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest/users/users#get-the-authenticated-user")
	case "/installation/repositories":
		if r.URL.Query().Get("per_page") != "1" {
			s.t.Errorf("fake GitHub: installation/repositories without per_page=1: %s", r.URL.RawQuery)
		}
		s.rate(w.Header(), 4999)
		writeJSON(w, http.StatusOK, map[string]any{
			"total_count":          InstallationRepos,
			"repository_selection": "selected",
			"repositories": []any{map[string]any{
				"id": 1296269, "name": "hello-world", "full_name": "octo-org/hello-world", "private": true,
				"owner": map[string]any{"login": "octo-org", "id": 9919, "type": "Organization"},
			}},
		})
	case "/rate_limit":
		core := map[string]any{"limit": 5000, "used": 1, "remaining": 4999, "reset": s.RateReset.Unix()}
		writeJSON(w, http.StatusOK, map[string]any{"resources": map[string]any{"core": core}, "rate": core})
	default:
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
	}
}

// serveUser answers GET /user for tok as b says.
func (s *Server) serveUser(w http.ResponseWriter, tok string, b Behaviour) {
	s.mu.Lock()
	exp, expSet := s.expiry[tok]
	s.mu.Unlock()
	h := w.Header()
	switch b {
	case Classic:
		h.Set("X-OAuth-Scopes", Scopes)
		h.Set("X-Accepted-OAuth-Scopes", "")
		h.Set("GitHub-Authentication-Token-Expiration", ClassicExpiry)
		if expSet { // classic tokens: UTC with a zone name
			h.Set("GitHub-Authentication-Token-Expiration", exp.UTC().Format("2006-01-02 15:04:05 MST"))
		}
		s.rate(h, 4999)
		writeJSON(w, http.StatusOK, user("octocat", "The Octocat"))
	case FineGrained:
		h.Set("GitHub-Authentication-Token-Expiration", FineGrainedExpiry)
		if expSet { // other tokens: a numeric offset
			h.Set("GitHub-Authentication-Token-Expiration", exp.Format("2006-01-02 15:04:05 -0700"))
		}
		s.rate(h, 4990)
		writeJSON(w, http.StatusOK, user("monalisa", "Mona Lisa"))
	case BadCreds:
		writeError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
	case Forbidden:
		h.Set("X-Accepted-GitHub-Permissions", AcceptedPerms)
		s.rate(h, 4980)
		writeError(w, http.StatusForbidden, "Resource not accessible by personal access token", "https://docs.github.com/rest/users/users#get-the-authenticated-user")
	case RateLimited:
		s.rate(h, 0)
		writeError(w, http.StatusForbidden, "API rate limit exceeded for user ID 1.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
	case TooMany:
		h.Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		s.rate(h, 4000)
		writeError(w, http.StatusTooManyRequests, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
	}
}

func (s *Server) rate(h http.Header, remaining int) {
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.RateReset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(5000-remaining))
	h.Set("X-RateLimit-Resource", "core")
}

func user(login, name string) map[string]any {
	return map[string]any{
		"login": login, "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": "User",
		"site_admin": false, "name": name, "html_url": "https://github.com/" + login,
	}
}

func writeError(w http.ResponseWriter, code int, msg, doc string) {
	writeJSON(w, code, map[string]any{"message": msg, "documentation_url": doc, "status": strconv.Itoa(code)})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// echo answers with tok echoed into every header and body field.
func echo(w http.ResponseWriter, r *http.Request, b Behaviour, tok string) {
	h := w.Header()
	forms := []string{tok, "Bearer " + tok, strings.ReplaceAll(tok, "_", "%5F"), "x" + tok + "y"}
	all := strings.Join(forms, " ")
	for _, name := range []string{
		"X-GitHub-Request-Id", "X-Accepted-GitHub-Permissions", "X-OAuth-Scopes", "X-Accepted-OAuth-Scopes",
		"X-RateLimit-Resource", "X-GitHub-Media-Type", "X-GitHub-Sso", "Link", "Www-Authenticate",
	} {
		h.Set(name, all)
	}
	h.Add("X-OAuth-Scopes", "repo, "+tok)
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4999")
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	if b == EchoBroken {
		h.Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, "<html><body>proxy error for %s: %s</body></html>", r.URL.Path, all)
		return
	}
	// JSON-escaped too: a decoder turns \u005f back into "_".
	escaped := strings.ReplaceAll(tok, "_", `\u005f`)
	owner := fmt.Sprintf(`{"login":%q,"id":1,"type":%q,"name":%q}`, all, all, all)
	var body string
	switch {
	case b == EchoRefused:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"message":"%s %s","documentation_url":%q,"status":"403"}`, escaped, jsonString(all), all)
		return
	case strings.HasSuffix(r.URL.Path, "/installation/repositories"):
		body = fmt.Sprintf(`{"total_count":1,"repositories":[{"id":1,"name":%q,"full_name":%q,"owner":%s}]}`, all, all, owner)
	case strings.HasSuffix(r.URL.Path, "/rate_limit"):
		body = `{"resources":{"core":{"limit":5000,"used":1,"remaining":4999,"reset":1}}}`
	default:
		body = fmt.Sprintf(`{"login":"%s","id":1,"type":%q,"name":%q,"company":%q,"email":%q}`, escaped, all, all, all, all)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, body)
}

// jsonString is s as the inside of a JSON string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
