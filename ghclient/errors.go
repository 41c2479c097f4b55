package ghclient

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Refusal is what an error answer from GitHub means.
type Refusal int

const (
	// NotRefused: not one of the answers below (2xx, 404, 422, 5xx...).
	NotRefused Refusal = iota
	// BadCredentials: 401, the token is not (or no longer) valid.
	BadCredentials
	// Forbidden: 403 without rate limiting (missing permission, or an
	// endpoint the host does not offer).
	Forbidden
	// RateLimited: the primary rate limit, nothing remaining.
	RateLimited
	// SecondaryLimit: a secondary rate limit, or a 429 with a Retry-After.
	SecondaryLimit
)

// Explain is the one reading of GitHub's error statuses (REST docs,
// "Rate limits for the REST API"): a 429, or a 403 with Retry-After, is a
// secondary limit unless nothing remains and no Retry-After is given; a
// 403 with nothing remaining is the primary limit.
func Explain(status int, h http.Header) Refusal {
	retryAfter := h.Get("Retry-After") != ""
	noneLeft := h.Get("X-RateLimit-Remaining") == "0"
	switch {
	case status == http.StatusUnauthorized:
		return BadCredentials
	case status == http.StatusTooManyRequests || status == http.StatusForbidden && retryAfter:
		if noneLeft && !retryAfter {
			return RateLimited
		}
		return SecondaryLimit
	case status == http.StatusForbidden && noneLeft:
		return RateLimited
	case status == http.StatusForbidden:
		return Forbidden
	}
	return NotRefused
}

// Limited reports a rate limit of either kind.
func (r Refusal) Limited() bool { return r == RateLimited || r == SecondaryLimit }

// ErrorMessage is the message of a GitHub error body ("message" and the
// details of "errors", joined by ": "), or the body itself when it is not
// JSON (a proxy's page). Not scrubbed: pass it to Scrub.
func ErrorMessage(raw []byte) string {
	var e struct {
		Message string `json:"message"`
		Errors  []struct {
			Message string `json:"message"`
			Field   string `json:"field"`
			Code    string `json:"code"`
		} `json:"errors"`
	}
	if json.Unmarshal(raw, &e) != nil {
		return string(raw)
	}
	var parts []string
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	for _, d := range e.Errors {
		switch {
		case d.Message != "":
			parts = append(parts, d.Message)
		case d.Field != "" || d.Code != "":
			parts = append(parts, strings.TrimSpace(d.Field+" "+d.Code))
		}
	}
	return strings.Join(parts, ": ")
}
