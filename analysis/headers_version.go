package analysis

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// findUnknownVersions reports X-GitHub-Api-Version values GitHub does not
// publish: it answers 400 for an unknown version and 410 Gone for one past
// its support window.
func findUnknownVersions(lang Lang, tl *textLines, cfg *Config) []Finding {
	text := tl.text
	var out []Finding
	for _, at := range versionHeader.indexAll(text) {
		if inLineComment(lang, tl, at) {
			continue
		}
		v, ok := parseHeaderValue(lang, tl, at, at+len(versionHeader.lower))
		if !ok || v.more {
			continue
		}
		s := skipBlanks(text, v.start, v.end)
		e := skipBlanksBack(text, s, v.end)
		if e-s >= 2 && isQuote(text[s]) && text[e-1] == text[s] {
			s, e = s+1, e-1 // a quoted value inside a code span: `X-GitHub-Api-Version: "v"`
		}
		val := text[s:e]
		if len(val) == 0 || bytes.ContainsAny(val, "${}%#()<>") {
			continue // a variable or a template, not a literal version
		}
		known := knownVersions(cfg)
		if slices.Contains(known, string(val)) {
			continue
		}
		// A version is 10 characters; anything much longer may be a pasted
		// secret, and messages never show one whole.
		shown := string(val)
		if len(shown) > 24 {
			shown = ghtoken.Redact(shown)
		}
		f := Finding{
			RuleID:   RuleUnknownVersion,
			Range:    Range{s, e},
			Severity: DefaultSeverity(RuleUnknownVersion),
			Message:  fmt.Sprintf("%s %q is not a version GitHub publishes (known: %s).", ghhost.APIVersionHeader, shown, strings.Join(known, ", ")),
		}
		// The closest version first: it is the preferred fix.
		pref := closestVersion(known, string(val))
		order := append([]string{pref}, slices.DeleteFunc(slices.Clone(known), func(k string) bool { return k == pref })...)
		for _, k := range order {
			f.Fixes = append(f.Fixes, Fix{
				Title:     "Use " + ghhost.APIVersionHeader + " " + k,
				Edits:     []Edit{{Range: Range{s, e}, NewText: k}},
				Preferred: k == pref,
			})
		}
		out = append(out, f)
	}
	return out
}

// knownVersions is ghhost.KnownAPIVersions() plus the configured version, sorted.
func knownVersions(cfg *Config) []string {
	known := ghhost.KnownAPIVersions()
	if cfg != nil && cfg.APIVersion != "" && !slices.Contains(known, cfg.APIVersion) {
		known = append(known, cfg.APIVersion)
	}
	slices.Sort(known)
	return known
}

// closestVersion is the newest known version not after v (the one the
// author most likely meant), else the oldest; the default for non-dates.
func closestVersion(known []string, v string) string {
	if v == "" || v[0] < '0' || v[0] > '9' {
		return ghhost.DefaultAPIVersion // "v3", "latest": not a date at all
	}
	best := known[0]
	for _, k := range known {
		if k <= v {
			best = k
		}
	}
	return best
}
