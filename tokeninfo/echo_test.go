package tokeninfo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	gh "github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// A host that echoes the credential into every header and body field
// (raw, as "Bearer …", percent-encoded, JSON-escaped) gets none of it into
// the hover, whoami's text, the diagnostics or the log: for every token
// kind that is sent, and for a legacy 40-hex token, which has no prefix
// for ghtoken.RedactAll to find.
func TestEchoedCredentialIsScrubbed(t *testing.T) {
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer,
		ghtoken.ServerToServer, ghtoken.StatelessInstall, ghtoken.Unknown}
	for _, b := range []gh.Behaviour{gh.EchoAccepted, gh.EchoRefused, gh.EchoBroken} {
		for i, k := range kinds {
			t.Run(fmt.Sprintf("%d/%s", b, k), func(t *testing.T) {
				h := newHarness(t, tokeninfo.Settings{}, nil)
				g := fixture.NewGuard(t, 0)
				tok := "0123456789abcdef0123456789abcdef" + fmt.Sprintf("%08x", 1000+i) // legacy 40-hex
				if k != ghtoken.Unknown {
					tok = ghtoken.Generate(k, uint64(700+i))
				}
				g.Add(tok)
				h.mu.Lock()
				h.env["GITHUB_TOKEN"] = tok
				h.mu.Unlock()
				h.srv.Token(tok, b)

				r := h.svc.Check(context.Background(), "GITHUB_TOKEN")
				if b == gh.EchoAccepted && r.State != tokeninfo.Accepted || b != gh.EchoAccepted && r.State != tokeninfo.Failed {
					t.Errorf("state %v for behaviour %d, failure %+v", r.State, b, r.Failure)
				}
				ref := analysis.EnvRef{Name: "GITHUB_TOKEN", Context: analysis.EnvRuntime}
				g.CheckString("the hover", tokeninfo.Markdown(ref, r, fixedNow))
				g.CheckString("the text", tokeninfo.Text(r, fixedNow))
				g.CheckString("the result", fmt.Sprintf("%#v %#v %#v %#v", r, r.Failure, r.Installation, r.Rate))
				for _, d := range h.svc.Diagnostics([]analysis.EnvRef{ref}) {
					g.CheckString("a diagnostic", d.Message)
				}
				h.mu.Lock()
				g.CheckString("the log", strings.Join(h.logs, "\n"))
				h.mu.Unlock()
				// The echo is there, scrubbed, not dropped: the user still sees
				// what the host said.
				if b == gh.EchoRefused && !strings.Contains(r.Failure.Message, ghtoken.Redact(tok)) {
					t.Errorf("the refusal message lost the host's words: %q", g.Redact(r.Failure.Message))
				}
			})
		}
	}
}
