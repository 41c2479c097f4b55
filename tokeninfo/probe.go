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
	c := github.NewClient(hc)
	c.BaseURL = ep.base
	c.UserAgent = userAgent
	return &prober{ep: ep, client: c.WithAuthToken(token), now: now, logf: logf, id: id}
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
				if s = strings.TrimSpace(s); s != "" {
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
	case hr != nil && hr.StatusCode != 0:
		// An answer, but not one from the API (a proxy's HTML page, say).
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
	if (f.Reason == ReasonRateLimited || f.Reason == ReasonSecondaryLimit) && !f.RetryAt.After(p.now()) {
		// GitHub says to wait at least a minute when it gives no time.
		f.RetryAt = p.now().Add(time.Minute)
	}
	return f
}

// retryAfter reads Retry-After (seconds), else X-RateLimit-Reset when
// nothing remains.
func retryAfter(h http.Header, now time.Time) (time.Time, bool) {
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s >= 0 {
		return now.Add(time.Duration(s) * time.Second), true
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return time.Unix(reset, 0), true
		}
	}
	return time.Time{}, false
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
