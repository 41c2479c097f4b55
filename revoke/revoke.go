// Package revoke sends leaked GitHub tokens to GitHub's credential
// revocation API (POST /credentials/revoke) and explains the answer. It is
// the one place where a token found in a file leaves the machine, and only
// when a person asked for it: callers confirm first (the editors ask, the
// CLI reads tokens the user piped in). Requests carry no Authorization
// header (GitHub refuses authenticated ones), go only to the configured
// host over https (http only to loopback test servers), follow no
// redirect and are bounded by a timeout.
package revoke

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghclient"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// MaxBatch is the most tokens GitHub accepts in one request.
const MaxBatch = 1000

// DefaultTimeout bounds one revocation request.
const DefaultTimeout = 15 * time.Second

// Path is the endpoint, relative to the REST API base.
const Path = "credentials/revoke"

// Validate says why tok must not be sent, or nil when it may: it must be
// a whole token of a kind the API takes there (ghtoken's table:
// Kind.Revocable) whose checksum holds (a placeholder or a typo is never
// sent). Errors name the token only redacted.
func Validate(tok string, enterprise bool) error {
	k := ghtoken.Classify(tok)
	switch {
	case k == ghtoken.Unknown:
		return fmt.Errorf("%s is not a GitHub token", ghtoken.Redact(tok))
	case !k.Revocable(enterprise):
		where := "GitHub's revocation API"
		if enterprise {
			where = "GitHub Enterprise Server's revocation API (PATs only)"
		}
		return fmt.Errorf("%s: %s does not accept a %s; revoke it where it was issued", ghtoken.Redact(tok), where, k.Name())
	case ghtoken.Check(tok) != ghtoken.Valid:
		return fmt.Errorf("%s: the checksum does not hold (a placeholder or a typo)", ghtoken.Redact(tok))
	}
	return nil
}

// Target is where revocations go. The zero value is github.com.
type Target struct {
	// EnterpriseHost is a GitHub Enterprise Server host or URL
	// ("ghe.example.com"); requests go to https://HOST/api/v3/credentials/revoke.
	EnterpriseHost string
	// APIURL is a REST API base used as is, with github.com's rules for
	// which kinds are accepted (a stand-in for api.github.com, as in tests).
	// It wins over EnterpriseHost.
	APIURL string
}

// Enterprise reports whether t is an Enterprise Server.
func (t Target) Enterprise() bool {
	return strings.TrimSpace(t.APIURL) == "" && strings.TrimSpace(t.EnterpriseHost) != ""
}

// APIVersion is the X-GitHub-Api-Version sent: the version GitHub
// documents this endpoint under, on github.com and Enterprise Server alike.
const APIVersion = ghhost.DefaultAPIVersion

// endpoint is the full URL of the revocation endpoint, resolved by the
// same rules as live lookups (https only, /api/v3 for Enterprise Server).
func (t Target) endpoint() (*url.URL, error) {
	api, err := ghhost.ResolveAPI(t.APIURL, t.EnterpriseHost)
	if err != nil {
		return nil, err
	}
	return api.Base.ResolveReference(&url.URL{Path: Path}), nil
}

// URL is the endpoint's address, or why t is not a valid target (plain
// http to a host that is not loopback, credentials in the URL, ...).
func (t Target) URL() (string, error) {
	u, err := t.endpoint()
	if err != nil {
		return "", errors.New(ghtoken.RedactAll(err.Error()))
	}
	return u.String(), nil
}

// Host names t for messages ("api.github.com", "ghe.example.com").
func (t Target) Host() string {
	u, err := t.endpoint()
	if err != nil {
		return strings.TrimSpace(t.EnterpriseHost + t.APIURL)
	}
	return u.Host
}

// Status is what became of a revocation request.
type Status int

const (
	// Revoked: 202, GitHub accepted the tokens for revocation.
	Revoked Status = iota
	// Rejected: 422, GitHub refused the input (Reason says why).
	Rejected
	// RateLimited: 429, or 403 with no requests left; Until says when to retry.
	RateLimited
	// Forbidden: 403 otherwise (an authenticated request, or the endpoint
	// is not available on this host).
	Forbidden
	// Failed: not sent (invalid input, bad target) or no usable answer.
	Failed
)

