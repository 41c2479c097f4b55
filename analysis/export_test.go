package analysis

// countFindAPICalls runs f and returns how many times it called
// FindAPICalls. Not for parallel tests: the hook is the package's.
func countFindAPICalls(f func()) int {
	n := 0
	onFindAPICalls = func() { n++ }
	defer func() { onFindAPICalls = nil }()
	f()
	return n
}

// CallVersions lists the API calls in text (FindAPICalls, for the
// configured Enterprise hosts) with the version each gets.
func CallVersions(lang Lang, text []byte, enterpriseHosts []string) []CallVersion {
	return callVersions(lang, text, FindAPICalls(lang, text, enterpriseHosts))
}

// VersionHover is Text.VersionHover of a new Text.
func VersionHover(path, languageID string, text []byte, off int, target string, enterpriseHosts []string) (md string, at Range, ok bool) {
	return NewText(path, languageID, text).VersionHover(off, target, enterpriseHosts)
}

// newTextCalls is the calls of a text as an Analyze of it shares them.
func newTextCalls(lang Lang, text []byte, cfg *Config) *textCalls {
	return textCallsOf(&Text{lang: lang, bytes: text}, cfg)
}
