package tokeninfo

import (
	"context"
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

// Lookup is, for the tests, a lookup of the token in variable name that
// waits at most the hover timeout (or until ctx ends) for GitHub, as a
// hover does; after that the answer is Checking and the lookup continues
// in the background.
func (s *Service) Lookup(ctx context.Context, name string) Result {
	s.mu.Lock()
	wait := s.settings.HoverTimeout
	s.mu.Unlock()
	return s.lookup(ctx, name, wait)
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