// Outcome is the result of one request.
type Outcome struct {
	Status Status
	// Sent: the request left the machine (it may still have failed).
	Sent bool
	// Code is the HTTP status (0 when there was no answer).
	Code int
	// Host is where the request went.
	Host string
	// Reason is the host's message or the error, scrubbed of tokens.
	Reason string
	// Until is when a rate limit ends (zero when the host did not say).
	Until time.Time
}

// Client sends revocation requests. The zero value works; it remembers
// rate limits per host and sends nothing to a host before its limit ends.
type Client struct {
	// HTTP is used for requests; it is wrapped to follow no redirect and
	// cap bodies (nil: a default transport).
	HTTP *http.Client
	// UserAgent is sent as User-Agent (default "ghpat-ls").
	UserAgent string
	// Timeout bounds one request (default DefaultTimeout).
	Timeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time

	mu      sync.Mutex
	hc      *http.Client
	blocked map[string]time.Time // host -> end of its rate limit
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) client() *http.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hc == nil {
		c.hc = ghclient.New(c.HTTP)
	}
	return c.hc
}

// Send asks t's revocation endpoint to revoke tokens (1 to MaxBatch, each
// passing Validate). Nothing is sent when any token fails validation, the
// target is not https, or the host's last rate limit has not ended.
func (c *Client) Send(ctx context.Context, t Target, tokens []string) Outcome {
	u, err := t.endpoint()
	if err != nil {
		return Outcome{Status: Failed, Host: t.Host(), Reason: ghtoken.RedactAll(err.Error())}
	}
	out := Outcome{Host: u.Host}
	if len(tokens) == 0 || len(tokens) > MaxBatch {
		out.Status, out.Reason = Failed, fmt.Sprintf("%d tokens in one request (1 to %d allowed)", len(tokens), MaxBatch)
		return out
	}
	for _, tok := range tokens {
		if err := Validate(tok, t.Enterprise()); err != nil {
			out.Status, out.Reason = Failed, err.Error()
			return out
		}
	}
	if until, ok := c.limited(u.Host); ok {
		out.Status, out.Until = RateLimited, until
		out.Reason = "not sent: the host's rate limit has not ended"
		return out
	}
	body, _ := json.Marshal(struct {
		Credentials []string `json:"credentials"`
	}{tokens})
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		out.Status, out.Reason = Failed, ghtoken.RedactAll(err.Error())
		return out
	}
	ua := c.UserAgent
	if ua == "" {
		ua = "ghpat-ls"
	}
	req.Header.Set("Accept", ghhost.MediaType)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(ghhost.APIVersionHeader, APIVersion)
	req.Header.Set("User-Agent", ua)
	out.Sent = true
	resp, err := c.client().Do(req)
	if err != nil {
		out.Status, out.Reason = Failed, networkReason(err)
		return out
	}
	defer resp.Body.Close()
	out.Code = resp.StatusCode
	c.classify(&out, resp)
	if out.Status == RateLimited && !out.Until.IsZero() {
		c.block(u.Host, out.Until)
	}
	return out
}

// classify fills the status, reason and retry time from an answer.
func (c *Client) classify(out *Outcome, resp *http.Response) {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	out.Reason = ghclient.Scrub(ghclient.ErrorMessage(raw), maxReason)
	refusal := ghclient.Explain(resp.StatusCode, resp.Header)
	switch code := resp.StatusCode; {
	case code == http.StatusAccepted:
		out.Status = Revoked
	case code == http.StatusUnprocessableEntity:
		out.Status = Rejected
	case refusal.Limited():
		out.Status = RateLimited
		if at, ok := ghclient.RetryAt(resp.Header, c.now()); ok {
			out.Until = ghclient.Bound(at, c.now())
		}
	case refusal == ghclient.Forbidden:
		out.Status = Forbidden
	default:
		out.Status = Failed
		if out.Reason == "" {
			out.Reason = http.StatusText(code)
		}
	}
}

func (c *Client) limited(host string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	until, ok := c.blocked[host]
	if ok && c.now().Before(until) {
		return until, true
	}
	delete(c.blocked, host)
	return time.Time{}, false
}

func (c *Client) block(host string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.blocked == nil {
		c.blocked = map[string]time.Time{}
	}
	c.blocked[host] = until
}

// maxReason bounds what is shown of a host's message.
const maxReason = 300

// networkReason explains a failed request without the URL's query or a token.
func networkReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time (the request may have reached the host)"
	}
	return ghclient.Scrub(err.Error(), maxReason)
}
