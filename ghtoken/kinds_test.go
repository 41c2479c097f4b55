package ghtoken

import (
	"strings"
	"testing"
)

// TestKindsTable: one row per kind, each complete, and its facts hold for
// a generated token of the kind.
func TestKindsTable(t *testing.T) {
	seen := map[Kind]bool{}
	for i, tr := range Kinds() {
		if tr.Kind == Unknown || seen[tr.Kind] {
			t.Errorf("row %d: kind %q missing or twice", i, tr.Kind)
		}
		seen[tr.Kind] = true
		if tr.Name == "" || tr.Prefix == "" || !strings.HasPrefix(tr.Managed.Path, "/settings/") ||
			tr.Managed.Menu == "" || tr.Revocation.Otherwise == "" {
			t.Errorf("%s: incomplete row %+v", tr.Kind, tr)
		}
		tok := Generate(tr.Kind, uint64(60+i))
		if Classify(tok) != tr.Kind || Check(tok) != Valid || tr.Len != 0 && len(tok) != tr.Len {
			t.Errorf("%s: generated %s does not hold to its row", tr.Kind, Redact(tok))
		}
		if tr.Kind.Traits().Name != tr.Name || tr.Kind.Name() != tr.Name || tr.Kind.Prefix() != tr.Prefix {
			t.Errorf("%s: lookups disagree with the row", tr.Kind)
		}
	}
	if Unknown.Name() != "GitHub token" || Unknown.Revocable(false) {
		t.Errorf("Unknown: %+v", Unknown.Traits())
	}
}

// TestRevocableWhere: GitHub's revocation API takes PATs everywhere,
// OAuth, user-to-server and refresh tokens on github.com only (since
// 2026-03-26; Enterprise Server 3.19 documents PATs only), installation
// tokens nowhere.
func TestRevocableWhere(t *testing.T) {
	for k, want := range map[Kind][2]bool{
		ClassicPAT: {true, true}, FineGrainedPAT: {true, true},
		OAuth: {true, false}, UserToServer: {true, false}, Refresh: {true, false},
		ServerToServer: {false, false}, StatelessInstall: {false, false},
	} {
		if got := [2]bool{k.Revocable(false), k.Revocable(true)}; got != want {
			t.Errorf("%s: revocable on github.com, on GHES = %v, want %v", k, got, want)
		}
	}
}

// TestManagedPagesAreNamedInTheAdvice: the revocation advice names the
// page where the token is managed (the live hover links it), except for
// installation tokens, which are revoked through the API.
func TestManagedPagesAreNamedInTheAdvice(t *testing.T) {
	for _, tr := range Kinds() {
		if tr.Grants == InstallationPermissions {
			continue
		}
		if !strings.Contains(tr.Revocation.Otherwise, "`"+tr.Managed.Path+"`") {
			t.Errorf("%s: %q does not name %s", tr.Kind, tr.Revocation.Otherwise, tr.Managed.Path)
		}
	}
}
