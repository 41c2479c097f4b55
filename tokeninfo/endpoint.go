package tokeninfo

import (
	"net/http"
	"net/url"
)

// APIBase resolves s the way live lookups do (APIURL over EnterpriseHost,
// "/api/v3/" added for Enterprise Server, https only except loopback http)
// and returns the REST API base, with a trailing slash, and the
// X-GitHub-Api-Version to send. It exists so that the revoke package sends
// to exactly the host live lookups would, by the same rules.
func (s Settings) APIBase() (base *url.URL, apiVersion string, err error) {
	ep, err := s.resolve()
	if err != nil {
		return nil, "", err
	}
	return ep.base, ep.apiVersion, nil
}

// SafeHTTPClient returns a copy of c (nil: a fresh default transport) that
// follows no redirect and reads at most 1 MiB of any body: a redirect of a
// POST would carry its body, tokens included, to another place.
func SafeHTTPClient(c *http.Client) *http.Client {
	if c == nil {
		return newHTTPClient()
	}
	return safeClient(c)
}
