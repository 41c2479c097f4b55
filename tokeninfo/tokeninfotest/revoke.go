package tokeninfotest

import (
	"net/http"
	"strconv"
)

// GitHub's credential revocation endpoint (POST /credentials/revoke, under
// /api/v3 on Enterprise Server), answered the way GitHub documents it.

// RevokeAnswer is how the server answers the next revocation requests.
type RevokeAnswer int

const (
	RevokeAccept      RevokeAnswer = iota // 202 Accepted, empty JSON object
	RevokeReject                          // 422 Validation Failed, with RevokeRejectMessage
	RevokeTooMany                         // 429 with Retry-After: RevokeRetryAfterSeconds
	RevokeRateLimited                     // 403 with X-RateLimit-Remaining: 0 and X-RateLimit-Reset
	RevokeForbidden                       // 403 with a message (as for an authenticated request)
)

// Fixed values of the revocation answers, for assertions.
const (
	RevokeRejectMessage     = "Validation Failed"
	RevokeRejectDetail      = "credentials must contain at least one valid credential"
	RevokeForbiddenMessage  = "Must not be authenticated"
	RevokeRetryAfterSeconds = 1800
)

// Request is one request as received.
type Request struct {
	Method, Path string
	Target       string // the request URI: path and query
	Header       http.Header
	Body         []byte
	// Credentials is the decoded "credentials" member (nil if absent).
	Credentials []string
}

// Revoke sets how the following revocation requests are answered.
func (s *Server) Revoke(a RevokeAnswer) {
	s.mu.Lock()
	s.revoke = a
	s.mu.Unlock()
}

// RevokeRejectWith makes a RevokeReject answer carry detail (for example
// one quoting the token, as a hostile or careless host might).
func (s *Server) RevokeRejectWith(detail string) {
	s.mu.Lock()
	s.revoke, s.echoed = RevokeReject, detail
	s.mu.Unlock()
}

func isRevokePath(path string) bool {
	return path == "/credentials/revoke" || path == "/api/v3/credentials/revoke"
}

func (s *Server) serveRevoke(w http.ResponseWriter, req Request) {
	s.mu.Lock()
	answer, echoed := s.revoke, s.echoed
	s.mu.Unlock()
	w.Header().Set("X-GitHub-Request-Id", RequestID)
	// GitHub refuses authenticated requests with 403.
	if req.Header.Get("Authorization") != "" {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": RevokeForbiddenMessage})
		return
	}
	switch answer {
	case RevokeAccept:
		writeJSON(w, http.StatusAccepted, map[string]any{})
	case RevokeReject:
		detail := RevokeRejectDetail
		if echoed != "" {
			detail = echoed
		}
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": RevokeRejectMessage, "documentation_url": "https://docs.github.com/rest/credentials/revoke#revoke-a-list-of-credentials",
			"errors": []any{map[string]any{"resource": "Credential", "field": "credentials", "code": "invalid", "message": detail}},
		})
	case RevokeTooMany:
		w.Header().Set("Retry-After", strconv.Itoa(RevokeRetryAfterSeconds))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You have exceeded a secondary rate limit."})
	case RevokeRateLimited:
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.RevokeRateReset.Unix(), 10))
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "API rate limit exceeded for 127.0.0.1."})
	case RevokeForbidden:
		writeJSON(w, http.StatusForbidden, map[string]any{"message": RevokeForbiddenMessage})
	}
}
