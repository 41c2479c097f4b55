package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// The unpinned rule's "pin the target version" fix is honest: it is
// offered as safe only when no line of the code depends on a change up to
// the target; otherwise the fix keeps 2022-11-28 and names what to change
// first.

// pinReviews reviews a text's calls once, on the first unpinned request.
type pinReviews struct {
	calls   *textCalls // the Analyze's calls, shared with the breaking-change rule
	target  string
	text    []byte
	reviews []CallReview
	lines   lineIndex
	done    bool
}

func newPinReviews(calls *textCalls) *pinReviews {
	return &pinReviews{calls: calls, target: calls.target, text: calls.text.bytes}
}

// at is the review of the call written at url.
func (p *pinReviews) at(url Range) (CallReview, bool) {
	if !p.done {
		p.done = true
		p.reviews = p.calls.reviewed()
		p.lines = newLineIndex(p.text)
	}
	k := sort.Search(len(p.reviews), func(i int) bool { return p.reviews[i].Call.Range.End > url.Start })
	if k < len(p.reviews) && p.reviews[k].Call.Range.Start < url.End {
		return p.reviews[k], true
	}
	return CallReview{}, false
}

// pinTitles are the reasons written in the two pin fixes' titles, and
// whether the target version is offered at all.
func (p *pinReviews) pinTitles(url Range) (keepWhy, targetWhy string, offerTarget bool) {
	keepWhy, targetWhy = "keeps today's behaviour", "review the breaking changes"
	if !apiversions.Known(p.target) {
		return keepWhy, targetWhy, true // a version this table does not know: its changes are not known
	}
	r, ok := p.at(url)
	if !ok {
		return keepWhy, targetWhy, true
	}
	var blocking []string
	for _, u := range r.Uses {
		if u.Change.Version > ghhost.DefaultAPIVersion {
			blocking = append(blocking, fmt.Sprintf("%s, line %d", u.What, p.lines.line(u.Range.Start)+1))
		}
	}
	switch {
	case len(blocking) > 0:
		if len(blocking) > 2 {
			blocking = append(blocking[:2], fmt.Sprintf("%d more", len(blocking)-2))
		}
		return keepWhy + "; before " + p.target + " change: " + strings.Join(blocking, "; "), "", false
	case len(r.Changes) > 0:
		return keepWhy, fmt.Sprintf("no line here depends on its %d changes to this route; review them", len(r.Changes)), true
	}
	return keepWhy, "no breaking change touches this call", true
}
