package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// TestReadmeCommands runs the README's first command exactly as written
// (from the repository root, with bash) and checks it shows the main
// feature: the generated hard-coded token flagged as an error, redacted,
// and the scan failing as CI would. The second command (`bash .ci/run`,
// the whole test suite) is checked to exist and parse, not run.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the README demo (builds ghpat-ls)")
	}
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```sh\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no sh block")
	}
	lines := strings.Split(strings.TrimSpace(string(block[1])), "\n")
	if len(lines) != 2 {
		t.Fatalf("README's first block should be the two set-up commands, got %q", lines)
	}
	if lines[1] != "bash .ci/run" {
		t.Errorf("second command = %q, want bash .ci/run", lines[1])
	}
	if out, err := exec.Command("bash", "-n", filepath.Join(root, ".ci", "run")).CombinedOutput(); err != nil {
		t.Errorf("bash -n .ci/run: %v\n%s", err, out)
	}

	cmd := exec.Command("bash", "-c", lines[0])
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	_, planted := fixture.Expand(template, 1)
	if len(planted) != 1 || ghtoken.Check(planted[0].Token) != ghtoken.Valid {
		t.Fatal("the demo template should plant one checksum-valid token")
	}
	tok := planted[0].Token
	if strings.Contains(text, tok) {
		t.Fatal("the demo printed the token in full")
	}
	if code != 1 {
		t.Errorf("the demo scan exited %d, want 1 (a finding at --fail-on error)\n%s", code, text)
	}
	want := "ghpat-ls-demo/deploy.py:6:17: github-pat [error]: Hard-coded GitHub classic personal access token " + ghtoken.Redact(tok) + " (checksum valid)"
	if !strings.Contains(text, want) {
		t.Errorf("the demo output lacks %q:\n%s", want, text)
	}
	// The README quotes that line; it must stay true.
	if !strings.Contains(string(readme), "/tmp/ghpat-ls-demo/deploy.py:6:17: github-pat [error]: Hard-coded GitHub classic personal access token "+ghtoken.Redact(tok)) {
		t.Errorf("README.md's sample output no longer matches the demo's first finding")
	}
}
