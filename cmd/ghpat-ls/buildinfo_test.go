package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionStamped builds the binary the way .goreleaser.yaml does and
// checks that `version` prints the three stamped values.
func TestVersionStamped(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "ghpat-ls")
	ld := "-X main.version=1.2.3 -X main.commit=abc1234 -X main.date=2026-01-02T03:04:05Z"
	if out, err := exec.Command("go", "build", "-ldflags", ld, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		want := "ghpat-ls 1.2.3 (commit abc1234, built 2026-01-02T03:04:05Z)"
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("ghpat-ls %s = %q, want %q", arg, got, want)
		}
	}
}
