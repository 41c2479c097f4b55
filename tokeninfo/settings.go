package tokeninfo

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/google/go-github/v66/github"
)

// Settings are the user-visible knobs. The zero value talks to github.com.
type Settings struct {
	// APIURL is the REST API base URL, used as is (e.g.
	// "https://api.github.com/" or a test server). It wins over EnterpriseHost.
	APIURL string
	// EnterpriseHost is a GitHub Enterprise Server host or URL
	// ("ghe.example.com", "https://ghe.example.com"); "/api/v3/" is added.
	EnterpriseHost string
	// APIVersion is sent as X-GitHub-Api-Version on every request. Default:
	// analysis.LatestAPIVersion for github.com, analysis.DefaultAPIVersion
	// (which every Enterprise Server release supports) otherwise.
	APIVersion string
	// TTL is how long an answer is reused (default 5 min).
	TTL time.Duration
	// HoverTimeout is how long Lookup waits before answering "checking…"
	// (default 3 s).
	HoverTimeout time.Duration
	// RequestTimeout bounds one background lookup (default 10 s).
	RequestTimeout time.Duration
	// ExpiryWarning: tokens expiring within this get a warning (default 7 days).
	ExpiryWarning time.Duration
}

// Defaults.
const (
	DefaultTTL            = 5 * time.Minute
	DefaultHoverTimeout   = 3 * time.Second
	DefaultRequestTimeout = 10 * time.Second
	DefaultExpiryWarning  = 7 * 24 * time.Hour
	// networkRetry is the first back-off after a network error; it doubles
	// with each consecutive failure, up to the TTL.
	networkRetry = 15 * time.Second
)

const defaultAPIURL = "https://api.github.com/"

// endpoint is a resolved configuration: where requests go and how.
type endpoint struct {
	base       *url.URL // REST API base, with a trailing slash
	web        string   // web UI base, for settings links ("https://github.com")
	apiVersion string
	enterprise bool
}

// ErrInsecureURL is returned for a plain-http API URL on a non-loopback host.
var ErrInsecureURL = errors.New("refusing to send a token over plain http: use https (http is allowed only for loopback test servers)")

