package analysis

import (
	"bytes"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// Header lints. Everything here works line-wise around cheap bytes.Index
// hits: a text with no "uthorization", no "-version" and no GitHub API host
// costs a handful of SIMD scans and no regular expression at all.

// findHeaderIssues finds legacy/malformed Authorization headers, pinned API
// versions GitHub does not know, and GitHub API requests without a pinned
// version or Accept header.
func findHeaderIssues(lang Lang, text []byte, cfg *Config, calls *textCalls) []Finding {
	if cfg == nil {
		cfg = &Config{}
	}
	tl := &textLines{text: text, lang: lang}
	var out []Finding
	if cfg.enabled(RuleLegacyAuthScheme) || cfg.enabled(RuleMalformedAuth) {
		out = append(out, findAuthIssues(lang, tl, cfg)...)
	}
	if cfg.enabled(RuleUnknownVersion) {
		out = append(out, findUnknownVersions(lang, tl, cfg)...)
	}
	if cfg.enabled(RuleUnpinnedVersion) || cfg.enabled(RuleMissingAccept) {
		out = append(out, findUnpinnedRequests(lang, tl, cfg, calls)...)
	}
	return out
}

// textLines finds the line around an offset for the header rules, from
// the text's lines indexed on first use: the rules ask for the line of
// every match, and re-reading a long (minified) line for each made them
// quadratic (issue 18). It also splits lines into commands (command.go,
// the splitter the API-call finder reads methods with) and keeps each
// command's curl word.
type textLines struct {
	text []byte
	lang Lang
	idx  *LineIndex
	code *codeText      // the text as command.go reads it, built on first use
	curl map[[2]int]int // command bounds -> curlWord of the command
}

// line is lineAt(text, off).
func (tl *textLines) line(off int) (start, end, next int) {
	if tl.idx == nil {
		tl.idx = NewLineIndex(tl.text)
	}
	text, starts := tl.text, tl.idx.starts
	off = max(0, min(off, len(text)))
	k := sort.Search(len(starts), func(k int) bool { return starts[k] > off }) - 1
	start = starts[max(k, 0)]
	if k+1 >= len(starts) {
		return start, len(text), len(text)
	}
	next = starts[k+1]
	end = next - 1
	if text[end] == '\n' && end > start && text[end-1] == '\r' {
		end--
	}
	return start, end, next
}

// curlAt is curlWord(text[start:end]) for the command at [start, end),
// read once per command.
func (tl *textLines) curlAt(start, end int) int {
	k := [2]int{start, end}
	if c, ok := tl.curl[k]; ok {
		return c
	}
	if tl.curl == nil {
		tl.curl = map[[2]int]int{}
	}
	c := curlWord(tl.text[start:end])
	tl.curl[k] = c
	return c
}

// commandAt is the command holding off, as the API-call finder sees it
// (codeText.commandSpan): a logical line cut at unquoted ;, &&, ||, | and
// a lone &, or the string literal holding a command (a package.json
// script). A header belongs to the request of its own command only.
func (tl *textLines) commandAt(off int) (start, end int) {
	if tl.code == nil {
		tl.code = newCodeText(tl.lang, newlineBreaks(tl.text))
	}
	return tl.code.commandSpan(off)
}

// curlCommandAt is commandAt when that command holds a curl word (ok),
// with the offset right after "curl". Only in text whose commands are
// written out (shell-like text, a JSON string): in code, "curl = get(u)"
// is a variable.
func (tl *textLines) curlCommandAt(off int) (cmd Range, curlEnd int, ok bool) {
	if !shellLike(tl.lang) && tl.lang != LangJSON {
		return Range{}, 0, false
	}
	start, end := tl.commandAt(off)
	c := tl.curlAt(start, end)
	if c < 0 {
		return Range{}, 0, false
	}
	return Range{start, end}, start + c + len("curl"), true
}

// Header names as lower-case patterns, with the suffix variants searched for
// with bytes.Index (exact case) before a case-insensitive check. The suffixes
// start with a rare letter ('z', 'v'): bytes.Index skips ahead on its first
// byte, so a common one ('u', '-') would make it stop on nearly every line.
var (
	authHeader    = foldPattern{"authorization", []string{"zation", "ZATION"}}
	versionHeader = foldPattern{strings.ToLower(ghhost.APIVersionHeader), []string{"version", "Version", "VERSION"}}
	// versionHeaderLower is ghhost.APIVersionHeader as the header scans
	// look for it (they fold case).
	versionHeaderLower = versionHeader.lower
)

type foldPattern struct {
	lower    string
	suffixes []string
}

// indexAll returns the sorted start offsets of every case-insensitive match
// of p in text that stands as a word (not inside a longer header name).
func (p foldPattern) indexAll(text []byte) []int {
	var hits []int
	for _, suf := range p.suffixes {
		s := []byte(suf)
		back := len(p.lower) - len(suf)
		for off := 0; ; {
			i := bytes.Index(text[off:], s)
			if i < 0 {
				break
			}
			at := off + i - back
			off += i + len(s)
			if at < 0 || !hasPrefixFold(text[at:], p.lower) {
				continue
			}
			if at > 0 && isHeaderNameByte(text[at-1]) {
				continue
			}
			if e := at + len(p.lower); e < len(text) && isHeaderNameByte(text[e]) {
				continue
			}
			hits = append(hits, at)
		}
	}
	if len(p.suffixes) > 1 {
		sort.Ints(hits)
	}
	return hits
}

func isHeaderNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with lower (ASCII case-insensitive).
func hasPrefixFold(s []byte, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		if lowerASCII(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// eolAt is the line break ending the line starting at ls ("\n" on the
// last line).
func eolAt(text []byte, ls int) string {
	_, end, next := lineAt(text, ls)
	if next == end {
		return "\n"
	}
	return string(text[end:next])
}

// inLineComment reports whether off sits on a line whose first non-blank
// text is a comment (line comment marker, or a block comment's "*").
func inLineComment(lang Lang, tl *textLines, off int) bool {
	text := tl.text
	ls, le, _ := tl.line(off)
	t := bytes.TrimLeft(text[ls:le], " \t")
	if lc := lang.LineComment(); lc != "" && bytes.HasPrefix(t, []byte(lc)) {
		return true
	}
	switch lang {
	case LangGo, LangJavaScript, LangJava, LangRust:
		return bytes.HasPrefix(t, []byte("/*")) || bytes.HasPrefix(t, []byte("* ")) || bytes.Equal(t, []byte("*"))
	}
	return false
}
