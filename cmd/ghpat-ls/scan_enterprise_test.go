package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// TestScanEnterpriseHost: scan --enterprise-host lints an Enterprise
// Server's API calls as the editor does with ghpat.enterpriseHost (issue
// 20: scan had no way to name the host, so it never linted them), in the
// same normal form (a URL, a trailing /api/v3); a bad host is a usage error.
func TestScanEnterpriseHost(t *testing.T) {
	bin := testbin.Path(t)
	env := scEnv(t, t.TempDir())
	dir := t.TempDir()
	call := `curl -H "Authorization: token $T" https://ghe.example.com/api/v3/user` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "a.sh"), []byte(call), 0o644); err != nil {
		t.Fatal(err)
	}
	res := scRun(t, env, dir, bin, "scan", "--all-rules", "--fail-on", "none", ".")
	if res.code != 0 || strings.Contains(res.stdout, "github-auth-legacy-scheme") {
		t.Errorf("without --enterprise-host: exit %d, %s", res.code, res.stdout)
	}
	for _, host := range []string{"ghe.example.com", "https://GHE.example.com/api/v3/"} {
		res = scRun(t, env, dir, bin, "scan", "--all-rules", "--enterprise-host", host, "--fail-on", "warning", ".")
		if res.code != 1 || !strings.Contains(res.stdout, "a.sh:1:25: github-auth-legacy-scheme [warning]") {
			t.Errorf("--enterprise-host %s: exit %d, %s%s", host, res.code, res.stdout, res.stderr)
		}
	}
	res = scRun(t, env, dir, bin, "scan", "--enterprise-host", "a b", ".")
	if res.code != 2 || !strings.Contains(res.stderr, "--enterprise-host") {
		t.Errorf("a bad host: exit %d, %s", res.code, res.stderr)
	}
}
