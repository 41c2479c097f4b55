package analysis

import (
	"fmt"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
)

// RuleBreakingChange: code that depends on a breaking change of the REST
// API version its call gets (warning) or of a version between that one and
// the target (information).
const RuleBreakingChange = "github-api-breaking-change"

// KindAPIChange rules check code against the breaking changes of GitHub's
// REST API versions.
const KindAPIChange RuleKind = "api-change"

// APIChangeRuleIDs are the rules about REST API breaking changes.
var APIChangeRuleIDs = RuleIDs(KindAPIChange)

// findBreakingChanges reports each place tied to an API call that depends
// on a breaking change up to the configured target version.
func findBreakingChanges(lang Lang, text []byte, cfg *Config) []Finding {
	var out []Finding
	target := cfg.apiVersion()
	for _, r := range ReviewCalls(lang, text, target) {
		for _, u := range r.Uses {
			out = append(out, BreakingFinding(r, u, target))
		}
	}
	return out
}

// BreakingFinding is the diagnostic for one use: a warning when the call's
// own version already has the change, information when the change lies
// between that version and target.
func BreakingFinding(r CallReview, u BreakingUse, target string) Finding {
	sev, when := SeverityInformation, fmt.Sprintf("works with %s today and breaks on the move to %s", r.Version, target)
	if r.InEffect(u.Change) {
		sev, when = SeverityWarning, fmt.Sprintf("this call already gets %s (%s), so it breaks now", r.Version, r.Source)
	}
	msg := fmt.Sprintf("%s %s: %s %s (%s). The code %s; %s.", u.Change.Version, changeVerb(u.Change.Kind),
		r.Call.Method, r.Call.Path, u.What, u.Change.Title, when)
	if u.Replacement != "" {
		msg = fmt.Sprintf("%s %s: %s %s, %s instead. The code %s; %s.", u.Change.Version, changeVerb(u.Change.Kind),
			r.Call.Method, r.Call.Path, replacementHint(u), u.What, when)
	}
	return Finding{RuleID: RuleBreakingChange, Range: u.Range, Severity: sev, Message: msg + " " + u.Change.URL()}
}

func changeVerb(k apiversions.Kind) string {
	switch k {
	case apiversions.RemovedOperation:
		return "removes"
	case apiversions.ChangedStatusCode:
		return "changes the status of"
	default:
		return "changes"
	}
}

// replacementHint: "use assignees", "expect 200".
func replacementHint(u BreakingUse) string {
	if u.Change.OldStatus != 0 && u.Replacement == itoa(u.Change.NewStatus) {
		return "expect " + u.Replacement
	}
	return "use " + u.Replacement
}
