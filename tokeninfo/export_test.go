package tokeninfo

import (
	"net/url"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TokenSettingsURL is, for the external tests only, the page where the
// owner manages tokens of kind k on the configured GitHub: the link every
// result carries as SettingsURL. Production code reads it from the Result.
func (s *Service) TokenSettingsURL(k ghtoken.Kind) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.epErr != nil {
		return ""
	}
	return s.ep.settingsURL(k)
}

// APIBase is, for the tests, where live lookups go for s (the REST API
// base, with a trailing slash) and the X-GitHub-Api-Version they send.
// revoke resolves its host by the same rules: ghhost.ResolveAPI.
func (s Settings) APIBase() (base *url.URL, apiVersion string, err error) {
	ep, err := s.resolve()
	if err != nil {
		return nil, "", err
	}
	return ep.base, ep.apiVersion, nil
}
