// Command demo writes the README's demo file: a Python script holding a
// generated, checksum-valid GitHub token (never issued by GitHub), so that
// `ghpat-ls scan` has a hard-coded token to flag without the repository
// containing one. It prints the directory it wrote, for the scan to read:
//
//	demo=$(go run ./internal/demo) && ./bin/ghpat-ls scan --all-rules testdata/demo "$demo"
package main

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

//go:embed deploy.py.tmpl
var template []byte

func main() {
	// One fixed directory under the temp dir: running the demo again
	// overwrites it instead of leaving copies behind.
	dir := filepath.Join(os.TempDir(), "ghpat-ls-demo")
	text, _ := fixture.Expand(template, 1)
	err := os.MkdirAll(dir, 0o700)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "deploy.py"), text, 0o600)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(2)
	}
	fmt.Println(dir)
}
