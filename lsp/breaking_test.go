package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

const breakingJS = `const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
console.log(issue.assignee.login, issue.assignees);
const task = { assignee: "me" };
console.log(task.assignee);
const res = await fetch("https://api.github.com/repos/o/r/pulls/1", { headers: { "X-GitHub-Api-Version": "2026-03-10" } });
const pr = await res.json();
console.log(pr.merge_commit_sha);
`

type breakingDiag struct {
	Line, Character, Severity int
	Message                   string
}

func breakingDiagnostics(t *testing.T, h *harness, uri string) []breakingDiag {
	t.Helper()
	raw, err := h.c.WaitNotification(h.ctx(), "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), uri)
	})
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Diagnostics []struct {
			Code     string `json:"code"`
			Message  string `json:"message"`
			Severity int    `json:"severity"`
			Range    struct {
				Start struct{ Line, Character int } `json:"start"`
			} `json:"range"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	var out []breakingDiag
	for _, d := range p.Diagnostics {
		if d.Code == analysis.RuleBreakingChange {
			out = append(out, breakingDiag{d.Range.Start.Line, d.Range.Start.Character, d.Severity, d.Message})
		}
	}
	return out
}

// TestBreakingChangeDiagnostics: in the editor, a read off the response of
// an unpinned call is information (it breaks on the move to the latest
// version), one off a call pinned to 2026-03-10 a warning; the same name
// off a local object is not reported.
func TestBreakingChangeDiagnostics(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	const uri = "file:///work/breaking.js"
	h.open(uri, "javascript", breakingJS, 1)
	got := breakingDiagnostics(t, h, uri)
	if len(got) != 2 {
		t.Fatalf("%d diagnostics, want 2: %+v", len(got), got)
	}
	if d := got[0]; d.Line != 1 || d.Character != 18 || d.Severity != 3 || !strings.Contains(d.Message, "Use assignees") {
		t.Errorf("assignee: %+v", d)
	}
	if d := got[1]; d.Line != 6 || d.Severity != 2 || !strings.Contains(d.Message, "broken now") {
		t.Errorf("merge_commit_sha: %+v", d)
	}
	h.shutdownExit()
}

// TestBreakingChangeTargetSetting: with apiVersion 2022-11-28 as the
// target, only the change the call already gets is reported.
func TestBreakingChangeTargetSetting(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, map[string]any{"ghpat": map[string]any{"apiVersion": "2022-11-28"}})
	const uri = "file:///work/breaking.js"
	h.open(uri, "javascript", breakingJS, 1)
	got := breakingDiagnostics(t, h, uri)
	if len(got) != 1 || got[0].Line != 6 || got[0].Severity != 2 {
		t.Errorf("got %+v, want the pinned call's warning only", got)
	}
	h.shutdownExit()
}

// TestBreakingChangeQuickFix: the editor offers the mechanical rewrite of
// a removed property's read (assignee.login -> assignees[0].login).
func TestBreakingChangeQuickFix(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	const uri = "file:///work/breaking.js"
	h.open(uri, "javascript", breakingJS, 1)
	breakingDiagnostics(t, h, uri)
	var actions []struct {
		Title string `json:"title"`
		Edit  struct {
			Changes map[string][]struct {
				NewText string `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]any{"line": 1, "character": 20}, "end": map[string]any{"line": 1, "character": 20}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	found := false
	for _, a := range actions {
		if strings.HasPrefix(a.Title, "Read assignees[0] instead of assignee") {
			found = len(a.Edit.Changes[uri]) == 1 && a.Edit.Changes[uri][0].NewText == "assignees[0]"
		}
	}
	if !found {
		t.Errorf("no rewrite of assignee among %+v", actions)
	}
	h.shutdownExit()
}

// TestVersionHoverListsGovernedCalls: the hover on an X-GitHub-Api-Version
// value lists the calls it governs and what changed for each.
func TestVersionHoverListsGovernedCalls(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	const uri = "file:///work/breaking.js"
	h.open(uri, "javascript", breakingJS, 1)
	breakingDiagnostics(t, h, uri)
	col := strings.Index(strings.Split(breakingJS, "\n")[4], "2026-03-10") + 2
	got := h.hoverText(uri, 4, col)
	for _, want := range []string{"X-GitHub-Api-Version 2026-03-10", "1 call(s)", "GET /repos/{owner}/{repo}/pulls/{pull_number}", "**merge-commit-sha** (in effect): line 7 reads merge_commit_sha"} {
		if !strings.Contains(got, want) {
			t.Errorf("hover lacks %q:\n%s", want, got)
		}
	}
	h.shutdownExit()
}
