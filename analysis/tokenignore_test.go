package analysis

import (
	"strings"
	"testing"
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
		if got := TokenIgnoreKey(entry); got != want {
			t.Errorf("TokenIgnoreKey(%q) = %q, want %q", entry, got, want)
		}
	}
}
