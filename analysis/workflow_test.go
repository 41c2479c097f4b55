package analysis

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestWorkflowFixKeepsLineEndings: a CRLF workflow gets CRLF lines, and
// the fixed text parses with the block in place.
func TestWorkflowFixKeepsLineEndings(t *testing.T) {
	b, err := os.ReadFile("../testdata/workflows/script-labels.yml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "\n", "\r\n")
	fs := Analyze(".github/workflows/a.yml", "yaml", []byte(text), nil)
	var fix *Fix
	for _, f := range fs {
		if f.RuleID == RuleWorkflowPermsMissing && len(f.Fixes) == 1 {
			fix = &f.Fixes[0]
		}
	}
	if fix == nil {
		t.Fatalf("no fix: %+v", fs)
	}
	fixed := string(applyFix(t, []byte(text), *fix))
	if strings.Count(fixed, "\n") != strings.Count(fixed, "\r\n") {
		t.Errorf("a bare \\n in the fixed text:\n%q", fixed)
	}
	var wf struct {
		Jobs map[string]struct{ Permissions map[string]string }
	}
	if err := yaml.Unmarshal([]byte(fixed), &wf); err != nil || wf.Jobs["label"].Permissions["issues"] != "write" {
		t.Errorf("fixed: %v %+v\n%s", err, wf, fixed)
	}
}

// TestWorkflowOddInputs: shapes the rules must survive without a claim
// they cannot back: a fix is offered only where its result parses.
func TestWorkflowOddInputs(t *testing.T) {
	script := "steps: [{uses: actions/github-script@v7, with: {script: 'github.rest.issues.addLabels({})'}}]"
	for _, text := range []string{
		"", "jobs", "jobs: [1, 2]", "jobs:\n  a: 1\n", ":\n\t- x",
		"jobs: {a: {runs-on: x, " + script + "}}\n",
		"x: &a [*a]\njobs:\n  a: *a\n",
		"permissions: 'write-all'\njobs:\n  a:\n    runs-on: x\n    " + script + "\n",
		"permissions: ${{ fromJSON(x) }}\njobs:\n  a:\n    runs-on: x\n    " + script + "\n",
		"jobs:\n  \"é b\":\n    runs-on: x\n    " + script + "\n",
		strings.Repeat("[", 5000),
	} {
		for _, f := range Analyze(".github/workflows/a.yml", "", []byte(text), nil) {
			if f.Range.Start < 0 || f.Range.End > len(text) || f.Range.Start > f.Range.End {
				t.Errorf("%q: range %+v", text, f.Range)
			}
			for _, fix := range f.Fixes {
				var n yaml.Node
				if err := yaml.Unmarshal(applyFix(t, []byte(text), fix), &n); err != nil {
					t.Errorf("%q: the fix does not parse: %v", text, err)
				}
			}
		}
	}
}
