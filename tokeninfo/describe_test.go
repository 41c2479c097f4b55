package tokeninfo

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Values copied from files often carry a newline or quotes: the hover must
// explain that, show the token redacted on one line, and not send it.
func TestDescribeValuesWithSurroundings(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 77)
	for _, c := range []struct {
		val  string
		sent bool
	}{
		{tok + "\n", false},
		{"\"" + tok + "\"", true}, // sent, and GitHub's 401 is explained by the note
		{" " + tok, true},
	} {
		r := describe(c.val)
		if r.Redacted != ghtoken.Redact(tok) {
			t.Errorf("%q: redacted as %q, want %q", ghtoken.Redact(c.val), r.Redacted, ghtoken.Redact(tok))
		}
		if r.Kind != ghtoken.ClassicPAT || r.ValueNote == "" {
			t.Errorf("%q: kind %q, note %q", ghtoken.Redact(c.val), r.Kind, r.ValueNote)
		}
		if sent := r.State != NotSent; sent != c.sent {
			t.Errorf("%q: sent = %v, want %v", ghtoken.Redact(c.val), sent, c.sent)
		}
		if strings.Contains(r.Redacted+r.ValueNote, tok) {
			t.Error("describe output holds the full token")
		}
	}
}
