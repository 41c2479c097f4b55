package tokeninfo

import "github.com/ghpat-ls/ghpat-ls/ghtoken"

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
