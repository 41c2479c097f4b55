package analysis

import (
	"bytes"
	"slices"
	"sort"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// requestWindowLines is how many lines before and after a request the header
// lints look for the headers that belong to it.
const requestWindowLines = 12

// acceptValue is the media type GitHub's REST docs send.
const acceptValue = ghhost.MediaType

// maxHeaderWindow: a window around a match reaches at most this many
// bytes either side of it (n lines of minified code are one huge line;
// each match reading all of it made the rules quadratic, issue 18).
const maxHeaderWindow = 4096

// lineWindow returns the byte range covering n lines before and after the
// line holding off, at most maxHeaderWindow bytes either side of off.
func lineWindow(tl *textLines, off, n int) (start, end int) {
	start, _, end = tl.line(off)
	for i := 0; i < n && start > 0 && start > off-maxHeaderWindow; i++ {
		start, _, _ = tl.line(start - 1)
	}
	for i := 0; i < n && end < len(tl.text) && end < off+maxHeaderWindow; i++ {
		_, _, end = tl.line(end)
	}
	return max(start, off-maxHeaderWindow), min(end, off+maxHeaderWindow)
}

// lowerWindow is a lower-cased copy of a window of text, so that every
// case-insensitive search in it is one bytes.Index.
type lowerWindow struct {
	start int // offset of the window in the text
	b     []byte
	tl    *textLines
}

func newLowerWindow(tl *textLines, start, end int, buf []byte) lowerWindow {
	buf = append(buf[:0], tl.text[start:end]...)
	for i, c := range buf {
		buf[i] = lowerASCII(c)
	}
	return lowerWindow{start, buf, tl}
}

// code returns the text offsets of s (lower case) outside comment lines;
// as a whole word unless prefix is set.
func (w lowerWindow) code(lang Lang, s string, prefix bool) []int {
	var out []int
	n := []byte(s)
	for off := 0; ; {
		i := bytes.Index(w.b[off:], n)
		if i < 0 {
			return out
		}
		at := off + i
		off = at + len(n)
		if !prefix && (at > 0 && isHeaderNameByte(w.b[at-1]) || off < len(w.b) && isHeaderNameByte(w.b[off])) {
			continue
		}
		if !inLineComment(lang, w.tl, w.start+at) {
			out = append(out, w.start+at)
		}
	}
}

// apiHit is a GitHub REST API URL: url is the whole URL as written.
type apiHit struct {
	url Range
}

// urlStop ends a URL as written in code: quotes, blanks and the punctuation
// that closes an argument or a shell word.
func urlStop(c byte) bool {
	return c <= ' ' || bytes.IndexByte([]byte("\"'`)<>,;\\|"), c) >= 0
}

// findAPIURLs returns the GitHub REST API URLs in text, in order: URLs
// written out, and URLs built from a constant holding the API root
// (API = "https://api.github.com"; f"{API}/user").
func findAPIURLs(tl *textLines, cfg *Config) []apiHit {
	text := tl.text
	var hits []apiHit
	var roots []string // names of constants holding an API root
	for _, host := range ghhost.APIRoots(cfg.EnterpriseHosts) {
		for _, at := range hostMatches(text, host) {
			h, kind := apiURLAt(tl, at, at+len(host))
			switch kind {
			case urlRequest:
				hits = append(hits, h)
			case urlRoot:
				if name := assignedName(tl, h.url.Start); name != "" {
					roots = append(roots, name)
				}
			}
		}
	}
	for _, name := range roots {
		hits = append(hits, rootUses(text, name)...)
	}
	if len(hits) > 1 {
		sort.Slice(hits, func(i, j int) bool { return hits[i].url.Start < hits[j].url.Start })
		hits = slices.CompactFunc(hits, func(a, b apiHit) bool { return a.url.Start == b.url.Start })
	}
	return hits
}

// hostMatches returns the offsets of host in text that stand as a host name
// (not xapi.github.com, uploads.api..., api.github.com.evil.example or
// /api/v30).
func hostMatches(text []byte, host string) []int {
	// Search from a tail that starts with a rare byte: bytes.Index skips
	// ahead on the first byte, and "a" (api.) is on every line of code.
	needle := []byte(host)
	back := 0
	if host == ghhost.APIHost {
		back = len(ghhost.APIHost) - len("b.com")
	}
	anchor := needle[back:]
	var out []int
	for off := 0; ; {
		i := bytes.Index(text[off:], anchor)
		if i < 0 {
			return out
		}
		at := off + i - back
		off += i + len(anchor)
		if at < 0 || !bytes.Equal(text[at:at+len(needle)], needle) {
			continue
		}
		end := at + len(needle)
		if at > 0 && (isHeaderNameByte(text[at-1]) || text[at-1] == '.') {
			continue
		}
		if end < len(text) && (isHeaderNameByte(text[end]) || text[end] == '.' && end+1 < len(text) && isHeaderNameByte(text[end+1])) {
			continue
		}
		out = append(out, at)
	}
}

// urlKind is what a written API host turns out to be.
type urlKind int

const (
	urlNone    urlKind = iota // a host name in code or prose
	urlRequest                // a request URL
	urlRoot                   // the API root alone: a base URL
)

// apiURLAt reads the URL around the API host at text[hostStart:hostEnd].
func apiURLAt(tl *textLines, hostStart, hostEnd int) (apiHit, urlKind) {
	text := tl.text
	urlStart := hostStart
	for _, scheme := range []string{"https://", "http://"} {
		if hostStart >= len(scheme) && string(text[hostStart-len(scheme):hostStart]) == scheme {
			urlStart = hostStart - len(scheme)
		}
	}
	urlEnd := hostEnd
	for urlEnd < len(text) && !urlStop(text[urlEnd]) {
		urlEnd++
	}
	h := apiHit{url: Range{urlStart, urlEnd}}
	switch {
	case urlStart == hostStart:
		// No scheme: a host name, unless it is the Host header of a raw
		// HTTP request.
		ls, _, _ := tl.line(hostStart)
		if hasPrefixFold(bytes.TrimLeft(text[ls:hostStart], " \t"), "host:") {
			return h, urlRequest
		}
		return h, urlNone
	case urlEnd-hostEnd < 2 && !concatenated(tl, urlEnd):
		return h, urlRoot
	}
	return h, urlRequest
}

// assignedName returns NAME when the literal holding the URL at urlStart is
// the whole value of an assignment on its line (NAME = "...", const NAME =
// "...", NAME: str = "..."), else "".
func assignedName(tl *textLines, urlStart int) string {
	text := tl.text
	ls, _, _ := tl.line(urlStart)
	if urlStart == ls || !isQuote(text[urlStart-1]) {
		return ""
	}
	eq := skipBlanksBack(text, ls, urlStart-1)
	if eq == ls || text[eq-1] != '=' || eq-2 >= ls && bytes.IndexByte([]byte("=!<>"), text[eq-2]) >= 0 {
		return ""
	}
	lhs := bytes.TrimSpace(text[ls : eq-1])
	if colon := bytes.IndexByte(lhs, ':'); colon > 0 { // a type annotation
		lhs = bytes.TrimSpace(lhs[:colon])
	}
	if sp := bytes.LastIndexAny(lhs, " \t"); sp >= 0 { // const, let, var, final String
		lhs = lhs[sp+1:]
	}
	if len(lhs) == 0 || !identPath(lhs) || bytes.ContainsAny(lhs, ".$@") {
		return ""
	}
	return string(lhs)
}

// rootUses returns the request URLs built from the constant name inside a
// string: {name}/path (f-string, format), ${name}/path (template, shell),
// #{name}/path (Ruby). The hit covers the interpolation and the path.
func rootUses(text []byte, name string) []apiHit {
	var hits []apiHit
	use := []byte("{" + name + "}/")
	for off := 0; ; {
		i := bytes.Index(text[off:], use)
		if i < 0 {
			return hits
		}
		at := off + i
		off = at + len(use)
		start := at
		if at > 0 && (text[at-1] == '$' || text[at-1] == '#') {
			start--
		}
		end := at + len(use)
		for end < len(text) && !urlStop(text[end]) {
			end++
		}
		hits = append(hits, apiHit{url: Range{start, end}})
	}
}

// concatenated reports whether the string literal closing at text[e] is
// followed by "+" (a path appended to the API root: "https://api.github.com" + p).
func concatenated(tl *textLines, e int) bool {
	text := tl.text
	if e >= len(text) || !isQuote(text[e]) {
		return false
	}
	_, le, _ := tl.line(e)
	i := skipBlanks(text, e+1, le)
	return i < le && text[i] == '+'
}

// codeLang: a URL in code is almost always a request. Elsewhere (YAML,
// JSON, .env, docs) it is often just configuration, so those files are
// only linted where a curl call or a header is written next to the URL.
func codeLang(lang Lang) bool {
	switch lang {
	case LangGo, LangJavaScript, LangPython, LangRuby, LangRust, LangJava:
		return true
	}
	return false
}

// neighbourNames are headers that, written near a request, show where and
// how that request's headers are written.
var neighbourNames = []string{"authorization", "accept", "user-agent", "content-type", versionHeaderLower}

// shellLike: text where a request is usually a curl command line.
func shellLike(lang Lang) bool {
	return shellQuoting(lang) || lang == LangMarkdown || lang == LangText
}

// findUnpinnedRequests reports GitHub API requests without a pinned
// X-GitHub-Api-Version or the GitHub Accept header nearby.
func findUnpinnedRequests(lang Lang, tl *textLines, cfg *Config, calls *textCalls) []Finding {
	hits := findAPIURLs(tl, cfg)
	if len(hits) == 0 {
		return nil
	}
	var out []Finding
	var buf []byte
	coveredUntil := -1
	reviews := newPinReviews(calls)
	for k, h := range hits {
		if h.url.Start < coveredUntil {
			continue // same line or command as the last request: same headers
		}
		if inLineComment(lang, tl, h.url.Start) {
			continue
		}
		sc := requestScopeOf(tl, hits, k)
		if (lang == LangShell || lang == LangDockerfile) && !sc.shellCmd {
			continue // a URL in a variable: the curl that uses it is elsewhere
		}
		w := newLowerWindow(tl, sc.search.Start, sc.search.End, buf)
		buf = w.b
		neigh := sc.neighbours(lang, w)
		if !codeLang(lang) && !sc.shellCmd && len(neigh) == 0 {
			continue
		}
		coveredUntil = sc.covered
		sortByDistance(neigh, h.url.Start)
		req := request{lang: lang, tl: tl, url: h.url, neigh: neigh, curlEnd: sc.curlEnd}
		if cfg.enabled(RuleUnpinnedVersion) && len(sc.own(w, w.code(lang, versionHeaderLower, false))) == 0 {
			out = append(out, req.unpinnedFinding(cfg, reviews))
		}
		accepted := len(sc.own(w, w.code(lang, "application/vnd.github", true))) > 0 || hasAcceptHeader(lang, w, sc)
		if cfg.enabled(RuleMissingAccept) && !accepted {
			out = append(out, req.missingAcceptFinding())
		}
	}
	return out
}

// requestScope is where the headers of one request may be written.
type requestScope struct {
	neighbour Range // where a neighbouring header to copy may be
	// search is where an existing header counts. It reaches two lines
	// further than neighbour, so a header inserted next to a neighbour is
	// always found again.
	search   Range
	covered  int  // later URLs before this offset belong to the same request
	shellCmd bool // the request is a curl command
	curlEnd  int  // for a curl command, the offset right after "curl"
}

// requestScopeOf is the request's own command when that is a curl command
// (tl.commandAt: another command of the same line is another request),
// else the lines around the URL, cut at the lines of other requests and,
// on the URL's own line, at the commands of other requests.
func requestScopeOf(tl *textLines, hits []apiHit, k int) requestScope {
	text := tl.text
	at := hits[k].url.Start
	if cmd, curlEnd, ok := tl.curlCommandAt(at); ok {
		return requestScope{neighbour: cmd, search: cmd, covered: cmd.End, shellCmd: true, curlEnd: curlEnd}
	}
	ls, _, next := tl.line(at)
	lo, hi, covered := 0, len(text), next
	if k > 0 {
		if _, _, prevNext := tl.line(hits[k-1].url.Start); prevNext <= ls {
			lo = prevNext
		}
	}
	for _, o := range hits[k+1:] {
		if o.url.Start >= next {
			hi, _, _ = tl.line(o.url.Start)
			break
		}
	}
	cs, ce := tl.commandAt(at)
	if k > 0 && hits[k-1].url.Start >= ls && hits[k-1].url.Start < cs {
		lo = max(lo, cs) // an earlier request of this line, in another command
	}
	if k+1 < len(hits) && hits[k+1].url.Start < next && hits[k+1].url.Start >= ce {
		hi, covered = min(hi, ce), ce // a later one
	}
	clip := func(start, end int) Range { return Range{max(start, lo), min(end, hi)} }
	return requestScope{
		neighbour: clip(lineWindow(tl, at, requestWindowLines)),
		search:    clip(lineWindow(tl, at, requestWindowLines+2)),
		covered:   covered,
	}
}

// own keeps the header offsets that belong to the scope's request: in a
// scope that is not a curl command, a header of a curl command is that
// command's.
func (sc requestScope) own(w lowerWindow, offs []int) []int {
	if sc.shellCmd || len(offs) == 0 {
		return offs
	}
	kept := offs[:0]
	for _, at := range offs {
		if _, _, inCurl := w.tl.curlCommandAt(at); !inCurl {
			kept = append(kept, at)
		}
	}
	return kept
}

// neighbours returns the offsets of the headers in the scope's neighbour
// range that belong to its request.
func (sc requestScope) neighbours(lang Lang, w lowerWindow) []int {
	var neigh []int
	for _, name := range neighbourNames {
		for _, at := range sc.own(w, w.code(lang, name, false)) {
			if at >= sc.neighbour.Start && at < sc.neighbour.End {
				neigh = append(neigh, at)
			}
		}
	}
	return neigh
}

// request is one API request missing a header, and the neighbouring
// headers (nearest first) a fix may copy.
type request struct {
	lang  Lang
	tl    *textLines
	url   Range
	neigh []int
	// curlEnd: the request is a curl command, and a header with no
	// neighbour to copy goes right after its "curl" (0: not a curl command).
	curlEnd int
}

// unpinnedFinding: why pinning matters is in docs/rules.md
// (github-api-version-unpinned): GitHub answers with ghhost.DefaultAPIVersion, and
// ghhost.LatestAPIVersion is the first with breaking changes.
func (r request) unpinnedFinding(cfg *Config, reviews *pinReviews) Finding {
	f := Finding{
		RuleID:   RuleUnpinnedVersion,
		Range:    r.url,
		Severity: DefaultSeverity(RuleUnpinnedVersion),
		Message: "GitHub API request without " + ghhost.APIVersionHeader + ": it gets " + ghhost.DefaultAPIVersion +
			", supported until at least " + apiversions.SupportedUntil(ghhost.DefaultAPIVersion) + ".",
	}
	keepWhy, targetWhy, offerTarget := "keeps today's behaviour", "", false
	if cfg.apiVersion() != ghhost.DefaultAPIVersion {
		keepWhy, targetWhy, offerTarget = reviews.pinTitles(r.url)
	}
	versions := []struct{ v, why string }{
		{ghhost.DefaultAPIVersion, keepWhy},
		{cfg.apiVersion(), targetWhy},
	}
	for i, v := range versions {
		if i > 0 && !offerTarget {
			break
		}
		if e, ok := insertHeader(r.lang, r.tl, r.neigh, r.curlEnd, ghhost.APIVersionHeader, v.v); ok {
			f.Fixes = append(f.Fixes, Fix{
				Title:     "Pin " + ghhost.APIVersionHeader + ": " + v.v + " (" + v.why + ")",
				Edits:     []Edit{e},
				Preferred: i == 0,
			})
		}
	}
	return f
}

func (r request) missingAcceptFinding() Finding {
	f := Finding{
		RuleID:   RuleMissingAccept,
		Range:    r.url,
		Severity: DefaultSeverity(RuleMissingAccept),
		Message:  `GitHub API request without "Accept: ` + acceptValue + `", the media type of GitHub's docs.`,
	}
	if e, ok := insertHeader(r.lang, r.tl, r.neigh, r.curlEnd, "Accept", acceptValue); ok {
		f.Fixes = []Fix{{Title: "Add Accept: " + acceptValue, Edits: []Edit{e}, Preferred: true}}
	}
	return f
}

// hasAcceptHeader reports whether the window sets an Accept header (any
// value): a second one would be wrong, and application/json works too.
func hasAcceptHeader(lang Lang, w lowerWindow, sc requestScope) bool {
	for _, at := range sc.own(w, w.code(lang, "accept", false)) {
		i := at + len("accept") - w.start
		if i < len(w.b) && isQuote(w.b[i]) {
			i++
		}
		for i < len(w.b) && (w.b[i] == ' ' || w.b[i] == '\t') {
			i++
		}
		if i < len(w.b) && bytes.IndexByte([]byte(":,]="), w.b[i]) >= 0 {
			return true
		}
	}
	return false
}

func sortByDistance(offs []int, from int) {
	d := func(x int) int {
		if x < from {
			return from - x
		}
		return x - from
	}
	for i := 1; i < len(offs); i++ {
		for j := i; j > 0 && d(offs[j]) < d(offs[j-1]); j-- {
			offs[j], offs[j-1] = offs[j-1], offs[j]
		}
	}
}
