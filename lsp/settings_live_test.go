package lsp

import (
	"encoding/json"
	"testing"
)

// Turning live lookups off must work next to an invalid member: rejecting
// the whole object kept enabled=true and the token was still looked up.
func TestLiveLookupMembersAreCheckedOneByOne(t *testing.T) {
	prev := DefaultSettings()
	prev.LiveLookups.TimeoutMs = 2500
	prev.LiveLookups.CacheTTLSeconds = 60
	for _, c := range []struct {
		raw            string
		enabled, diags bool
		timeoutMs, ttl int
		errs           int
	}{
		{`{"liveLookups": {"enabled": false, "timeoutMs": 0}}`, false, true, 2500, 300, 1},
		{`{"liveLookups": {"enabled": false, "cacheTtlSeconds": -1}}`, false, true, 3000, 60, 1},
		{`{"liveLookups": {"diagnostics": false, "timeoutMs": 99999, "expiryWarningDays": -2}}`, true, false, 2500, 300, 2},
		// A member of the wrong type keeps its previous value, as the error
		// says (it used to fall back to the default while saying so).
		{`{"liveLookups": {"enabled": false, "timeoutMs": "soon"}}`, false, true, 2500, 300, 1},
		{`{"liveLookups": {"enabled": false, "timeoutMs": 500}}`, false, true, 500, 300, 0},
		{`{"liveLookups": [1, 2]}`, true, true, 2500, 60, 1}, // not an object: all previous values
	} {
		s, errs := ParseSettings(json.RawMessage(c.raw), prev)
		ll := s.LiveLookups
		if ll.Enabled != c.enabled || ll.Diagnostics != c.diags || ll.TimeoutMs != c.timeoutMs || ll.CacheTTLSeconds != c.ttl || len(errs) != c.errs {
			t.Errorf("%s:\n got enabled=%v diagnostics=%v timeoutMs=%d ttl=%d errs=%v\nwant enabled=%v diagnostics=%v timeoutMs=%d ttl=%d, %d errors",
				c.raw, ll.Enabled, ll.Diagnostics, ll.TimeoutMs, ll.CacheTTLSeconds, errs, c.enabled, c.diags, c.timeoutMs, c.ttl, c.errs)
		}
	}
}
