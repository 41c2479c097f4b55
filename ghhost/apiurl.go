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
		if h = BareHost(h); h != "" && (host == h || strings.HasPrefix(h, host+"/")) {
			return true
		}
	}
	return false
}

// APIURLPattern is a regular expression matching the start of a REST or
// GraphQL URL written in code, for the configured Enterprise hosts: each
// of APIRoots (api.github.com, HOST/api/v3), github.com's uploads host,
// and beside each Enterprise root its /api/uploads and /api/graphql. It
// is read from APIRoots, so the API-call finder and the header lints agree
// on which URLs are GitHub's: an Enterprise host that is not configured is
// not GitHub, to any command.
func APIURLPattern(enterpriseHosts []string) string {
	alts := []string{regexp.QuoteMeta(UploadsHost)}
	for _, root := range APIRoots(enterpriseHosts) {
		if host, ok := strings.CutSuffix(root, EnterpriseAPIPath); ok {
			alts = append(alts, regexp.QuoteMeta(host)+`/api/(?:v3|uploads|graphql\b)`)
		} else {
			alts = append(alts, regexp.QuoteMeta(root))
		}
	}
	return `https?://(?:` + strings.Join(alts, "|") + `)`
}

// TrimAPIRoot drops github.com's API root ("https://api.github.com") or
// Enterprise Server's "/api/v3" from the start of a route.
func TrimAPIRoot(route string) string {
	return strings.TrimPrefix(strings.TrimPrefix(route, "https://"+APIHost), EnterpriseAPIPath)
}
