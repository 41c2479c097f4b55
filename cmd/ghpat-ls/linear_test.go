package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// Issue 18, linear work: the pathological inputs of internal/shapes, at
// sizes the quadratic analysis needed minutes for (measured on main: see
// docs/performance.md, "Linear work"), through the real binary. The tests
// check the findings are right on them; they assert no time (bench/linear.sh
// measures).

// TestLinearWorkflowScan: a 1.5 MB workflow with 8,000 token env names at
// the workflow and job levels and 8,000 steps (about 2 minutes on main).
// One job without permissions: one finding, naming what it needs.
func TestLinearWorkflowScan(t *testing.T) {
	bin := testbin.Path(t)
	dir := t.TempDir()
	scWrite(t, dir, ".github/workflows/big.yml", string(shapes.WorkflowEnv(8000)))
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
		t.Fatalf("%v: %.500s", err, r.stdout)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("%d findings, want 1: %+v", len(rep.Findings), rep.Findings)
	}
	f := rep.Findings[0]
	// Line 8004: after "name", "on", "env:", 8,000 names and "jobs:" comes the job key.
	if f.RuleID != analysis.RuleWorkflowPermsMissing || f.Line != 8005 || !strings.Contains(f.Message, "issues: write") {
		t.Errorf("got %+v, want %s at line 8005 needing issues: write", f, analysis.RuleWorkflowPermsMissing)
	}
}

// TestLinearMinifiedPermissions: one minified line of 8,000 API calls
// (600 KB; about 4 minutes on main at half the size). Every call is found
// with its method, and the permission is the one they need.
func TestLinearMinifiedPermissions(t *testing.T) {
	const n = 4000
	dir := writeFiles(t, map[string]string{"dist/bundle.js": string(shapes.MinifiedURLs(n))})
	rep := permissionsJSON(t, dir)
	posts, gets := 0, 0
	for _, c := range rep.Calls {
		switch {
		case c.Method == "POST" && c.Path == "/repos/{owner}/{repo}/issues/{issue_number}/comments" && c.Line == 1:
			posts++
		case c.Method == "GET" && c.Path == "/repos/{owner}/{repo}/issues/{issue_number}" && c.Line == 1:
			gets++
		default:
			t.Fatalf("unexpected call %+v", c)
		}
	}
	if posts != n || gets != n {
		t.Errorf("%d comment POSTs and %d issue GETs, want %d each", posts, gets, n)
	}
	if rep.FineGrained["issues"] != "write" {
		t.Errorf("fine-grained %v, want issues: write", rep.FineGrained)
	}
}

// TestLinearGhLine: one shell line of 8,000 gh commands (about 3 minutes
// on main at this size): every command is its own call.
func TestLinearGhLine(t *testing.T) {
	const n = 4000
	dir := writeFiles(t, map[string]string{"run.sh": string(shapes.GhLine(n))})
	rep := permissionsJSON(t, dir)
	creates, deletes := 0, 0
	for _, c := range rep.Calls {
		switch {
		case c.Method == "POST" && c.Path == "/repos/{owner}/{repo}/issues":
			creates++
		case c.Method == "DELETE" && c.Path == "/repos/{owner}/{repo}/labels/{name}":
			deletes++
		default:
			t.Fatalf("unexpected call %+v", c)
		}
	}
	if creates != n || deletes != n {
		t.Errorf("%d issue creations and %d label deletions, want %d each", creates, deletes, n)
	}
}

// TestLinearTokensLine: one Go line holding 8,000 tokens in a string
// literal (main: 1.8 s of analysis at a quarter of it and growing with
// the square, and as much again in scan's line/column conversion): every
// one is found, checksum-valid ones as errors, and none is printed in full.
func TestLinearTokensLine(t *testing.T) {
	bin := testbin.Path(t)
	const n = 8000
	text := shapes.TokensLineGo(n)
	dir := t.TempDir()
	scWrite(t, dir, "tokens.go", string(text))
	r := scRun(t, os.Environ(), dir, bin, "scan", "--format", "json", ".")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	var rep struct {
		Findings []struct {
			RuleID, Severity string
			Line             int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %.500s", err, r.stdout)
	}
	errs := 0
	for _, f := range rep.Findings {
		if f.Line != 3 || f.RuleID != analysis.RuleClassicPAT {
			t.Fatalf("unexpected finding %+v", f)
		}
		if f.Severity == "error" {
			errs++
		}
	}
	if len(rep.Findings) != n || errs != n-n/4 {
		t.Errorf("%d findings, %d errors; want %d and %d", len(rep.Findings), errs, n, n-n/4)
	}
	// No token in full: the first few are enough to tell.
	for _, tok := range strings.Fields(strings.Trim(string(text[strings.IndexByte(string(text), '"'):]), "\"\n"))[:20] {
		if strings.Contains(r.stdout, tok) || strings.Contains(r.stderr, tok) {
			t.Fatal("a token printed in full")
		}
	}
}
