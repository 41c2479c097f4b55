package tokeninfo

import (
	"net/url"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
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
	// ghhost.LatestAPIVersion for github.com, ghhost.DefaultAPIVersion
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

// endpoint is a resolved configuration: where requests go and how.
type endpoint struct {
	base       *url.URL // REST API base, with a trailing slash
	web        string   // web UI base, for settings links ("https://github.com")
	apiVersion string
	enterprise bool
}

// resolve validates the settings and works out the endpoint, by the host
// rules of the ground floor (ghhost.ResolveAPI).
func (s Settings) resolve() (endpoint, error) {
	api, err := ghhost.ResolveAPI(s.APIURL, s.EnterpriseHost)
	if err != nil {
		return endpoint{}, err
	}
	ep := endpoint{base: api.Base, web: api.Web, enterprise: api.Enterprise, apiVersion: s.APIVersion}
	if ep.apiVersion == "" {
		ep.apiVersion = ghhost.DefaultVersionFor(ep.enterprise)
	}
	return ep, nil
}

// settingsURL is where the owner manages a token of this kind.
func (ep endpoint) settingsURL(k ghtoken.Kind) string { return ghhost.SettingsURL(ep.web, k) }

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
