package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// TestAPICallsAgreeAcrossCommands: scan --all-rules, permissions,
// breaking-changes and the language server name the same lines (and scan
// and the server the same UTF-16 columns) as GitHub API calls, for
// github.com, the configured Enterprise host and another host's /api/v3
// (GitHub to none of them: issue 20, permissions used to count it), with
// \n, \r and \r\n line ends.
func TestAPICallsAgreeAcrossCommands(t *testing.T) {
	lines := []string{
		"# github.com, the configured Enterprise host, another host",
		`x="é"; curl -X POST https://api.github.com/repos/o/r/issues`,
		"curl -X POST https://ghe.example.com/api/v3/repos/o/r/issues",
		"curl -X POST https://other.example.com/api/v3/repos/o/r/issues",
		"curl https://ghe.example.com/api/v3/user",
	}
	ends := map[string]string{"lf.sh": "\n", "cr.sh": "\r", "crlf.sh": "\r\n"}
	dir := t.TempDir()
	for name, nl := range ends {
		text := ""
		for _, l := range lines {
			text += l + nl
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 1-based line:column (UTF-16) of each call's URL; "é" is one unit.
	github := []string{"2:21"}
	configured := []string{"2:21", "3:14", "5:6"}
	for _, c := range []struct {
		host string
		want []string
	}{{"", github}, {"ghe.example.com", configured}} {
		var flag []string
		if c.host != "" {
			flag = []string{"--enterprise-host", c.host}
		}
		wantLines := map[string][]string{}
		for name := range ends {
			for _, at := range c.want {
				wantLines[name] = append(wantLines[name], at[:1])
			}
		}

		scanAt := map[string][]string{}
		out := scRun(t, os.Environ(), dir, testbin.Path(t), append([]string{"scan", "--all-rules", "--format", "json", "--fail-on", "none"}, append(flag, ".")...)...)
		var rep struct {
			Findings []struct {
				File         string
				Line, Column int
				RuleID       string
			}
		}
		if err := json.Unmarshal([]byte(out.stdout), &rep); err != nil || out.code != 0 {
			t.Fatalf("scan %v: exit %d, %v: %s%s", flag, out.code, err, out.stdout, out.stderr)
		}
		for _, f := range rep.Findings {
			if f.RuleID == analysis.RuleUnpinnedVersion {
				scanAt[f.File] = append(scanAt[f.File], fmt.Sprintf("%d:%d", f.Line, f.Column))
			}
		}

		permLines := map[string][]string{}
		for _, call := range permissionsJSON(t, dir, flag...).Calls {
			permLines[call.File] = append(permLines[call.File], fmt.Sprint(call.Line))
		}

		bcLines := map[string][]string{}
		res := scRun(t, os.Environ(), dir, testbin.Path(t), append([]string{"breaking-changes", "--format", "json"}, flag...)...)
		var bc struct {
			Calls []struct {
				File string
				Line int
			}
		}
		if err := json.Unmarshal([]byte(res.stdout), &bc); err != nil || res.code == 2 {
			t.Fatalf("breaking-changes %v: exit %d, %v: %s%s", flag, res.code, err, res.stdout, res.stderr)
		}
		for _, call := range bc.Calls {
			bcLines[call.File] = append(bcLines[call.File], fmt.Sprint(call.Line))
		}

		lspAt := lspUnpinnedAt(t, dir, c.host, ends)
		for name := range ends {
			for what, got := range map[string][]string{"scan": scanAt[name], "server": lspAt[name]} {
				if !slices.Equal(got, c.want) {
					t.Errorf("%v %s: %s puts calls at %v, want %v", flag, name, what, got, c.want)
				}
			}
			for what, got := range map[string][]string{"permissions": permLines[name], "breaking-changes": bcLines[name]} {
				if !slices.Equal(got, wantLines[name]) {
					t.Errorf("%v %s: %s puts calls on lines %v, want %v", flag, name, what, got, wantLines[name])
				}
			}
		}
	}
}

// lspUnpinnedAt opens each file in the real server (ghpat.enterpriseHost
// set to host) and lists where github-api-version-unpinned is, as 1-based
// line:column.
func lspUnpinnedAt(t *testing.T, dir, host string, files map[string]string) map[string][]string {
	t.Helper()
	c := liveStartServer(t, liveEnv())
	opts := map[string]any{}
	if host != "" {
		opts["ghpat"] = map[string]any{"enterpriseHost": host}
	}
	liveCall(c, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}, "initializationOptions": opts})
	c.Notify("initialized", map[string]any{})
	at := map[string][]string{}
	for name := range files {
		text, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		uri := "file://" + filepath.ToSlash(filepath.Join(dir, name))
		c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": uri, "languageId": "shellscript", "version": 1, "text": string(text),
		}})
		pub := liveWaitDiagnostics(t, c, uri, func(*lsptest.PublishedDiagnostics) bool { return true })
		for _, d := range pub.Diagnostics {
			if d.Code == analysis.RuleUnpinnedVersion {
				at[name] = append(at[name], fmt.Sprintf("%d:%d", d.Range.Start.Line+1, d.Range.Start.Character+1))
			}
		}
	}
	return at
}

// TestEnterpriseHostFlagRefusesABadHost: the three commands read
// --enterprise-host the one way; a host that is not one is a usage error
// naming the flag.
func TestEnterpriseHostFlagRefusesABadHost(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"scan", "permissions", "breaking-changes"} {
		res := scRun(t, os.Environ(), dir, testbin.Path(t), cmd, "--enterprise-host", "a b", ".")
		if res.code != 2 || !strings.Contains(res.stderr, "--enterprise-host") {
			t.Errorf("%s: exit %d, %s", cmd, res.code, res.stderr)
		}
	}
}
