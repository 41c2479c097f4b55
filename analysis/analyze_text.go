package analysis

import (
	"strings"
	"sync"
)

// Text is one text to analyse with what its readers share: its API calls,
// searched for once per list of Enterprise hosts by whichever reader asks
// first (Analyze's rules, a version hover, a caller counting the calls).
// The language server keeps one per document snapshot and one per file its
// workspace index reads, where its own call search once ran beside
// Analyze's. Safe for concurrent use; the bytes must not change.
type Text struct {
	lang  Lang
	bytes []byte

	mu       sync.Mutex // a leaf: held only while the text is searched
	found    bool
	hosts    string // the Enterprise hosts calls were found for, joined
	calls    []APICall
	searches int
}

// NewText makes the Text of text; path and languageID only select the
// syntax (either may be empty), as for Analyze.
func NewText(path, languageID string, text []byte) *Text {
	return &Text{lang: DetectLanguage(path, languageID), bytes: text}
}

// APICalls is FindAPICalls of the text for enterpriseHosts, searched for
// once (another list of hosts searches again, and is kept instead). The
// result is shared: callers must not change it.
func (t *Text) APICalls(enterpriseHosts []string) []APICall {
	key := strings.Join(enterpriseHosts, "\x00")
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.found || t.hosts != key {
		t.calls, t.hosts, t.found = FindAPICalls(t.lang, t.bytes, enterpriseHosts), key, true
		t.searches++
	}
	return t.calls
}

// Searches is how many times the text was searched for API calls: one per
// list of hosts asked for in turn (the server's tests hold a snapshot to
// one).
func (t *Text) Searches() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.searches
}

// Analyze is Analyze of the text; its rules read the text's calls.
func (t *Text) Analyze(cfg *Config) []Finding {
	return analyze(t, cfg)
}

// VersionHover explains the X-GitHub-Api-Version value at off: the calls
// it governs and, for each, the breaking changes up to target (empty:
// ghhost.LatestAPIVersion) that touch it and the lines that depend on them;
// the calls on the configured Enterprise hosts count too. It reads the
// text's calls.
func (t *Text) VersionHover(off int, target string, enterpriseHosts []string) (md string, at Range, ok bool) {
	return versionHover(t, off, target, enterpriseHosts)
}
