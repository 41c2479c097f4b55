package tokeninfo

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghclient"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/google/go-github/v66/github"
)

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
		func(r *http.Request) { r.Header.Set("Accept", ghhost.MediaType) /* go-github sends the older v3 one */ })
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
	if k.Traits().DescribedBy == ghtoken.DescribedByInstallation {
		p.probeInstallation(ctx, r)
	} else {
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
	if rt := ghclient.ReadRate(h); rt != nil {
		r.Rate = rt
	}
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
		// v66 types a 429 only as a plain ErrorResponse.
		switch ghclient.Explain(er.Response.StatusCode, er.Response.Header) {
		case ghclient.BadCredentials:
			f.Reason = ReasonBadCredentials
		case ghclient.SecondaryLimit:
			f.Reason = ReasonSecondaryLimit
		case ghclient.RateLimited:
			f.Reason = ReasonRateLimited
		case ghclient.Forbidden:
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
			if at, ok := ghclient.RetryAt(hr.Header, p.now()); ok {
				f.RetryAt = at
			}
		}
	}
	if f.Reason == ReasonRateLimited || f.Reason == ReasonSecondaryLimit {
		f.RetryAt = ghclient.Bound(f.RetryAt, p.now())
	}
	return f
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
