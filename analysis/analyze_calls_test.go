package analysis

import (
	"strings"
	"testing"
)

// TestAnalyzeFindsCallsOnce: the rules that read a text's API calls (the
// unpinned rule's pin fix, the breaking-change rule) share one
// FindAPICalls per Analyze, and still each see them: the pin fix names
// the line the breaking-change rule reports.
func TestAnalyzeFindsCallsOnce(t *testing.T) {
	src := []byte("ISSUE=$(curl -H \"Authorization: Bearer $T\" https://api.github.com/repos/o/r/issues/1)\necho \"$ISSUE\" | jq .assignee\n")
	var findings []Finding
	n := countFindAPICalls(func() { findings = Analyze("a.sh", "", src, nil) })
	if n != 1 {
		t.Errorf("FindAPICalls ran %d times for one Analyze, want 1", n)
	}
	var pin, breaking bool
	for _, f := range findings {
		switch f.RuleID {
		case RuleUnpinnedVersion:
			for _, fx := range f.Fixes {
				pin = pin || strings.Contains(fx.Title, "reads assignee, line 2")
			}
		case RuleBreakingChange:
			breaking = breaking || strings.Contains(f.Message, "assignee")
		}
	}
	if !pin || !breaking {
		t.Errorf("pin fix names the dependent line: %v; breaking-change finding: %v\n%+v", pin, breaking, findings)
	}
	// A text with no API URL: the rules need no calls, and none are looked for
	// beyond the one shared read.
	if n := countFindAPICalls(func() { Analyze("a.go", "", []byte("package a\n"), nil) }); n > 1 {
		t.Errorf("FindAPICalls ran %d times on a text with no call", n)
	}
}
