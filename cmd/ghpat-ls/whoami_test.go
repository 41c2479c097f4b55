package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// whoami runs the command in-process against a fake GitHub (--api-url on
// loopback http) and checks that neither stream holds the full token.
func runWhoamiTest(t *testing.T, g *fixture.Guard, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"whoami"}, args...), strings.NewReader(""), &out, &errb)
	g.CheckString("whoami stdout", out.String())
	g.CheckString("whoami stderr", errb.String())
	g.Logf("whoami %v -> %d\n%s%s", args, code, out.String(), errb.String())
	return code, out.String(), errb.String()
}

func whoamiClearEnv(t *testing.T) {
	for _, v := range liveTokenVars {
		t.Setenv(v, "")
	}
}

func whoamiHas(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("output lacks %q", sub)
		}
	}
}

func TestWhoamiClassic(t *testing.T) {
	whoamiClearEnv(t)
	fake := tokeninfotest.New(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 401)
	g := fixture.Watch(t, tok)
	fake.Token(tok, tokeninfotest.Classic)
	t.Setenv("MY_GITHUB_PAT", tok)

	code, out, _ := runWhoamiTest(t, g, "--api-url", fake.URL, "-v", "MY_GITHUB_PAT")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	exp := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	whoamiHas(t, out,
		"MY_GITHUB_PAT: set in this environment",
		"GitHub classic personal access token "+ghtoken.Redact(tok),
		"Owner: octocat (User, The Octocat)",
		"Scopes: repo ⚠, read:org",
		"Expires: "+exp.Local().Format("2006-01-02 15:04 MST"),
		"Rate limit: 4999 of 5000 left (core)",
		"Manage tokens: "+fake.URL+"/settings/tokens")
	if strings.Contains(out, "`") || strings.Contains(out, "**") {
		t.Errorf("terminal output has Markdown:\n%s", g.Redact(out))
	}
	if got := fake.Requests(); len(got) != 1 || got[0] != "GET /user" {
		t.Errorf("requests %v", got)
	}
}

func TestWhoamiDefaultVariable(t *testing.T) {
	whoamiClearEnv(t)
	fake := tokeninfotest.New(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.FineGrainedPAT, 402)
	g := fixture.Watch(t, tok)
	fake.Token(tok, tokeninfotest.FineGrained)
	t.Setenv("GH_TOKEN", tok) // GITHUB_TOKEN is empty: GH_TOKEN is next

	code, out, _ := runWhoamiTest(t, g, "--api-url", fake.URL)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	whoamiHas(t, out, "GH_TOKEN: set", ghtoken.Redact(tok), "Owner: monalisa",
		"Permissions: fine-grained, per repository; the API does not list them",
		fake.URL+"/settings/personal-access-tokens")
}

func TestWhoamiInstallationToken(t *testing.T) {
	whoamiClearEnv(t)
	fake := tokeninfotest.New(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.ServerToServer, 403)
	g := fixture.Watch(t, tok)
	fake.Token(tok, tokeninfotest.Installation)
	t.Setenv("GITHUB_TOKEN", tok)

	code, out, _ := runWhoamiTest(t, g, "--api-url", fake.URL)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	whoamiHas(t, out, "GitHub App installation token "+ghtoken.Redact(tok),
		"Installation: 12 repositories on octo-org", "Rate limit: 4999 of 5000 left (core)")
	if got := strings.Join(fake.Requests(), ", "); got != "GET /installation/repositories?per_page=1, GET /rate_limit" {
		t.Errorf("requests %s", got)
	}
}

func TestWhoamiFailures(t *testing.T) {
	cases := []struct {
		name string
		b    tokeninfotest.Behaviour
		want []string
	}{
		{"bad credentials", tokeninfotest.BadCreds, []string{"Rejected: 401 Bad credentials.", "missing, malformed, expired or revoked"}},
		{"forbidden", tokeninfotest.Forbidden, []string{"Refused: 403 Resource not accessible by personal access token.", "The endpoint accepts: contents=read (X-Accepted-GitHub-Permissions)"}},
		{"rate limited", tokeninfotest.RateLimited, []string{"Rate limited (403, x-ratelimit-remaining: 0).", "Wait until"}},
		{"too many requests", tokeninfotest.TooMany, []string{"Secondary rate limit (429).", "(retry-after)", "in 2 minutes"}},
		{"dropped connection", tokeninfotest.Drop, []string{"Could not reach 127.0.0.1:"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			whoamiClearEnv(t)
			fake := tokeninfotest.New(t, ghhost.DefaultAPIVersion)
			tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(410+i))
			g := fixture.Watch(t, tok)
			fake.Token(tok, c.b)
			t.Setenv("GITHUB_TOKEN", tok)
			code, out, _ := runWhoamiTest(t, g, "--api-url", fake.URL, "-v")
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			whoamiHas(t, out, append([]string{ghtoken.Redact(tok)}, c.want...)...)
		})
	}
}

func TestWhoamiUsage(t *testing.T) {
	whoamiClearEnv(t)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 420)
	g := fixture.Watch(t, tok)

	// Nothing set.
	code, _, errs := runWhoamiTest(t, g)
	if code != 1 || !strings.Contains(errs, "none of [GITHUB_TOKEN GH_TOKEN] is set") {
		t.Errorf("unset: exit %d, stderr %q", code, errs)
	}
	// A named variable that is unset.
	code, out, _ := runWhoamiTest(t, g, "NOPE_TOKEN")
	if code != 1 || !strings.Contains(out, "NOPE_TOKEN: not set in this environment") {
		t.Errorf("unset var: exit %d, stdout %q", code, out)
	}
	// Plain http to anything but loopback is refused before any request.
	t.Setenv("GITHUB_TOKEN", tok)
	code, _, errs = runWhoamiTest(t, g, "--api-url", "http://ghe.example.com/api/v3/")
	if code != 2 || !strings.Contains(errs, "refusing to send a token over plain http") {
		t.Errorf("plain http: exit %d, stderr %q", code, errs)
	}
	// A value that is not a token is never sent.
	t.Setenv("GITHUB_TOKEN", "hunter2-not-a-token")
	code, out, _ = runWhoamiTest(t, g, "--api-url", "http://127.0.0.1:1/")
	if code != 1 || !strings.Contains(out, "so it was not sent") {
		t.Errorf("not a token: exit %d, stdout %q", code, out)
	}
}
