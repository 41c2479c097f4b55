package analysis

import (
	"bytes"
	"sort"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// Which REST API version each call gets. A call gets the
// X-GitHub-Api-Version written for it: in its own request (the curl or gh
// command holding it, or the lines around it, when this call is the
// nearest one), else a version set away from every call (a client's
// default headers: new Octokit({headers}), session.headers.update, a
// helper that sets the header on every request) when all such values in
// the file agree, else the version GitHub gives an unpinned request,
// ghhost.DefaultAPIVersion.

// VersionSource says where a call's version comes from.
type VersionSource string

const (
	VersionFromRequest VersionSource = "request"        // written with the call
	VersionFromClient  VersionSource = "client default" // set away from every call in the file
	VersionDefault     VersionSource = "unpinned"       // no header: GitHub's default
	VersionExpression  VersionSource = "expression"     // a variable or template: not known here
)

// CallVersion is one API call and the version it gets.
type CallVersion struct {
	Call    APICall
	Version string // ghhost.DefaultAPIVersion when Source is VersionDefault or VersionExpression
	Source  VersionSource
	// Pin is where the header value is written (zero when unpinned).
	Pin Range
}

// versionPin is an X-GitHub-Api-Version header value written in a text.
type versionPin struct {
	value   string // "" when not a literal (a variable, a template)
	at      Range  // the value as written (quotes excluded)
	literal bool
}

// findVersionPins lists the X-GitHub-Api-Version values in text, outside
// comment lines.
func findVersionPins(lang Lang, text []byte) []versionPin {
	tl := &textLines{text: text}
	var out []versionPin
	for _, at := range versionHeader.indexAll(text) {
		if inLineComment(lang, tl, at) {
			continue
		}
		v, ok := parseHeaderValue(lang, tl, at, at+len(versionHeader.lower))
		if !ok {
			continue
		}
		s := skipBlanks(text, v.start, v.end)
		e := skipBlanksBack(text, s, v.end)
		if e-s >= 2 && isQuote(text[s]) && text[e-1] == text[s] {
			s, e = s+1, e-1
		}
		val := text[s:e]
		literal := !v.more && len(val) > 0 && !bytes.ContainsAny(val, "${}%#()<>")
		p := versionPin{at: Range{s, e}, literal: literal}
		if literal {
			p.value = string(val)
		}
		out = append(out, p)
	}
	return out
}

func callVersions(lang Lang, text []byte, calls []APICall) []CallVersion {
	out := make([]CallVersion, len(calls))
	for i, c := range calls {
		out[i] = CallVersion{Call: c, Version: ghhost.DefaultAPIVersion, Source: VersionDefault}
	}
	pins := findVersionPins(lang, text)
	if len(pins) == 0 || len(calls) == 0 {
		return out
	}
	lines := newLineIndex(text)
	tl := &textLines{text: text, lang: lang}
	var loose []versionPin // set away from every call
	for _, p := range pins {
		k := owningCall(tl, lines, calls, p.at.Start)
		if k == pinOfOtherCommand {
			continue
		}
		if k < 0 {
			loose = append(loose, p)
			continue
		}
		if out[k].Source == VersionFromRequest || out[k].Source == VersionExpression {
			continue // the first header of a request wins
		}
		out[k].Pin = p.at
		if p.literal {
			out[k].Version, out[k].Source = p.value, VersionFromRequest
		} else {
			out[k].Source = VersionExpression
		}
	}
	if def, ok := agreedPin(loose); ok {
		for i := range out {
			if out[i].Source == VersionDefault {
				out[i].Version, out[i].Source, out[i].Pin = def.value, VersionFromClient, def.at
			}
		}
	}
	return out
}

// agreedPin is the one literal value all pins hold (none may be an
// expression: then the default is not known here).
func agreedPin(pins []versionPin) (versionPin, bool) {
	if len(pins) == 0 {
		return versionPin{}, false
	}
	for _, p := range pins {
		if !p.literal || p.value != pins[0].value {
			return versionPin{}, false
		}
	}
	return pins[0], true
}

// pinOfOtherCommand: the header belongs to a shell command whose call is
// not recognised; it is nobody's default.
const pinOfOtherCommand = -2

// owningCall is the index of the call whose request writes the header at
// off: in shell-like text the call in the same curl or gh command (the
// header rules' command, tl.commandAt: not another command of the line);
// in code the nearest call by lines, within requestWindowLines. -1 when
// none.
func owningCall(tl *textLines, lines lineIndex, calls []APICall, off int) int {
	lang, text := tl.lang, tl.text
	if shellLike(lang) {
		cs, ce := tl.commandAt(off)
		if k := sort.Search(len(calls), func(i int) bool { return calls[i].Range.Start >= cs }); k < len(calls) && calls[k].Range.Start < ce {
			return k
		}
		cmd := text[cs:ce]
		if curlWord(cmd) >= 0 || bytes.Contains(cmd, []byte("gh api")) {
			return pinOfOtherCommand
		}
		if lang != LangMarkdown && lang != LangText {
			return -1
		}
	}
	// calls are sorted by offset: the nearest is one of the two around off.
	line := lines.line(off)
	best, bestDist := -1, requestWindowLines+1
	k := sort.Search(len(calls), func(i int) bool { return calls[i].Range.Start >= off })
	for _, j := range []int{k - 1, k} {
		if j < 0 || j >= len(calls) {
			continue
		}
		d := lines.line(calls[j].Range.Start) - line
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = j, d
		}
	}
	return best
}

// lineIndex maps offsets to 0-based line numbers.
type lineIndex []int // offsets of line starts

func newLineIndex(text []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range text {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
	lo, hi := 0, len(l)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if l[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}
