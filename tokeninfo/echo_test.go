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

// What the host sends is shown as text: it cannot add a link, an image,
// HTML or a code span to the hover.
func TestHostTextCannotAddMarkup(t *testing.T) {
	evil := "x [click](https://evil.example/) ![i](https://evil.example/i.png) <img src=https://evil.example/> `y` &#95;"
	accepted := tokeninfo.Result{Var: "GITHUB_TOKEN", State: tokeninfo.Accepted, Kind: ghtoken.ClassicPAT, Redacted: "ghp_abc…wxyz",
		Host: evil, Login: evil, AccountType: evil, Name: evil, ScopesKnown: true, Scopes: []string{evil},
		Installation: &tokeninfo.Installation{Account: evil, Repositories: 1}, Rate: &tokeninfo.Rate{Limit: 1, Resource: evil}}
	refused := tokeninfo.Result{Var: "GITHUB_TOKEN", State: tokeninfo.Failed, Kind: ghtoken.ClassicPAT, Redacted: "ghp_abc…wxyz", Host: evil,
		Failure: &tokeninfo.Failure{Reason: tokeninfo.ReasonForbidden, Status: 403, Message: evil, AcceptedPermissions: evil, RequestID: evil}}
	var mds []string
	for _, r := range []tokeninfo.Result{accepted, refused} {
		mds = append(mds, tokeninfo.Markdown(analysis.EnvRef{Name: "GITHUB_TOKEN", Context: analysis.EnvRuntime}, r, fixedNow))
		for _, reason := range []tokeninfo.Reason{tokeninfo.ReasonUnreachable, tokeninfo.ReasonConfig, tokeninfo.ReasonOther} {
			if r.Failure != nil {
				f := *r.Failure
				f.Reason, f.Detail = reason, evil
				r.Failure = &f
				mds = append(mds, tokeninfo.Markdown(analysis.EnvRef{Name: "GITHUB_TOKEN", Context: analysis.EnvRuntime}, r, fixedNow))
			}
		}
	}
	for _, md := range mds {
		// Outside code spans (literal text in Markdown) every "[", "<", "&"
		// and backtick from the host is escaped, so none starts markup.
		for _, bad := range []string{"[click]", "![i]", "<img", "`y`", "&#95;"} {
			if strings.Contains(outsideCodeSpans(md), bad) {
				t.Errorf("the hover renders %q as markup:\n%s", bad, md)
			}
		}
	}
}

// outsideCodeSpans is md without its code spans and escaped characters:
// what is left is what can be markup.
func outsideCodeSpans(md string) string {
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		switch md[i] {
		case '\\': // an escaped character is text: drop it
			i++
		case '`':
			end := strings.IndexByte(md[i+1:], '`')
			if end < 0 {
				b.WriteString(md[i:])
				return b.String()
			}
			i += end + 1
		default:
			b.WriteByte(md[i])
		}
	}
	return b.String()
}
