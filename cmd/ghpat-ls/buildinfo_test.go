package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// TestVersionStamped builds the binary the way .goreleaser.yaml does and
// checks that `version` prints the three stamped values.
func TestVersionStamped(t *testing.T) {
	ld := "-X main.version=1.2.3 -X main.commit=abc1234 -X main.date=2026-01-02T03:04:05Z"
	bin := testbin.Build(t, "-ldflags", ld)
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
