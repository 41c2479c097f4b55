package ghtoken

import (
	"strings"
	"testing"
)

// TestPrefixesAreTheOneList: every kind's generated token starts with its
// Prefix, Classify reads it back, and Prefixes lists each prefix once,
// longest first (github_pat_ must be tried before the gh… ones).
func TestPrefixesAreTheOneList(t *testing.T) {
	kinds := []Kind{ClassicPAT, FineGrainedPAT, OAuth, UserToServer, ServerToServer, StatelessInstall, Refresh}
	seen := map[string]bool{}
	for _, k := range kinds {
		tok := Generate(k, 3)
		if p := k.Prefix(); p == "" || !strings.HasPrefix(tok, p) {
			t.Errorf("%s: Prefix %q, token %s", k, p, Redact(tok))
		}
		if got := Classify(tok); got != k {
			t.Errorf("Classify(%s) = %s, want %s", Redact(tok), got, k)
		}
		seen[k.Prefix()] = true
	}
	ps := Prefixes()
	if len(ps) != len(seen) {
		t.Errorf("Prefixes() = %q, want the %d prefixes of the kinds", ps, len(seen))
	}
	for i, p := range ps {
		if !seen[p] || i > 0 && len(p) > len(ps[i-1]) {
			t.Errorf("Prefixes() = %q: %q unknown or out of order", ps, p)
		}
	}
	if Unknown.Prefix() != "" {
		t.Errorf("Unknown.Prefix() = %q", Unknown.Prefix())
	}
}
