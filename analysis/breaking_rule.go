package analysis

import (
	"fmt"
	"strings"
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
func findBreakingChanges(lang Lang, text []byte, cfg *Config, calls *textCalls) []Finding {
	var out []Finding
	target := cfg.apiVersion()
	// Two calls can feed one read (a response assigned in both branches of
	// an if): one diagnostic per place and change, the more severe.
	type place struct {
		at     Range
		change string
	}
	seen := map[place]int{}
	for _, r := range calls.reviewed() {
		for _, u := range r.Uses {
			f := BreakingFinding(r, u, target)
			f.Fixes = breakingFixes(lang, text, u)
			key := place{u.Range, u.Change.ID}
			if i, ok := seen[key]; ok {
				if f.Severity == SeverityWarning && out[i].Severity != SeverityWarning {
					out[i] = f
				}
				continue
			}
			seen[key] = len(out)
			out = append(out, f)
		}
	}
	return out
}

// BreakingFinding is the diagnostic for one use: a warning when the call's
// own version already has the change, information when the change lies
// between that version and target. The message: what the code does, the
// change (GitHub's title) and its route, the replacement, when it breaks,
// GitHub's page.
func BreakingFinding(r CallReview, u BreakingUse, target string) Finding {
	sev, when := SeverityInformation, fmt.Sprintf("Works with %s today; breaks on the move to %s.", r.Version, target)
	if r.InEffect(u.Change) {
		sev, when = SeverityWarning, fmt.Sprintf("This call already gets %s (%s): broken now.", r.Version, r.Source)
	}
	what := strings.ToUpper(u.What[:1]) + u.What[1:]
	msg := fmt.Sprintf("%s: REST API %s: %s (%s %s).", what, u.Change.Version, u.Change.Title, r.Call.Method, r.Call.Path)
	if u.Replacement != "" {
		msg += " " + replacementHint(u) + "."
	}
	return Finding{RuleID: RuleBreakingChange, Range: u.Range, Severity: sev, Message: msg + " " + when + " " + u.Change.URL()}
}

// replacementHint: "use assignees", "expect 200".
func replacementHint(u BreakingUse) string {
	if u.Change.OldStatus != 0 && u.Replacement == itoa(u.Change.NewStatus) {
		return "Expect " + u.Replacement
	}
	return "Use " + u.Replacement
}
