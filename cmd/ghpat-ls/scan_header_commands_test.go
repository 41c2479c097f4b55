package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestScanHeaderRulesPerCommand: through the real binary, a header of one
// command never covers another command of the same line. Each file pins
// its first request and leaves the second bare; scan --all-rules reports
// the bare one, at its own URL, and nothing for the pinned one.
func TestScanHeaderRulesPerCommand(t *testing.T) {
	const pinned = `-H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json"`
	const bare = "https://api.github.com/repos/o/r"
	files := map[string]string{
		"a.sh":                    "#!/bin/sh\ncurl " + pinned + " https://api.github.com/user && curl " + bare + "\n",
		"Dockerfile":              "FROM alpine\nRUN curl " + pinned + " https://api.github.com/user; curl " + bare + "\n",
		"README.md":               "# A\n\n```sh\ncurl " + pinned + " https://api.github.com/user | curl " + bare + "\n```\n",
		"package.json":            "{\n  \"scripts\": {\"a\": \"curl " + strings.ReplaceAll(pinned, `"`, `'`) + " https://api.github.com/user\", \"b\": \"curl " + bare + "\"}\n}\n",
		".github/workflows/a.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: curl " + pinned + " https://api.github.com/user || curl " + bare + "\n",
	}
	dir := t.TempDir()
	var want []string
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		at := strings.Index(text, bare)
		line := strings.Count(text[:at], "\n") + 1
		col := at - strings.LastIndexByte(text[:at], '\n')
		for _, rule := range []string{"github-api-version-unpinned", "github-api-accept-missing"} {
			want = append(want, name+":"+strconv.Itoa(line)+":"+strconv.Itoa(col)+"-"+strconv.Itoa(col+len(bare))+" "+rule)
		}
	}
	code, out, stderr := runIn(t, dir, "scan", "--all-rules", "--format", "json", "--fail-on", "none", ".")
	var rep struct {
		Findings []struct {
			File                    string
			Line, Column, EndColumn int
			RuleID                  string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 {
		t.Fatalf("exit %d: %v\n%s", code, err, stderr)
	}
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.RuleID, "github-api-version") || f.RuleID == "github-api-accept-missing" || strings.HasPrefix(f.RuleID, "github-auth") {
			got = append(got, filepath.ToSlash(f.File)+":"+strconv.Itoa(f.Line)+":"+strconv.Itoa(f.Column)+"-"+strconv.Itoa(f.EndColumn)+" "+f.RuleID)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("header findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
