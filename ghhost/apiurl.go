package ghhost

import (
	"regexp"
	"strings"
)

// APIRoots are the roots whose URLs are GitHub REST API requests, for the
// configured Enterprise hosts (as written in settings, any form):
// api.github.com and each Enterprise host's /api/v3, without a scheme.
func APIRoots(enterpriseHosts []string) []string {
	roots := []string{APIHost}
	for _, h := range enterpriseHosts {
		if h = BareHost(h); h != "" && h != WebHost && h != APIHost {
			roots = append(roots, h+EnterpriseAPIPath)
		}
	}
	return roots
}

// BareHost is a configured Enterprise host (any form the settings accept)
// without scheme, trailing slash or /api/v3, lower case: what appears in a
// URL written in code ("ghe.example.com", "127.0.0.1:8080").
func BareHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(h, "/"), EnterpriseAPIPath), "/")
}

// IsGitHubHost reports whether host (as found in a URL: maybe with a port
// or user@, lower case) is GitHub's: github.com and its subdomains, the
// user-content hosts, or a configured Enterprise host.
func IsGitHubHost(host string, enterpriseHosts []string) bool {
	if k := strings.LastIndexByte(host, ':'); k >= 0 && !strings.Contains(host[k:], "]") {
		host = host[:k] // drop a port
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:] // user@host
	}
	if host == WebHost || strings.HasSuffix(host, "."+WebHost) || strings.HasSuffix(host, UserContentSuffix) {
		return true
	}
	for _, h := range enterpriseHosts {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
		if h = strings.TrimRight(h, "/"); h != "" && (host == h || strings.HasPrefix(h, host+"/")) {
			return true
		}
	}
	return false
}

// APIURLPattern matches the start of a REST or GraphQL URL written in
// code: github.com's API hosts, or any host's Enterprise Server prefix.
var APIURLPattern = `https?://(?:` + regexp.QuoteMeta(APIHost) + `|` + regexp.QuoteMeta(UploadsHost) +
	`|[A-Za-z0-9][A-Za-z0-9.-]*(?::\d+)?/api/(?:v3|uploads|graphql\b))`

// TrimAPIRoot drops github.com's API root ("https://api.github.com") or
// Enterprise Server's "/api/v3" from the start of a route.
func TrimAPIRoot(route string) string {
	return strings.TrimPrefix(strings.TrimPrefix(route, "https://"+APIHost), EnterpriseAPIPath)
}
