package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// wfCase is one workflow of testdata/workflows and what the workflow rules
// say about it: the rule and line of its one diagnostic ("" for none), a
// word of the message, and, when a fix is expected, the permissions the
// fixed file has at block ("" the workflow's, else the job's), read back
// with yaml.v3.
type wfCase struct {
	file, rule string
	line       int // 1-based
	msg        string
	block      string
	want       map[string]string // nil: no fix
}

var wfCases = []wfCase{
	{"script-labels.yml", analysis.RuleWorkflowPermsMissing, 4, "issues: write", "label", map[string]string{"issues": "write"}},
	{"gh-pr-comment.yml", analysis.RuleWorkflowPermsMissing, 3, "contents: read", "comment",
		map[string]string{"contents": "read", "issues": "write"}},
	{"curl.yml", analysis.RuleWorkflowPermsMissing, 5, "issues: write", "greet", map[string]string{"issues": "write"}},
	{"ungrantable.yml", analysis.RuleWorkflowPermsMissing, 3, "cannot have secrets: write", "", nil},
	{"write-all.yml", analysis.RuleWorkflowPermsBroad, 2, "write-all", "",
		map[string]string{"contents": "read", "issues": "write"}},
	{"job-broad.yml", analysis.RuleWorkflowPermsBroad, 6, "job `label`", "label",
		map[string]string{"issues": "write", "id-token": "write"}},
	{"workflow-broad.yml", analysis.RuleWorkflowPermsBroad, 2, "this workflow", "",
		map[string]string{"contents": "read", "issues": "read"}},
	// checkout leaves the token in git's config: git push needs contents: write.
	{"git-push.yml", analysis.RuleWorkflowPermsBroad, 5, "contents: write", "bump", map[string]string{"contents": "write"}},
	{"unknown-action.yml", "", 0, "", "", nil},
	{"unknown-write-all.yml", analysis.RuleWorkflowPermsBroad, 2, "`some/release-action@v2`", "", nil},
	{"no-token.yml", "", 0, "", "", nil},
	// gh run watch is outside the gh table: the block is left alone.
	{"gh-unknown.yml", "", 0, "", "", nil},
}

func wfFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func isWorkflowRule(id string) bool {
	return id == analysis.RuleWorkflowPermsMissing || id == analysis.RuleWorkflowPermsBroad
}

// TestWorkflowPermissionsScan: `scan --all-rules` reports the workflow
// rules in files under .github/workflows/, and a plain scan does not.
func TestWorkflowPermissionsScan(t *testing.T) {
	bin := testbin.Path(t)
	dir := t.TempDir()
	for _, c := range wfCases {
		scWrite(t, dir, ".github/workflows/"+c.file, wfFixture(t, c.file))
	}
	// The same text outside .github/workflows/ is plain YAML.
	scWrite(t, dir, "docs/example.yml", wfFixture(t, "script-labels.yml"))
	r := scRun(t, os.Environ(), dir, bin, "scan", "--all-rules", "--format", "json", ".")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Findings []struct {
			File, RuleID, Message string
			Line                  int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	got := map[string][]string{}
	for _, f := range rep.Findings {
		if !isWorkflowRule(f.RuleID) {
			continue
		}
		got[filepath.Base(f.File)] = append(got[filepath.Base(f.File)], f.RuleID)
		if len([]rune(f.Message)) > 100 {
			t.Errorf("%s: message longer than one short sentence: %q", f.File, f.Message)
		}
		if strings.HasPrefix(filepath.ToSlash(f.File), "docs/") {
			t.Errorf("a workflow rule outside .github/workflows/: %+v", f)
		}
		for _, c := range wfCases {
			if c.file == filepath.Base(f.File) && (f.RuleID != c.rule || f.Line != c.line || !strings.Contains(f.Message, c.msg)) {
				t.Errorf("%s: got %s at line %d %q; want %s at %d with %q", c.file, f.RuleID, f.Line, f.Message, c.rule, c.line, c.msg)
			}
		}
	}
	for _, c := range wfCases {
		if n := len(got[c.file]); (c.rule == "") != (n == 0) || n > 1 {
			t.Errorf("%s: %d workflow findings %v, want rule %q", c.file, n, got[c.file], c.rule)
		}
	}
	r = scRun(t, os.Environ(), dir, bin, "scan", "--format", "json", ".")
	if strings.Contains(r.stdout, "github-actions-permissions") {
		t.Errorf("a scan without --all-rules reported workflow advice:\n%s", r.stdout)
	}
}

// TestWorkflowPermissionsFixLSP: the real server publishes the diagnostic,
// offers the fix as a code action, the fixed text parses as YAML with the
// expected permissions, and the server has nothing left to say about it.
func TestWorkflowPermissionsFixLSP(t *testing.T) {
	cmd := exec.Command(testbin.Path(t), "serve")
	c := lsptest.Spawn(t, cmd, lsptest.AnswerNull)
	var init json.RawMessage
	c.Call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init)
	c.Notify("initialized", map[string]any{})
	root := t.TempDir()
	for _, tc := range wfCases {
		t.Run(tc.file, func(t *testing.T) {
			uri := "file://" + filepath.ToSlash(filepath.Join(root, ".github", "workflows", tc.file))
			text := wfFixture(t, tc.file)
			c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
				"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
			diags := wfDiagnostics(t, c, uri, 1)
			if tc.rule == "" {
				if len(diags) != 0 {
					t.Fatalf("diagnostics %+v, want none", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Code != tc.rule || diags[0].Range.Start.Line != tc.line-1 {
				t.Fatalf("diagnostics %+v, want one %s on line %d", diags, tc.rule, tc.line)
			}
			edits := wfFixEdits(t, c, uri, diags[0])
			if tc.want == nil {
				if edits != nil {
					t.Fatalf("a fix was offered: %+v", edits)
				}
				return
			}
			if edits == nil {
				t.Fatal("no fix offered")
			}
			fixed, err := lsptest.ApplyEdits(text, edits)
			if err != nil {
				t.Fatal(err)
			}
			if got := wfPermissions(t, fixed, tc.block); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("permissions after the fix %v, want %v; text:\n%s", got, tc.want, fixed)
			}
			c.Notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": uri, "version": 2},
				"contentChanges": []any{map[string]any{"text": fixed}}})
			if left := wfDiagnostics(t, c, uri, 2); len(left) != 0 {
				t.Errorf("after the fix: %+v", left)
			}
		})
	}
}