// resolve validates the settings and works out the endpoint.
func (s Settings) resolve() (endpoint, error) {
	var ep endpoint
	raw := strings.TrimSpace(s.APIURL)
	switch {
	case raw != "":
		u, err := parseURL(raw)
		if err != nil {
			return ep, fmt.Errorf("api URL %q: %w", raw, err)
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		ep.base = u
		ep.enterprise = u.Host != "api.github.com"
	case strings.TrimSpace(s.EnterpriseHost) != "":
		h, err := NormalizeEnterpriseHost(s.EnterpriseHost)
		if err != nil {
			return ep, err
		}
		if !strings.Contains(h, "://") {
			h = "https://" + h
		}
		u, err := parseURL(h)
		if err != nil {
			return ep, fmt.Errorf("enterprise host %q: %w", s.EnterpriseHost, err)
		}
		// go-github's WithEnterpriseURLs adds /api/v3/ unless present.
		c, err := github.NewClient(nil).WithEnterpriseURLs(u.String(), u.String())
		if err != nil {
			return ep, fmt.Errorf("enterprise host %q: %w", s.EnterpriseHost, err)
		}
		ep.base = c.BaseURL
		ep.enterprise = true
	default:
		ep.base, _ = url.Parse(defaultAPIURL)
	}
	if ep.base.Scheme != "https" && !(ep.base.Scheme == "http" && isLoopback(ep.base.Hostname())) {
		return ep, fmt.Errorf("%s: %w", ep.base.Redacted(), ErrInsecureURL)
	}
	ep.web = webBase(ep.base)
	ep.apiVersion = s.APIVersion
	if ep.apiVersion == "" {
		ep.apiVersion = analysis.LatestAPIVersion
		if ep.enterprise {
			ep.apiVersion = analysis.DefaultAPIVersion
		}
	}
	return ep, nil
}

// NormalizeEnterpriseHost is the one reading of an Enterprise Server host
// setting, for the editor settings, live lookups, whoami and revoke alike:
// "ghe.example.com", "https://GHE.example.com/" or ".../api/v3" become
// "ghe.example.com" (https). Plain http is kept only for a loopback test
// server ("http://127.0.0.1:8080"); for any other host it is refused rather
// than silently upgraded or used. "" stays "" (no Enterprise host).
func NormalizeEnterpriseHost(s string) (string, error) {
	h := strings.TrimSpace(s)
	scheme := "https"
	if rest, ok := cutPrefixFold(h, "https://"); ok {
		h = rest
	} else if rest, ok := cutPrefixFold(h, "http://"); ok {
		h, scheme = rest, "http"
	}
	h = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(h, "/"), "/api/v3"), "/")
	if h == "" {
		if scheme == "http" || strings.TrimSpace(s) != "" && strings.Contains(s, "://") {
			return "", fmt.Errorf("enterprise host %q: no host", ghtoken.RedactAll(s))
		}
		return "", nil
	}
	if strings.ContainsAny(h, "/ \t?#@\\") || strings.Contains(h, "://") {
		return "", fmt.Errorf("%q is not a host name", ghtoken.RedactAll(s))
	}
	h = strings.ToLower(h)
	if scheme == "http" {
		u, err := url.Parse("http://" + h)
		if err != nil || !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("enterprise host %q: %w", ghtoken.RedactAll(s), ErrInsecureURL)
		}
		return "http://" + h, nil
	}
	return h, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func parseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("scheme must be https, got %q", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("no host")
	}
	if u.User != nil {
		return nil, errors.New("credentials in the URL are not allowed")
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webBase derives the web UI from the API base: api.github.com → github.com,
// https://ghe.example.com/api/v3/ → https://ghe.example.com.
func webBase(base *url.URL) string {
	host := base.Host
	if h, ok := strings.CutPrefix(host, "api."); ok {
		host = h
	}
	return base.Scheme + "://" + host
}

// settingsURL is where the owner manages a token of this kind.
func (ep endpoint) settingsURL(k ghtoken.Kind) string {
	switch k {
	case ghtoken.FineGrainedPAT:
		return ep.web + "/settings/personal-access-tokens"
	case ghtoken.ServerToServer, ghtoken.StatelessInstall, ghtoken.UserToServer:
		return ep.web + "/settings/installations"
	}
	return ep.web + "/settings/tokens"
}

// newHTTPClient refuses redirects: a redirect could carry the
// Authorization header somewhere it should not go. Bodies are capped (see
// limitBodies).
func newHTTPClient() *http.Client {
	return safeClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()})
}

// safeClient is a copy of c that follows no redirect and reads at most
// maxBody bytes of any body.
func safeClient(c *http.Client) *http.Client {
	cp := *c
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := cp.Transport
	if tr == nil {
		tr = http.DefaultTransport
	}
	if _, ok := tr.(limitBodies); !ok {
		cp.Transport = limitBodies{tr}
	}
	return &cp
}

// maxBody bounds what is read of one answer. GitHub's answers here are a
// few kilobytes; go-github reads error bodies whole (io.ReadAll), so an
// endless body from a proxy or a hostile host would otherwise fill memory.
const maxBody = 1 << 20

var errBodyTooLarge = errors.New("response body larger than 1 MiB")

// limitBodies caps every response body at maxBody bytes.
type limitBodies struct{ rt http.RoundTripper }

func (l limitBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.rt.RoundTrip(req)
	if resp != nil && resp.Body != nil {
		resp.Body = &cappedBody{ReadCloser: resp.Body, left: maxBody}
	}
	return resp, err
}

type cappedBody struct {
	io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the cap: fine if the body ends here, an error if not.
		var one [1]byte
		n, err := b.ReadCloser.Read(one[:])
		if n > 0 || err == nil {
			return 0, errBodyTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

func (s Settings) withDefaults() Settings {
	if s.TTL <= 0 {
		s.TTL = DefaultTTL
	}
	if s.HoverTimeout <= 0 {
		s.HoverTimeout = DefaultHoverTimeout
	}
	if s.RequestTimeout <= 0 {
		s.RequestTimeout = DefaultRequestTimeout
	}
	if s.ExpiryWarning <= 0 {
		s.ExpiryWarning = DefaultExpiryWarning
	}
	return s
}
