package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestTokenIgnoreEntries: "sha256:" and 64 hex digits (any case) names a
// token; anything else of that shape is not an entry and silences nothing.
func TestTokenIgnoreEntries(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	for entry, want := range map[string]string{
		"sha256:" + sum:                   "sha256:" + sum,
		"SHA256:" + strings.ToUpper(sum):  "sha256:" + sum,
		"sha256:" + sum[:63]:              "",
		"sha256:" + sum + "0":             "",
		"sha256:" + sum[:62] + "zz":       "",
		"sha256:":                         "",
		"sha256:" + sum + ":github-pat:1": "",
	} {
		if got := tokenIgnoreKey(entry); got != want {
			t.Errorf("tokenIgnoreKey(%q) = %q, want %q", entry, got, want)
		}
	}
}

// TestTokenIgnoreInFileScan: the entry silences its token in content and
// in a file name, and leaves another token reported; LoadTokenIgnores
// reads the same entries for the language server.
func TestTokenIgnoreInFileScan(t *testing.T) {
	dir := t.TempDir()
	a, b := tok(ghtoken.ClassicPAT, 2231), tok(ghtoken.ClassicPAT, 2232)
	sum := sha256.Sum256([]byte(a))
	entry := "sha256:" + hex.EncodeToString(sum[:])
	write(t, dir, "x.env", "A="+a+"\nB="+b+"\n")
	write(t, dir, "keys/"+a+".txt", "clean\n")
	write(t, dir, ".gitleaksignore", "# fixture\n"+entry+"\n")
	rep := run(t, Options{Dir: dir})
	if len(rep.Findings) != 1 || rep.Findings[0].Line != 2 || rep.Summary.Suppressed.GitleaksIgnore != 2 {
		t.Errorf("findings %+v, suppressed %+v", rep.Findings, rep.Summary.Suppressed)
	}
	set, err := LoadTokenIgnores(filepath.Join(dir, ".gitleaksignore"))
	if err != nil || len(set) != 1 || !set.Ignores(hex.EncodeToString(sum[:])) || set.Ignores("") {
		t.Errorf("LoadTokenIgnores: %v, %v", set, err)
	}
	if set, err := LoadTokenIgnores(filepath.Join(dir, "missing")); err != nil || len(set) != 0 {
		t.Errorf("a missing file: %v, %v", set, err)
	}
}
