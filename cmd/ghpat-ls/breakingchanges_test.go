package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// bcJSON is the documented JSON shape of breaking-changes.
type bcJSON struct {
	Target string `json:"target"`
	Calls  []struct {
		File          string `json:"file"`
		Line          int    `json:"line"`
		Method        string `json:"method"`
		Path          string `json:"path"`
		Version       string `json:"version"`
		VersionSource string `json:"versionSource"`
		Changes       []struct {
			ID       string `json:"id"`
			InEffect bool   `json:"inEffect"`
		} `json:"changes"`
		Uses []struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Change   string `json:"change"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		} `json:"uses"`
		NeedsChange bool `json:"needsChange"`
	} `json:"calls"`
	Summary struct {
		Calls       int `json:"calls"`
		NeedChanges int `json:"needChanges"`
		Touched     int `json:"touched"`
	} `json:"summary"`
	Source string `json:"source"`
}

func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(testbin.Path(t), args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

var wantMark = regexp.MustCompile(`want: ([a-z0-9-]+) (warning|information)`)

// wantedUses reads the fixtures' "want: ID severity" marks: every other
// line (the decoys: the same names off local objects and other services,
// unaffected routes, plural assignees) must stay silent.
func wantedUses(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := wantMark.FindStringSubmatch(line); m != nil {
				sev := map[string]string{"warning": "warning", "information": "info"}[m[2]]
				want = append(want, e.Name()+":"+itoaTest(i+1)+" "+m[1]+" "+sev)
			}
		}
	}
	sort.Strings(want)
	return want
}

func itoaTest(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestBreakingChangesReport runs the real binary over fixtures in Python,
// JavaScript, Go, Ruby and shell: exactly the marked lines are reported,
// with the severity their call's version gives, and the exit code says
// that something must change.
func TestBreakingChangesReport(t *testing.T) {
	dir, _ := filepath.Abs("../../testdata/breaking")
	code, out, stderr := runIn(t, dir, "breaking-changes", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	var rep bcJSON
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	versions := map[string]string{}
	for _, c := range rep.Calls {
		versions[c.File+":"+itoaTest(c.Line)] = c.Version + " " + c.VersionSource
		for _, u := range c.Uses {
			got = append(got, u.File+":"+itoaTest(u.Line)+" "+u.Change+" "+u.Severity)
			if !strings.Contains(u.Message, "https://docs.github.com/rest/about-the-rest-api/breaking-changes") {
				t.Errorf("%s: message does not link GitHub's page: %s", u.File, u.Message)
			}
		}
	}
	sort.Strings(got)
	if want := wantedUses(t, dir); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("uses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for call, want := range map[string]string{
		"pulls.py:9":   "2026-03-10 request", // the header dict next to the call
		"pulls.py:17":  "2022-11-28 unpinned",
		"issues.js:7":  "2022-11-28 unpinned",
		"issues.js:30": "2026-03-10 request",
		"release.sh:3": "2026-03-10 request",
		"release.sh:4": "2022-11-28 unpinned",
	} {
		if versions[call] != want {
			t.Errorf("%s gets %q, want %q", call, versions[call], want)
		}
	}
	if rep.Target != "2026-03-10" || rep.Summary.Calls != len(rep.Calls) || rep.Summary.NeedChanges == 0 || !strings.Contains(rep.Source, "CC-BY-4.0") {
		t.Errorf("report: target %s, summary %+v, source %q", rep.Target, rep.Summary, rep.Source)
	}

	code, out, _ = runIn(t, dir, "breaking-changes")
	summary := regexp.MustCompile(`(?m)^(\d+) of (\d+) calls need changes before 2026-03-10`)
	if code != 1 || !summary.MatchString(out) || !strings.Contains(out, "reads merge_commit_sha (use") && !strings.Contains(out, "reads merge_commit_sha") {
		t.Errorf("text report, exit %d:\n%s", code, out)
	}
	// Staying on 2022-11-28 leaves only what the calls pinned to
	// 2026-03-10 already break.
	code, out, _ = runIn(t, dir, "breaking-changes", "--to", "2022-11-28")
	if code != 1 || !strings.Contains(out, "3 of ") || strings.Contains(out, "info:") {
		t.Errorf("--to 2022-11-28: exit %d, want 1 with the 3 warnings only:\n%s", code, out)
	}
	code, out, _ = runIn(t, dir, "breaking-changes", "--format", "markdown", "issues.js")
	if code != 1 || !strings.Contains(out, "| `issues.js:7` |") {
		t.Errorf("markdown, exit %d:\n%s", code, out)
	}
	code, out, _ = runIn(t, dir, "breaking-changes", "--format", "sarif", "pulls.py")
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || code != 1 || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 2 ||
		sarif.Runs[0].Results[0].RuleID != "github-api-breaking-change" {
		t.Errorf("sarif, exit %d, err %v: %s", code, err, out)
	}
}

// TestBreakingChangesReady: code whose calls touch no change exits 0.
func TestBreakingChangesReady(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok.py"), []byte("import requests\nr = requests.get(\"https://api.github.com/repos/o/r/releases/latest\")\nprint(r.json()[\"assignee\"])\n"), 0o644)
	code, out, _ := runIn(t, dir, "breaking-changes")
	if code != 0 || !strings.Contains(out, "0 of 1 calls need changes before 2026-03-10.") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestBreakingChangesUsage: --help on stdout with exit 0; a bad flag, an
// unknown version or format exit 2; an unreadable path exits 2 naming it.
func TestBreakingChangesUsage(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := runIn(t, dir, "breaking-changes", "--help")
	if code != 0 || !strings.HasPrefix(out, "Usage: ghpat-ls breaking-changes") || !strings.Contains(out, "--to") {
		t.Errorf("--help: exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{{"--to", "2025-01-01"}, {"--format", "xml"}, {"--nope"}} {
		if code, _, stderr := runIn(t, dir, append([]string{"breaking-changes"}, args...)...); code != 2 || !strings.Contains(stderr, "breaking-changes --help") {
			t.Errorf("%v: exit %d, stderr %s", args, code, stderr)
		}
	}
	if code, _, stderr := runIn(t, dir, "breaking-changes", "missing.js"); code != 2 || !strings.Contains(stderr, "missing.js") {
		t.Errorf("missing path: exit %d, stderr %s", code, stderr)
	}
}

// TestScanAllRulesReportsBreakingChanges: scan --all-rules reports the same
// places under the rule id; a plain scan (leaks only) does not.
func TestScanAllRulesReportsBreakingChanges(t *testing.T) {
	dir, _ := filepath.Abs("../../testdata/breaking")
	code, out, stderr := runIn(t, dir, "scan", "--all-rules", "--format", "json", ".")
	var rep struct {
		Findings []struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, stderr)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.RuleID == "github-api-breaking-change" {
			got = append(got, f.File+":"+itoaTest(f.Line))
		}
	}
	var want []string
	for _, w := range wantedUses(t, dir) {
		want = append(want, strings.Fields(w)[0])
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("scan --all-rules: %v, want %v", got, want)
	}
	if code, out, _ := runIn(t, dir, "scan", "--format", "json", "."); code != 0 || strings.Contains(out, "github-api-breaking-change") {
		t.Errorf("plain scan: exit %d\n%s", code, out)
	}
}
