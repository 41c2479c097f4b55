package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestTokenIgnoreInFileScan: the entry silences its token in content and
// in a file name, and leaves another token reported; analysis'
// EachIgnoreEntry and TokenIgnores read the same entries for the language
// server.
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
	f, err := os.Open(filepath.Join(dir, ".gitleaksignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set := analysis.TokenIgnores{}
	if err := analysis.EachIgnoreEntry(f, set.Add); err != nil || len(set) != 1 || !set.Ignores(hex.EncodeToString(sum[:])) || set.Ignores("") {
		t.Errorf("the language server's reading: %v, %v", set, err)
	}
}
