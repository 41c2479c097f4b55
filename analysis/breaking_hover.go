package analysis

import (
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// maxHoverCalls bounds the calls a version hover lists.
const maxHoverCalls = 20

func versionHover(t *Text, off int, target string, enterpriseHosts []string) (md string, at Range, ok bool) {
	lang, text := t.lang, t.bytes
	var pin versionPin
	for _, p := range findVersionPins(lang, text) {
		if off >= p.at.Start && off <= p.at.End {
			pin, ok = p, true
		}
	}
	if !ok {
		return "", Range{}, false
	}
	if target == "" {
		target = ghhost.LatestAPIVersion
	}
	var governed []CallReview
	for _, r := range reviewCalls(lang, text, target, t.APICalls(enterpriseHosts)) {
		if r.Pin == pin.at && r.Source != VersionDefault {
			governed = append(governed, r)
		}
	}
	lines := newLineIndex(text)
	var b strings.Builder
	fmt.Fprintf(&b, "**%s %s**", ghhost.APIVersionHeader, pin.value)
	if until := apiversions.SupportedUntil(pin.value); until != "" {
		fmt.Fprintf(&b, " (supported until at least %s)", until)
	}
	switch len(governed) {
	case 0:
		b.WriteString(": no GitHub API call recognised here sends it.")
	default:
		fmt.Fprintf(&b, " is sent by %d call(s) here; breaking changes up to %s:\n", len(governed), target)
	}
	for i, r := range governed {
		if i == maxHoverCalls {
			fmt.Fprintf(&b, "- … and %d more (`ghpat-ls breaking-changes` lists them)\n", len(governed)-i)
			break
		}
		fmt.Fprintf(&b, "- line %d `%s %s`: %s\n", lines.line(r.Call.Range.Start)+1, r.Call.Method, r.Call.Path, hoverChanges(r, lines))
	}
	fmt.Fprintf(&b, "\n[GitHub's breaking changes](%s)", apiversions.PageURL)
	return b.String(), pin.at, true
}

func hoverChanges(r CallReview, lines lineIndex) string {
	if len(r.Changes) == 0 {
		return "none"
	}
	var parts []string
	for _, c := range r.Changes {
		var at []string
		for _, u := range r.Uses {
			if u.Change == c {
				at = append(at, fmt.Sprintf("line %d %s", lines.line(u.Range.Start)+1, u.What))
			}
		}
		state := ""
		if r.InEffect(c) {
			state = " (in effect)"
		}
		if len(at) > 0 {
			parts = append(parts, fmt.Sprintf("**%s**%s: %s", c.ID, state, strings.Join(at, ", ")))
		} else {
			parts = append(parts, c.ID+state)
		}
	}
	return strings.Join(parts, "; ")
}
