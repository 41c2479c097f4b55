package lsp

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// Document is an immutable snapshot of an open document: an edit or a new
// analysis makes a new snapshot, so handlers running concurrently never see
// a half-applied change.
type Document struct {
	URI        protocol.DocumentURI
	Path       string // file path for file: URIs, else the URI's path or opaque part (only used to pick the syntax)
	LanguageID string
	Version    int32
	Text       []byte

	mapper *Mapper

	// Findings is the analysis of Text with the settings current when it
	// ran (including ExtraDiagnostics); nil until analysed.
	Findings []analysis.Finding
	// Skipped says why analysis was skipped ("" when it ran).
	Skipped string
	// invalidText: the client's text held invalid UTF-8 or lone
	// surrogates (now U+FFFD in Text). It sticks until a full replacement:
	// an incremental edit cannot tell whether the bad bytes are gone.
	invalidText bool
	// calls caches the API call routes of Text: the workspace index reads
	// them for every open document at each analysis of each one. The
	// copies withFindings makes keep Text and share it; Apply starts anew.
	calls *routeCache
	// engine is Text as the analysis reads it: its API calls are searched
	// for once, by the analysis, a version hover or the routes, whichever
	// asks first, and shared with the others. Shared like calls.
	engine *analysis.Text
	// base caches analysis.Analyze of Text for one *analysis.Config (a
	// settings change makes a new one; it is never changed after): a
	// Refresh after a live answer or an index pass re-analyses every open
	// document, and only the extra findings can differ. Shared like calls
	// (only by snapshots of one URI); only the analysis scheduler, which
	// runs one analysis per URI at a time, touches it.
	base *baseFindings
	// refs caches the token variable references of Text: every analysis
	// of the snapshot (the live diagnostics) and every hover on it read
	// them. Shared like calls.
	refs *envRefCache
}

// envRefCache holds the token variable references of one snapshot's text
// for the patterns they were found with (a settings change may change
// them). Its mutex is a leaf: a hover and an analysis of one snapshot may
// ask at once, and the second waits for the first's answer.
type envRefCache struct {
	mu       sync.Mutex
	found    bool
	patterns []string
	refs     []analysis.EnvRef
	// runs counts the searches (tests check that there is one per
	// snapshot and patterns).
	runs int
}

// baseFindings is the engine's analysis of one snapshot's text under cfg.
type baseFindings struct {
	cfg      *analysis.Config
	findings []analysis.Finding
}

// routeCache holds the routes of one snapshot's text, found once for the
// Enterprise hosts (joined) they were found with.
type routeCache struct {
	mu     sync.Mutex
	found  bool
	hosts  string
	routes []*permissions.Route
}

// NewDocument makes a snapshot of an opened document.
func NewDocument(u protocol.DocumentURI, languageID string, version int32, text []byte) *Document {
	p := uriPath(u)
	return &Document{URI: u, Path: p, LanguageID: languageID, Version: version, Text: text, mapper: NewMapper(text),
		calls: &routeCache{}, engine: newEngineText(p, languageID, text), base: &baseFindings{}, refs: &envRefCache{}}
}

// Change is one content change of a didChange notification: Range nil means
// the whole text is replaced.
type Change struct {
	Range *protocol.Range
	Text  string
	// Invalid: the client's Text was not valid Unicode (see wireText).
	Invalid bool
}

// Apply returns a new snapshot with changes applied in order (each range is
// relative to the text left by the previous change, as LSP specifies) and
// the given version. Ranges outside the text are clamped.
func (d *Document) Apply(version int32, changes []Change) *Document {
	text, m, invalid := d.Text, d.mapper, d.invalidText
	for i := 0; i < len(changes); {
		c := changes[i]
		if c.Range == nil {
			text, invalid = []byte(c.Text), c.Invalid
			m = NewMapper(text)
			i++
			continue
		}
		// A multi-cursor edit sends its changes last first. While each
		// change ends on a line above the previous one's start, the text
		// up to there is untouched, so its positions resolve in the same
		// mapper and the run is spliced in one pass instead of rebuilding
		// the text and its line index per change.
		run := []splice{}
		limit := len(text) + 1
		for ; i < len(changes) && changes[i].Range != nil; i++ {
			r := *changes[i].Range
			start, end := m.OffsetRange(r)
			if len(run) > 0 {
				last := max(r.Start.Line, r.End.Line)
				if int64(last)+1 >= int64(m.LineCount()) || m.LineStart(int(last)+1) > limit {
					break
				}
			}
			run = append(run, splice{start, end, changes[i].Text})
			invalid = invalid || changes[i].Invalid
			limit = start
		}
		text = applySplices(text, run)
		m = NewMapper(text)
	}
	return &Document{URI: d.URI, Path: d.Path, LanguageID: d.LanguageID, Version: version, Text: text, mapper: m, invalidText: invalid,
		calls: &routeCache{}, engine: newEngineText(d.Path, d.LanguageID, text), base: &baseFindings{}, refs: &envRefCache{}}
}

