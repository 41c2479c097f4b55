package analysis

import (
	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// A call's review against a target REST API version: the breaking changes
// that touch its route, and the places in the code that depend on them.
// Precision over recall: a place counts only when it is tied to this
// call's request or response (see breaking_uses.go).

// BreakingUse is a place in the code that depends on a breaking change.
type BreakingUse struct {
	Change *apiversions.Change
	Range  Range
	// What is what the code does there: "reads merge_commit_sha".
	What string
	// Replacement is what GitHub names instead ("" when none).
	Replacement string
}

// CallReview is one call, the version it gets, the changes up to the
// target that touch its route, and the places that depend on them.
type CallReview struct {
	CallVersion
	Changes []*apiversions.Change
	Uses    []BreakingUse
}

// InEffect reports whether the call's own version already has change c.
func (r CallReview) InEffect(c *apiversions.Change) bool { return c.Version <= r.Version }

// NeedsChange reports whether the code must change before it moves to the
// target: a place depends on a change, or the call's operation is gone.
func (r CallReview) NeedsChange() bool { return len(r.Uses) > 0 }

// ReviewCalls reviews every API call in text against target (a version
// date; empty: ghhost.LatestAPIVersion): the changes up to the target, and those
// the call's own version already has.
func ReviewCalls(lang Lang, text []byte, target string, enterpriseHosts []string) []CallReview {
	return reviewCalls(lang, text, target, FindAPICalls(lang, text, enterpriseHosts))
}

// reviewCalls is ReviewCalls of the calls found in text.
func reviewCalls(lang Lang, text []byte, target string, calls []APICall) []CallReview {
	if target == "" {
		target = ghhost.LatestAPIVersion
	}
	versions := callVersions(lang, text, calls)
	out := make([]CallReview, 0, len(versions))
	var ctx *useContext
	for _, cv := range versions {
		r := CallReview{CallVersion: cv}
		method, path := cv.Call.Method, cv.Call.Path
		if cv.Call.Route != nil {
			method, path = cv.Call.Route.Method, cv.Call.Route.Path
		}
		if !cv.Call.GraphQL {
			for _, c := range apiversions.ForRoute(method, path) {
				if c.Version <= target || c.Version <= cv.Version { // a change the call already gets counts whatever the target
					r.Changes = append(r.Changes, c)
				}
			}
		}
		if len(r.Changes) > 0 {
			if ctx == nil {
				ctx = newUseContext(lang, text)
			}
			r.Uses = ctx.usesOf(cv, r.Changes)
		}
		out = append(out, r)
	}
	return out
}
