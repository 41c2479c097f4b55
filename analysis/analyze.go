package analysis

import "sort"

// Analyze runs every enabled rule over text and returns the findings sorted
// by position. path and languageID only select the syntax (either may be
// empty); nothing is read from disk. Lines carrying an inline suppression
// (gitleaks:allow or ghpat-ls:allow) produce no findings.
// A caller that reads the text's API calls too analyses a Text instead
// (NewText, Text.Analyze): the two share one search.
func Analyze(path, languageID string, text []byte, cfg *Config) []Finding {
	return NewText(path, languageID, text).Analyze(cfg)
}

func analyze(t *Text, cfg *Config) []Finding {
	if cfg == nil {
		cfg = &Config{}
	}
	lang, text := t.lang, t.bytes
	var out []Finding
	out = append(out, findTokens(lang, text, cfg)...)
	calls := textCallsOf(t, cfg)
	if anyEnabled(cfg, HeaderRuleIDs) {
		out = append(out, findHeaderIssues(lang, text, cfg, calls)...)
	}
	if anyEnabled(cfg, APIChangeRuleIDs) {
		out = append(out, findBreakingChanges(lang, text, cfg, calls)...)
	}
	if lang == LangWorkflow && anyEnabled(cfg, WorkflowRuleIDs) {
		out = append(out, findWorkflowIssues(text, cfg)...)
	}
	// In order of position first: dropSuppressed then reads each line
	// once (the stable sort leaves the same order as sorting after).
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start < out[j].Range.Start })
	out = dropSuppressed(text, out)
	kept := out[:0]
	for _, f := range out {
		if cfg.enabled(f.RuleID) {
			f.Severity = cfg.severity(f.RuleID, f.Severity)
			kept = append(kept, f)
		}
	}
	return kept
}

// HeaderRuleIDs are the advice rules about Authorization and API-version
// headers (as opposed to the leak rules that find tokens).
var HeaderRuleIDs = RuleIDs(KindHeader)

// WorkflowRuleIDs are the GitHub Actions permission rules.
var WorkflowRuleIDs = RuleIDs(KindWorkflow)

// AdviceRuleIDs are the rules about how code uses a token rather than
// leaks: scan reports them with --all-rules only.
var AdviceRuleIDs = RuleIDs(KindHeader, KindAPIChange, KindWorkflow)

// TokenRuleIDs are the rules that find hard-coded tokens.
var TokenRuleIDs = RuleIDs(KindToken)

func anyEnabled(cfg *Config, ids []string) bool {
	for _, id := range ids {
		if cfg.enabled(id) {
			return true
		}
	}
	return false
}

// textCalls are the API calls of the text one Analyze reads (the Text's,
// found once), reviewed against the target version on first use and
// shared by the rules that read them (the unpinned rule's pin fix, the
// breaking-change rule): each of them once ran FindAPICalls over the
// whole text again.
type textCalls struct {
	text    *Text
	target  string
	hosts   []string
	reviews []CallReview
	done    bool
}

func textCallsOf(t *Text, cfg *Config) *textCalls {
	return &textCalls{text: t, target: cfg.apiVersion(), hosts: cfg.enterpriseHosts()}
}

// reviewed is ReviewCalls of the text, computed once.
func (c *textCalls) reviewed() []CallReview {
	if !c.done {
		c.done = true
		c.reviews = reviewCalls(c.text.lang, c.text.bytes, c.target, c.text.APICalls(c.hosts))
	}
	return c.reviews
}
