package main

import (
	"testing"
)

// TestPermissionsMethodFromOwnCommand: through the real binary, a URL's
// method comes from its own command: the hooks read before
// `&& curl -X DELETE` asks repository_hooks: read, not administration for
// itself, and the first of two package.json scripts keeps its GET. A
// host-and-path request on a configured Enterprise host counts as on
// api.github.com.
func TestPermissionsMethodFromOwnCommand(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.sh":         "curl https://api.github.com/repos/o/r/hooks && curl -X DELETE https://api.github.com/repos/o/r\n",
		"package.json": `{"scripts": {"a": "curl https://api.github.com/repos/o/r/hooks", "b": "curl -X POST https://api.github.com/repos/o/r/issues"}}` + "\n",
		"e.js":         `https.request({ hostname: "ghe.example.com", path: "/api/v3/repos/o/r/issues", method: "POST" })` + "\n",
	})
	rep := permissionsJSON(t, dir, "--enterprise-host", "https://ghe.example.com/")
	var got []string
	for _, c := range rep.Calls {
		got = append(got, c.File+" "+c.Method+" "+c.Path)
	}
	want := []string{
		"a.sh GET /repos/{owner}/{repo}/hooks",
		"a.sh DELETE /repos/{owner}/{repo}",
		"e.js POST /repos/{owner}/{repo}/issues",
		"package.json GET /repos/{owner}/{repo}/hooks",
		"package.json POST /repos/{owner}/{repo}/issues",
	}
	if !reflectEqual(got, want) {
		t.Fatalf("calls:\n%q\nwant:\n%q", got, want)
	}
	if rep.FineGrained["repository_hooks"] != "read" || rep.FineGrained["issues"] != "write" || rep.FineGrained["administration"] != "write" {
		t.Errorf("fine-grained %v", rep.FineGrained)
	}
	if by := rep.NeededBy["administration"]; len(by) != 1 || by[0] != 1 {
		t.Errorf("administration needed by %v, want the DELETE (call 1) only", by)
	}
}
