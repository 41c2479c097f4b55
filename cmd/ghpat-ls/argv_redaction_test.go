package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// Regression: whoami echoed what the user typed: a token passed as the
// variable name ("ghpat-ls whoami $GITHUB_TOKEN", an easy slip in CI) or
// inside --api-url / --enterprise-host was printed whole in the message.
func TestWhoamiNeverEchoesATokenTyped(t *testing.T) {
	whoamiClearEnv(t)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 501)
	fine := ghtoken.Generate(ghtoken.FineGrainedPAT, 502)
	g := fixture.Watch(t, tok, fine)
	t.Setenv("GITHUB_TOKEN", tok)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{tok}, 2, "looks like a token: name the variable"},
		{[]string{fine}, 2, ghtoken.Redact(fine)},
		{[]string{"--api-url", "https://x:" + fine + "@127.0.0.1:1/", "GITHUB_TOKEN"}, 2, "credentials in the URL are not allowed"},
		{[]string{"--api-url", "http://example.com/?t=" + fine, "GITHUB_TOKEN"}, 2, "plain http"},
		{[]string{"--enterprise-host", fine + ":x", "GITHUB_TOKEN"}, 2, "enterprise host"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(append([]string{"whoami"}, c.args...), strings.NewReader(""), &out, &errb)
		g.CheckString("whoami stdout", out.String())
		g.CheckString("whoami stderr", errb.String())
		stderr := errb.String()
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("whoami %s: exit %d, stderr %q; want exit %d and %q",
				g.Redact(strings.Join(c.args, " ")), code, g.Redact(stderr), c.code, c.want)
		}
	}
}

// Regression: scan's error messages quote arguments as typed, a token
// pasted as a path or flag value included.
func TestScanErrorsNeverEchoATokenTyped(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 503)
	g := fixture.Watch(t, tok)
	dir := t.TempDir()
	for _, args := range [][]string{
		{filepath.Join(dir, tok)},
		{"--format", tok, dir},
		{"--baseline", filepath.Join(dir, tok), dir},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"scan"}, args...), strings.NewReader(""), &out, &errb)
		g.CheckString("scan stdout", out.String())
		g.CheckString("scan stderr", errb.String())
		if code != 2 || !strings.Contains(errb.String(), ghtoken.Redact(tok)) {
			t.Errorf("scan %s: exit %d, stderr %q; want 2 and the redacted token", g.Redact(strings.Join(args, " ")), code, g.Redact(errb.String()))
		}
	}
}
