package tokeninfo

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/google/go-github/v66/github"
)

// acceptJSON is the media type GitHub recommends; go-github's default is
// the older v3 one.
const acceptJSON = "application/vnd.github+json"

// prober asks GitHub about one token. It lives for one lookup.
type prober struct {
	ep     endpoint
	client *github.Client
	now    func() time.Time
	logf   func(string, ...any)
	id     string // hash id for logs
}

func newProber(ep endpoint, hc *http.Client, userAgent, token, id string, now func() time.Time, logf func(string, ...any)) *prober {
	// Not go-github's WithAuthToken: its transport adds the header to every
	// request, redirects to other hosts included (net/http strips only the
	// headers it copies itself). The client refuses redirects already;
	// this keeps the token on the API host even if one got through.
	authed := *hc
	authed.Transport = hostAuth{rt: transportOf(hc), scheme: ep.base.Scheme, host: ep.base.Host, token: token}
	c := github.NewClient(&authed)
	c.BaseURL = ep.base
	c.UserAgent = userAgent
	return &prober{ep: ep, client: c, now: now, logf: logf, id: id}
}

func transportOf(hc *http.Client) http.RoundTripper {
	if hc.Transport != nil {
		return hc.Transport
	}
	return http.DefaultTransport
}

// hostAuth adds "Authorization: Bearer" to requests for the API host only.
type hostAuth struct {
	rt                  http.RoundTripper
	scheme, host, token string
}

func (a hostAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == a.scheme && req.URL.Host == a.host {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	return a.rt.RoundTrip(req)
}

// get sends GET path with the pinned version and decodes the body into v.
func (p *prober) get(ctx context.Context, path string, v any) (*github.Response, error) {
	req, err := p.client.NewRequest(http.MethodGet, path, nil,
		github.WithVersion(p.ep.apiVersion),
		func(r *http.Request) { r.Header.Set("Accept", acceptJSON) })
	if err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := p.client.Do(ctx, req, v)
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	p.logf("tokeninfo: %s GET /%s -> %d in %v", p.id, path, status, time.Since(start).Round(time.Millisecond))
	return resp, err
}

// probe fills the GitHub part of r for a token of kind k.
func (p *prober) probe(ctx context.Context, k ghtoken.Kind, r *Result) {
	r.CheckedAt = p.now()
	switch k {
	case ghtoken.ServerToServer, ghtoken.StatelessInstall:
		p.probeInstallation(ctx, r)
	default:
		p.probeUser(ctx, r)
	}
	if r.Failure == nil {
		r.State = Accepted
	} else {
		r.State = Failed
	}
}

// probeUser: GET /user works for personal, OAuth and user-to-server tokens.
func (p *prober) probeUser(ctx context.Context, r *Result) {
	var u github.User
	resp, err := p.get(ctx, "user", &u)
	p.readHeaders(resp, r)
	if err != nil {
		r.Failure = p.explain(resp, err)
		return
	}
	// scrubRemote bounds and scrubs these, like every field from the host.
	r.Login, r.AccountType, r.Name = u.GetLogin(), u.GetType(), u.GetName()
}

// probeInstallation: /user answers 403 for installation tokens; the
// installation's repository list and /rate_limit (free of quota) tell more.
func (p *prober) probeInstallation(ctx context.Context, r *Result) {
	var repos github.ListRepositories
	resp, err := p.get(ctx, "installation/repositories?per_page=1", &repos)
	p.readHeaders(resp, r)
	if err != nil {
		r.Failure = p.explain(resp, err)
		return
	}
	inst := &Installation{Repositories: repos.GetTotalCount()}
	if len(repos.Repositories) > 0 {
		inst.Account = repos.Repositories[0].GetOwner().GetLogin()
	}
	r.Installation = inst
	var rl struct {
		Resources struct {
			Core struct {
				Limit     int   `json:"limit"`
				Remaining int   `json:"remaining"`
				Used      int   `json:"used"`
				Reset     int64 `json:"reset"`
			} `json:"core"`
		} `json:"resources"`
	}
	if _, err := p.get(ctx, "rate_limit", &rl); err == nil && rl.Resources.Core.Limit > 0 {
		c := rl.Resources.Core
		r.Rate = &Rate{Limit: c.Limit, Remaining: c.Remaining, Used: c.Used, Reset: time.Unix(c.Reset, 0), Resource: "core"}
	}
}

// readHeaders takes scopes, expiry and rate limit from any response.
func (p *prober) readHeaders(resp *github.Response, r *Result) {
	if resp == nil || resp.Response == nil || resp.Header == nil {
		return
	}
	h := resp.Header
	if vals := h.Values("X-OAuth-Scopes"); len(vals) > 0 {
		r.ScopesKnown = true
		r.Scopes = nil
		for _, v := range vals {
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" && len(r.Scopes) < maxScopes {
					r.Scopes = append(r.Scopes, s)
				}
			}
		}
	}
	if !resp.TokenExpiration.IsZero() {
		r.Expires = resp.TokenExpiration.Time
	}
	if rt := parseRate(h); rt != nil {
		r.Rate = rt
	}
}

