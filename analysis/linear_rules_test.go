package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
)

// TestWorkflowEnvScopes: a step's or job's env overrides the names it
// sets over what it inherits, at any depth, without copying the scope.
func TestWorkflowEnvScopes(t *testing.T) {
	head := "on: push\nenv:\n  GH_TOKEN: ${{ github.token }}\njobs:\n  a:\n    runs-on: x\n"
	for _, c := range []struct {
		name, job string
		calls     bool // the job's gh call is made with the token
	}{
		{"inherited from the workflow", "    steps:\n      - run: gh issue create -t x\n", true},
		{"the job overrides it", "    env:\n      GH_TOKEN: ${{ secrets.OTHER }}\n    steps:\n      - run: gh issue create -t x\n", false},
		{"the step overrides it", "    steps:\n      - env:\n          GH_TOKEN: x\n        run: gh issue create -t x\n", false},
		{"the job removes it, the step sets it back",
			"    env:\n      GH_TOKEN: x\n    steps:\n      - env:\n          T: ${{ secrets.GITHUB_TOKEN }}\n        run: gh issue create -t x\n", true},
		{"a duplicate name: the last one counts",
			"    env:\n      GH_TOKEN: x\n      GH_TOKEN: ${{ github.token }}\n    steps:\n      - run: gh issue create -t x\n", true},
	} {
		wf, ok := parseWorkflow([]byte(head+c.job), nil)
		if !ok || len(wf.jobs) != 1 {
			t.Fatalf("%s: not parsed", c.name)
		}
		if got := wf.jobs[0].calls > 0; got != c.calls {
			t.Errorf("%s: calls with the token %v, want %v", c.name, got, c.calls)
		}
	}
}

// TestLinearShapesFindings: the pathological shapes, at a size that took
// seconds before they were made linear, give the findings their content
// calls for (the regression tests through the binary check the biggest).
func TestLinearShapesFindings(t *testing.T) {
	count := func(calls []APICall, method, path string) int {
		n := 0
		for _, c := range calls {
			if c.Method == method && c.Path == path {
				n++
			}
		}
		return n
	}
	const n = 300
	urls := FindAPICalls(LangJavaScript, shapes.MinifiedURLs(n), nil)
	if p := count(urls, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"); p != n || len(urls) != 2*n {
		t.Errorf("minified line: %d calls, %d comment POSTs, want %d and %d", len(urls), p, 2*n, n)
	}
	gh := FindAPICalls(LangShell, shapes.GhLine(n), nil)
	if c, d := count(gh, "POST", "/repos/{owner}/{repo}/issues"), count(gh, "DELETE", "/repos/{owner}/{repo}/labels/{name}"); c != n || d != n {
		t.Errorf("gh line: %d issue creations and %d label deletions, want %d each", c, d, n)
	}
	// One logical line of 2n commands: each URL's method is its own
	// command's.
	for _, sh := range []struct {
		name string
		lang Lang
		text []byte
	}{{"curl line", LangShell, shapes.CurlLine(n)}, {"JSON scripts line", LangJSON, shapes.JSONScriptsLine(n)}} {
		calls := FindAPICalls(sh.lang, sh.text, nil)
		if p, g := count(calls, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"), count(calls, "GET", "/repos/{owner}/{repo}/pulls/{pull_number}"); p != n || g != n || len(calls) != 2*n {
			t.Errorf("%s: %d calls, %d comment POSTs, %d pull GETs, want %d, %d, %d", sh.name, len(calls), p, g, 2*n, n, n)
		}
	}
	// One command of n continued lines: every URL is a curl POST.
	cont := FindAPICalls(LangShell, shapes.ContinuedLines(n), nil)
	if p := count(cont, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"); p != n || len(cont) != n {
		t.Errorf("continued lines: %d calls, %d comment POSTs, want %d each", len(cont), p, n)
	}
	for _, name := range []string{"tokens-line-go", "tokens-line-rust", "tokens-line-docker"} {
		sh, _ := shapes.ByName(name)
		text := sh.Gen(n)
		valid, hints := 0, 0
		for _, f := range Analyze(sh.File, "", text, nil) {
			switch {
			case f.Token != nil && f.Token.ChecksumValid:
				valid++
			case f.Token != nil:
				hints++
			}
		}
		if valid != n-n/4 || hints != n/4 {
			t.Errorf("%s: %d valid tokens and %d placeholders, want %d and %d", name, valid, hints, n-n/4, n/4)
		}
	}
	refs := EnvRefs("env.sh", "", shapes.EnvRefLine(n), nil)
	if len(refs) != 2*n || !strings.HasPrefix(string(shapes.EnvRefLine(n)[refs[1].Range.Start:refs[1].Range.End]), "${GH_TOKEN") {
		t.Errorf("env line: %d references, want %d", len(refs), 2*n)
	}
}

// TestContinuedCommandIsOneCommand: a curl command continued over more
// lines than any window (the method flag 200 lines above the URL) is read
// whole, as the shell reads it; the line after its last continuation is
// another command.
func TestContinuedCommandIsOneCommand(t *testing.T) {
	text := "curl -X DELETE \\\n" + strings.Repeat("  -H 'X-Trace: 1' \\\n", 200) +
		"  https://api.github.com/repos/o/r/labels/bug\n" +
		"echo https://api.github.com/repos/o/r/issues\n"
	calls := FindAPICalls(LangShell, []byte(text), nil)
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2: %+v", len(calls), calls)
	}
	if calls[0].Method != "DELETE" || !strings.Contains(calls[0].How, "curl -X") {
		t.Errorf("the continued command's call: %s (%s), want DELETE from curl -X", calls[0].Method, calls[0].How)
	}
	if calls[1].Method != "GET" || strings.Contains(calls[1].How, "curl") {
		t.Errorf("the next line's URL: %s (%s), want GET, not from curl", calls[1].Method, calls[1].How)
	}
}