func wfDiagnostics(t *testing.T, c *lsptest.Process, uri string, version int) []lsptest.Diagnostic {
	t.Helper()
	p, err := c.Client.WaitDiagnostics(c.Ctx(), uri, version)
	if err != nil {
		t.Fatalf("no diagnostics for %s: %v", uri, err)
	}
	var out []lsptest.Diagnostic
	for _, d := range p.Diagnostics {
		if isWorkflowRule(d.Code) {
			out = append(out, d)
		}
	}
	return out
}

// wfFixEdits returns the edits of the quick fix for d (nil when none).
func wfFixEdits(t *testing.T, c *lsptest.Process, uri string, d lsptest.Diagnostic) []lsptest.TextEdit {
	t.Helper()
	var actions []struct {
		Title       string
		Diagnostics []lsptest.Diagnostic
		Edit        struct {
			Changes map[string][]lsptest.TextEdit
		}
	}
	c.Call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": d.Range,
		"context": map[string]any{"diagnostics": []any{}}}, &actions)
	var edits []lsptest.TextEdit
	for _, a := range actions {
		if len(a.Diagnostics) == 1 && a.Diagnostics[0].Code == d.Code {
			if edits != nil {
				t.Fatalf("more than one fix: %+v", actions)
			}
			edits = a.Edit.Changes[uri]
		}
	}
	return edits
}

// wfPermissions reads the permissions of the workflow (job "") or a job.
func wfPermissions(t *testing.T, text, job string) map[string]string {
	t.Helper()
	var wf struct {
		Permissions any
		Jobs        map[string]struct{ Permissions any }
	}
	if err := yaml.Unmarshal([]byte(text), &wf); err != nil {
		t.Fatalf("the fixed workflow is not YAML: %v\n%s", err, text)
	}
	p := wf.Permissions
	if job != "" {
		p = wf.Jobs[job].Permissions
	}
	m, ok := p.(map[string]any)
	if !ok {
		t.Fatalf("permissions of %q are %#v, not a mapping", job, p)
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = v.(string)
	}
	return out
}

// TestScanMessagesQuotingTheFileAreScrubbed: a workflow message quotes the
// action the token goes to, text from the file; a token there is shown
// redacted in every format, as every message scan prints is scrubbed.
func TestScanMessagesQuotingTheFileAreScrubbed(t *testing.T) {
	bin := testbin.Path(t)
	dir := t.TempDir()
	g := fixture.NewGuard(t, 0)
	tok := g.Token(ghtoken.ClassicPAT)
	scWrite(t, dir, ".github/workflows/ci.yml", "on: push\npermissions: write-all\njobs:\n  rel:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: "+tok+"/x@v1\n        with:\n          token: ${{ secrets.GITHUB_TOKEN }}\n")
	for _, format := range []string{"text", "json", "sarif"} {
		r := scRun(t, os.Environ(), dir, bin, "scan", "--all-rules", "--format", format, ".")
		if r.code != 1 || !strings.Contains(r.stdout, analysis.RuleWorkflowPermsBroad) {
			t.Fatalf("%s: exit %d, want the token and the broad-permissions finding:\n%s", format, r.code, g.Redact(r.stdout+r.stderr))
		}
		g.CheckString("scan "+format, r.stdout+r.stderr)
	}
}

// TestWorkflowFixTitleRedacted: a job id may be a token's shape
// ([A-Za-z_][A-Za-z0-9_-]*); the quick fix's title names the job, and the
// code action the server sends shows it redacted like every other output.
func TestWorkflowFixTitleRedacted(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 4242)
	text := strings.Replace(wfFixture(t, "script-labels.yml"), "  label:", "  "+tok+":", 1)
	cmd := exec.Command(testbin.Path(t), "serve")
	c := lsptest.Spawn(t, cmd, lsptest.AnswerNull)
	var init json.RawMessage
	c.Call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init)
	c.Notify("initialized", map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), ".github", "workflows", "w.yml"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	diags := wfDiagnostics(t, c, uri, 1)
	if len(diags) != 1 || diags[0].Code != analysis.RuleWorkflowPermsMissing {
		t.Fatalf("diagnostics %+v, want one %s", diags, analysis.RuleWorkflowPermsMissing)
	}
	var raw json.RawMessage
	c.Call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": diags[0].Range,
		"context": map[string]any{"diagnostics": []any{}}}, &raw)
	if !strings.Contains(string(raw), "Add `permissions:` with what job") {
		t.Fatalf("no workflow fix offered: %s", ghtoken.RedactAll(string(raw)))
	}
	if i := strings.Index(string(raw), tok); i >= 0 {
		t.Errorf("a code action shows the job's token in full: %s",
			strings.ReplaceAll(string(raw)[max(0, i-200):i+len(tok)+20], tok, "<TOKEN>"))
	}
}