// splice replaces text[start:end] with text.
type splice struct {
	start, end int
	text       string
}

// applySplices applies splices given last first (each ends at or before
// the previous one's start) in one copy of text.
func applySplices(text []byte, run []splice) []byte {
	n := len(text)
	for _, s := range run {
		n += len(s.text) - (s.end - s.start)
	}
	next := make([]byte, 0, n)
	at := 0
	for k := len(run) - 1; k >= 0; k-- {
		s := run[k]
		next = append(next, text[at:s.start]...)
		next = append(next, s.text...)
		at = s.end
	}
	return append(next, text[at:]...)
}

// apiRoutes are the routes of the GitHub API calls in Text for the
// configured Enterprise hosts, found once per snapshot and host list. The
// calls come from the snapshot's analysis.Text, searched once with its
// analysis; no lock is held while it searches (its own is a leaf).
func (d *Document) apiRoutes(enterpriseHosts []string) []*permissions.Route {
	if d.calls == nil {
		return callRoutes(d.engineText().APICalls(enterpriseHosts))
	}
	key := strings.Join(enterpriseHosts, "\x00")
	d.calls.mu.Lock()
	if d.calls.found && d.calls.hosts == key {
		defer d.calls.mu.Unlock()
		return d.calls.routes
	}
	d.calls.mu.Unlock()
	routes := callRoutes(d.engineText().APICalls(enterpriseHosts))
	d.calls.mu.Lock()
	defer d.calls.mu.Unlock()
	d.calls.routes, d.calls.hosts, d.calls.found = routes, key, true
	return routes
}

// newEngineText makes the analysis.Text of a snapshot or of a file the
// index reads (a test wraps it to count each one's call searches).
var newEngineText = analysis.NewText

// engineText is the snapshot's analysis.Text (a new one for a Document
// made without NewDocument).
func (d *Document) engineText() *analysis.Text {
	if d.engine == nil {
		return newEngineText(d.Path, d.LanguageID, d.Text)
	}
	return d.engine
}

// envRefs are the references to token variables in Text (names matching
// patterns), found once per snapshot and patterns. The result is shared:
// callers must not change it.
func (d *Document) envRefs(patterns []string) []analysis.EnvRef {
	c := d.refs
	if c == nil {
		return analysis.EnvRefs(d.Path, d.LanguageID, d.Text, patterns)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.found || !slices.Equal(c.patterns, patterns) {
		c.refs = analysis.EnvRefs(d.Path, d.LanguageID, d.Text, patterns)
		c.patterns, c.found = slices.Clone(patterns), true
		c.runs++
	}
	return c.refs
}

// callRoutes are the routes of the calls that have one.
func callRoutes(calls []analysis.APICall) []*permissions.Route {
	var routes []*permissions.Route
	for _, c := range calls {
		if c.Route != nil {
			routes = append(routes, c.Route)
		}
	}
	return routes
}

// withFindings returns a copy of d carrying an analysis result.
func (d *Document) withFindings(fs []analysis.Finding, skipped string) *Document {
	c := *d
	c.Findings, c.Skipped = fs, skipped
	return &c
}

// uriPath extracts a path from a document URI without panicking on non-file
// schemes (uri.URI.Filename panics on "untitled:").
func uriPath(u protocol.DocumentURI) string {
	pu, err := url.Parse(string(u))
	if err != nil {
		return ""
	}
	switch {
	case pu.Scheme == "file":
		p := pu.Path
		// file:///C:/x on Windows: drop the slash before the drive letter.
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
			p = p[1:]
		}
		return filepath.FromSlash(p)
	case pu.Opaque != "":
		return strings.TrimPrefix(pu.Opaque, "//")
	}
	return pu.Path
}
