// Package ghhost is GitHub's facts about where it lives: the hosts of
// github.com, the normal form of an Enterprise Server host, the web and
// REST API base URLs, which URLs are GitHub API calls, the published REST
// API versions and the media type. With ghtoken (the token kinds) it is
// the ground floor: it imports nothing of the project but ghtoken's
// scrubber, and every feature asks it rather than parsing a host itself.
package ghhost

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// github.com's hosts.
const (
	// WebHost serves github.com's web UI.
	WebHost = "github.com"
	// APIHost serves github.com's REST and GraphQL APIs.
	APIHost = "api." + WebHost
	// UploadsHost serves release asset uploads.
	UploadsHost = "uploads." + WebHost
	// UserContentSuffix ends the hosts of raw files and avatars.
	UserContentSuffix = ".githubusercontent.com"
)

// EnterpriseAPIPath is where Enterprise Server serves the REST API.
const EnterpriseAPIPath = "/api/v3"

// DefaultAPIURL is github.com's REST API base.
const DefaultAPIURL = "https://" + APIHost + "/"

// DefaultWebURL is github.com's web UI base.
const DefaultWebURL = "https://" + WebHost

// APIVersionHeader is the request header that pins a REST API version.
const APIVersionHeader = "X-GitHub-Api-Version"

// MediaType is the Accept value GitHub recommends for the REST API.
const MediaType = "application/vnd.github+json"

// DefaultAPIVersion is GitHub's rule, not a list entry: the version a
// request that pins none gets (and what every Enterprise Server release
// supports). The published versions and LatestAPIVersion are data,
// generated from GitHub's list into versions_gen.go (go run
// ./internal/gen/apiversions): a new version is a regeneration.
const DefaultAPIVersion = "2022-11-28"

// KnownAPIVersions are the published REST API versions, oldest first.
func KnownAPIVersions() []string { return slices.Clone(apiVersions) }

// DefaultVersionFor is the X-GitHub-Api-Version sent when the user pins
// none: the latest on github.com, the default on Enterprise Server.
func DefaultVersionFor(enterprise bool) string {
	if enterprise {
		return DefaultAPIVersion
	}
	return LatestAPIVersion
}

// ErrInsecureURL is returned for a plain-http API URL on a non-loopback host.
var ErrInsecureURL = errors.New("refusing to send a token over plain http: use https (http is allowed only for loopback test servers)")

// NormalizeEnterpriseHost is the one reading of an Enterprise Server host
// setting, for the editor settings, live lookups, whoami, revoke and
// permissions alike: "ghe.example.com", "https://GHE.example.com/" or
// ".../api/v3" become "ghe.example.com" (https). Plain http is kept only
// for a loopback test server ("http://127.0.0.1:8080"); for any other host
// it is refused rather than silently upgraded or used. "" stays "" (no
// Enterprise host).
func NormalizeEnterpriseHost(s string) (string, error) {
	h := strings.TrimSpace(s)
	scheme := "https"
	if rest, ok := cutPrefixFold(h, "https://"); ok {
		h = rest
	} else if rest, ok := cutPrefixFold(h, "http://"); ok {
		h, scheme = rest, "http"
	}
	h = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(h, "/"), EnterpriseAPIPath), "/")
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
		if err != nil || !IsLoopback(u.Hostname()) {
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

// IsLoopback reports whether host (no port) is this machine: the only
// place plain http may go.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SchemeAllowed: https anywhere, http only to loopback.
func SchemeAllowed(u *url.URL) bool {
	return u.Scheme == "https" || u.Scheme == "http" && IsLoopback(u.Hostname())
}

// WebBase is the web UI of a normalized Enterprise host ("" for
// github.com): "https://ghe.example.com", or the loopback test server's
// own "http://127.0.0.1:8080".
func WebBase(host string) string {
	switch {
	case host == "":
		return DefaultWebURL
	case strings.HasPrefix(host, "http://"):
		return host
	}
	return "https://" + host
}

// API is a resolved REST API: where requests go.
type API struct {
	Base       *url.URL // REST API base, with a trailing slash
	Web        string   // web UI base, for settings links ("https://github.com")
	Enterprise bool     // not github.com
}

// ResolveAPI works out the REST API from the settings every front door
// shares: apiURL (a base used as is, e.g. a test server) wins over
// enterpriseHost ("/api/v3/" added); neither is github.com. Only https is
// allowed, and http to loopback.
func ResolveAPI(apiURL, enterpriseHost string) (API, error) {
	var api API
	raw := strings.TrimSpace(apiURL)
	switch {
	case raw != "":
		u, err := parseURL(raw)
		if err != nil {
			return api, fmt.Errorf("api URL %q: %w", ghtoken.RedactAll(raw), err)
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		api.Base, api.Enterprise = u, u.Host != APIHost
	case strings.TrimSpace(enterpriseHost) != "":
		h, err := NormalizeEnterpriseHost(enterpriseHost)
		if err != nil {
			return api, err
		}
		if !strings.Contains(h, "://") {
			h = "https://" + h
		}
		u, err := parseURL(h)
		if err != nil {
			return api, fmt.Errorf("enterprise host %q: %w", ghtoken.RedactAll(enterpriseHost), err)
		}
		u.Path = strings.TrimSuffix(u.Path, "/") + "/"
		// As go-github's WithEnterpriseURLs: a host that is itself an API
		// host (api.HOST, GHE.com's api.SUBDOMAIN.ghe.com) takes no /api/v3/.
		if !strings.HasSuffix(u.Path, EnterpriseAPIPath+"/") && !strings.HasPrefix(u.Host, "api.") && !strings.Contains(u.Host, ".api.") {
			u.Path += strings.TrimPrefix(EnterpriseAPIPath, "/") + "/"
		}
		api.Base, api.Enterprise = u, true
	default:
		api.Base, _ = url.Parse(DefaultAPIURL)
	}
	if !SchemeAllowed(api.Base) {
		return api, fmt.Errorf("%s: %w", api.Base.Redacted(), ErrInsecureURL)
	}
	api.Web = webOfAPI(api.Base)
	return api, nil
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

// webOfAPI derives the web UI from the API base: api.github.com →
// github.com, https://ghe.example.com/api/v3/ → https://ghe.example.com.
func webOfAPI(base *url.URL) string {
	host := base.Host
	if h, ok := strings.CutPrefix(host, "api."); ok {
		host = h
	}
	return base.Scheme + "://" + host
}

// SettingsURL is the page of web (a web UI base) where the owner manages
// tokens of kind k.
func SettingsURL(web string, k ghtoken.Kind) string {
	return web + k.Traits().Managed.Path
}
