package analysis

import (
	"reflect"
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

// TestTextSharesOneCallSearch: a Text's readers (the caller's own list of
// calls, Analyze's rules, a version hover) share one search per list of
// Enterprise hosts, in any order, and get what each gets alone.
func TestTextSharesOneCallSearch(t *testing.T) {
	src := []byte("curl -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/repos/o/r/pulls/1 | jq .merge_commit_sha\n" +
		"curl https://ghe.example.com/api/v3/repos/o/r/issues/1\n")
	pin := strings.Index(string(src), "2022")
	hosts := []string{"ghe.example.com"}
	for _, order := range []string{"calls first", "analysis first"} {
		text := NewText("a.sh", "", src)
		var calls []APICall
		var findings []Finding
		var md string
		n := countFindAPICalls(func() {
			if order == "calls first" {
				calls = text.APICalls(nil)
			}
			findings = text.Analyze(nil)
			md, _, _ = text.VersionHover(pin, "", nil)
			if order != "calls first" {
				calls = text.APICalls(nil)
			}
		})
		if n != 1 || text.Searches() != 1 {
			t.Errorf("%s: FindAPICalls ran %d times, Searches %d, want 1", order, n, text.Searches())
		}
		if want := FindAPICalls(LangShell, src, nil); !reflect.DeepEqual(calls, want) {
			t.Errorf("%s: calls %+v, want %+v", order, calls, want)
		}
		if want := Analyze("a.sh", "", src, nil); !reflect.DeepEqual(findings, want) {
			t.Errorf("%s: findings %+v, want %+v", order, findings, want)
		}
		if want, _, _ := VersionHover("a.sh", "", src, pin, "", nil); md != want || !strings.Contains(md, "merge_commit_sha") {
			t.Errorf("%s: hover %q, want %q", order, md, want)
		}
		// Another list of hosts is another search, and finds their calls.
		if got := text.APICalls(hosts); len(got) != 2 || text.Searches() != 2 {
			t.Errorf("%s: with an Enterprise host: %d calls, %d searches, want 2 and 2", order, len(got), text.Searches())
		}
	}
}