func parseRate(h http.Header) *Rate {
	limit, err := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	if err != nil {
		return nil
	}
	rt := &Rate{Limit: limit, Resource: h.Get("X-RateLimit-Resource")}
	rt.Remaining, _ = strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	rt.Used, _ = strconv.Atoi(h.Get("X-RateLimit-Used"))
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		rt.Reset = time.Unix(reset, 0)
	}
	return rt
}

// explain turns a go-github error into a Failure.
func (p *prober) explain(resp *github.Response, err error) *Failure {
	f := &Failure{Reason: ReasonOther}
	var hr *http.Response
	if resp != nil {
		hr = resp.Response
	}
	var (
		rle  *github.RateLimitError
		arle *github.AbuseRateLimitError
		er   *github.ErrorResponse
		tfa  *github.TwoFactorAuthError
	)
	switch {
	case errors.As(err, &rle):
		f.Reason, f.Message, hr = ReasonRateLimited, rle.Message, rle.Response
		f.RetryAt = rle.Rate.Reset.Time
	case errors.As(err, &arle):
		f.Reason, f.Message, hr = ReasonSecondaryLimit, arle.Message, arle.Response
		if arle.RetryAfter != nil {
			f.RetryAt = p.now().Add(*arle.RetryAfter)
		}
	case errors.As(err, &tfa):
		f.Reason, f.Message, f.DocumentationURL, hr = ReasonBadCredentials, tfa.Message, tfa.DocumentationURL, tfa.Response
	case errors.As(err, &er):
		f.Message, f.DocumentationURL, hr = er.Message, er.DocumentationURL, er.Response
		switch code := er.Response.StatusCode; {
		case code == http.StatusUnauthorized:
			f.Reason = ReasonBadCredentials
		case code == http.StatusTooManyRequests || code == http.StatusForbidden && er.Response.Header.Get("Retry-After") != "":
			// v66 types a 429 only as a plain ErrorResponse.
			f.Reason = ReasonSecondaryLimit
			if er.Response.Header.Get("X-RateLimit-Remaining") == "0" && er.Response.Header.Get("Retry-After") == "" {
				f.Reason = ReasonRateLimited
			}
		case code == http.StatusForbidden:
			f.Reason = ReasonForbidden
		}
	case hr != nil && hr.StatusCode != 0 && !isNetworkError(err):
		// An answer, but not one from the API (a proxy's HTML page, say).
		// A body cut off by the timeout is a network failure, not this.
		f.Detail = "unexpected response: " + err.Error()
	default:
		f.Reason = ReasonUnreachable
		f.Detail = networkDetail(err, p.ep.base.Host)
	}
	if hr != nil {
		f.Status = hr.StatusCode
		f.AcceptedPermissions = hr.Header.Get("X-Accepted-GitHub-Permissions")
		f.RequestID = hr.Header.Get("X-GitHub-Request-Id")
		if f.Reason == ReasonRateLimited || f.Reason == ReasonSecondaryLimit {
			if at, ok := retryAfter(hr.Header, p.now()); ok {
				f.RetryAt = at
			}
		}
	}
	if f.Reason == ReasonRateLimited || f.Reason == ReasonSecondaryLimit {
		now := p.now()
		switch {
		case !f.RetryAt.After(now):
			// GitHub says to wait at least a minute when it gives no time
			// (or a reset that a fast local clock sees as past).
			f.RetryAt = now.Add(time.Minute)
		case f.RetryAt.After(now.Add(maxRetryWait)):
			f.RetryAt = now.Add(maxRetryWait)
		}
	}
	return f
}

// oneLine collapses whitespace (newlines included) and cuts s to at most
// max bytes, on a character boundary.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// maxRetryWait bounds a rate-limit wait: GitHub's primary window is an
// hour and secondary waits are shorter, so a later time comes from a local
// clock that is behind or a broken header, and must not stop lookups for
// longer.
const maxRetryWait = time.Hour

// retryAfter reads Retry-After (seconds or an HTTP date), else
// X-RateLimit-Reset when nothing remains.
func retryAfter(h http.Header, now time.Time) (time.Time, bool) {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
		return now.Add(time.Duration(s) * time.Second), true
	}
	if t, err := http.ParseTime(ra); err == nil {
		return serverToLocal(h, now, t), true
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return serverToLocal(h, now, time.Unix(reset, 0)), true
		}
	}
	return time.Time{}, false
}

// serverToLocal moves a time on the server's clock onto the local one,
// using the response's Date header. Date has a one-second resolution and
// arrives after the network delay, so only a skew over a minute is
// corrected.
func serverToLocal(h http.Header, now, t time.Time) time.Time {
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return t
	}
	if skew := now.Sub(date); skew.Abs() > time.Minute {
		return t.Add(skew)
	}
	return t
}

// isNetworkError reports a timeout, a cancellation or a connection error,
// also when it happens while reading the body of an answer.
func isNetworkError(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || errors.As(err, &ne)
}

// networkDetail says briefly why host could not be reached. Errors from
// net/http name the URL, never the Authorization header.
func networkDetail(err error, host string) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by " + host
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}
