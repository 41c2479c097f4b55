package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// revokeRun runs the real binary's `revoke` with stdin, trusting fake's
// certificate through SSL_CERT_FILE, and checks that no token shows in
// full on either stream.
func revokeRun(t *testing.T, fake *tokeninfotest.Server, g *fixture.Guard, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cert := fake.CertFile(t)
	cmd := exec.Command(testbin.Path(t), append([]string{"revoke"}, args...)...)
	cmd.Env = liveEnv("SSL_CERT_FILE=" + cert)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	g.CheckString("revoke stdout", out.String())
	g.CheckString("revoke stderr", errb.String())
	g.Logf("revoke %s -> %d\nstdout:\n%sstderr:\n%s", g.Redact(fmt.Sprint(args)), code, out.String(), errb.String())
	return code, out.String(), errb.String()
}

func has(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q", what, sub)
		}
	}
}

// TestRevokeEnterprise: the GHES path, only PATs sent, everything else
// reported and not sent.
func TestRevokeEnterprise(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	classic := ghtoken.Generate(ghtoken.ClassicPAT, 1201)
	fine := ghtoken.Generate(ghtoken.FineGrainedPAT, 1202)
	oauth := ghtoken.Generate(ghtoken.OAuth, 1203)
	inst := ghtoken.Generate(ghtoken.ServerToServer, 1204)
	placeholder := "ghp_" + strings.Repeat("x", 36)
	g := fixture.Watch(t, []string{classic, fine, oauth, inst}...)
	in := "# leaked in app.js\n" + classic + "\r\n\n  " + fine + "  \n" + oauth + "\n" + inst + "\n" + placeholder + "\n" + classic + "\n"

	code, out, _ := revokeRun(t, fake, g, in, "--enterprise-host", host)
	if code != 1 {
		t.Errorf("exit %d, want 1 (some lines not sent)", code)
	}
	has(t, "stdout", out,
		"line 2: "+ghtoken.Redact(classic)+": revoked",
		"line 4: "+ghtoken.Redact(fine)+": revoked",
		"line 5: not sent: "+ghtoken.Redact(oauth)+": GitHub Enterprise Server's revocation API (PATs only) does not accept a GitHub OAuth access token",
		"line 6: not sent: "+ghtoken.Redact(inst)+": GitHub Enterprise Server's revocation API (PATs only) does not accept a GitHub App installation token",
		"line 7: not sent: ghp_xxx…xxxx: the checksum does not hold (a placeholder or a typo)\n",
		"line 8: "+ghtoken.Redact(classic)+": same token as line 2, sent once",
		"Revoked 2 tokens at "+host+": GitHub accepted the request (202)",
		"Summary: 2 revoked, 0 rejected")
	reqs := fake.Received()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	want, _ := json.Marshal(map[string][]string{"credentials": {classic, fine}})
	if r.Method != "POST" || r.Path != "/api/v3/credentials/revoke" || string(r.Body) != string(want) {
		t.Errorf("request %s %s, body is the two PATs: %v", r.Method, r.Path, string(r.Body) == string(want))
	}
	for h, v := range map[string]string{"Authorization": "", "Accept": "application/vnd.github+json",
		"Content-Type": "application/json", "X-GitHub-Api-Version": ghhost.DefaultAPIVersion} {
		if got := r.Header.Get(h); got != v {
			t.Errorf("header %s %q, want %q", h, got, v)
		}
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "ghpat-ls/") {
		t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
	}
}

// TestRevokeGitHubCom: github.com's shape (through --api-url) takes every
// user token kind; exit 0 when all are accepted.
func TestRevokeGitHubCom(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	toks := []string{
		ghtoken.Generate(ghtoken.ClassicPAT, 1211), ghtoken.Generate(ghtoken.FineGrainedPAT, 1212),
		ghtoken.Generate(ghtoken.OAuth, 1213), ghtoken.Generate(ghtoken.UserToServer, 1214), ghtoken.Generate(ghtoken.Refresh, 1215),
	}
	g := fixture.Watch(t, toks...)
	code, out, _ := revokeRun(t, fake, g, strings.Join(toks, "\n")+"\n", "--api-url", fake.URL)
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	has(t, "stdout", out, "Summary: 5 revoked")
	reqs := fake.Received()
	if len(reqs) != 1 || reqs[0].Path != "/credentials/revoke" || fmt.Sprint(reqs[0].Credentials) != fmt.Sprint(toks) {
		t.Errorf("requests: %d, path %q", len(reqs), reqs[0].Path)
	}
}

// TestRevokeAnswers: 422, 429 and 403 each explained, with their exit codes.
func TestRevokeAnswers(t *testing.T) {
	cases := []struct {
		name   string
		answer tokeninfotest.RevokeAnswer
		code   int
		says   []string
	}{
		{"422", tokeninfotest.RevokeReject, 1, []string{"rejected the revocation of", "(422: Validation Failed: " + tokeninfotest.RevokeRejectDetail + ")", "Nothing was revoked", ": rejected\n", "1 rejected"}},
		{"429", tokeninfotest.RevokeTooMany, 2, []string{"rate-limited for revocations (429)", "Try again after", "in 30 minutes", ": rate-limited\n"}},
		{"403 rate limit", tokeninfotest.RevokeRateLimited, 2, []string{"rate-limited for revocations (403)", "Try again after"}},
		{"403", tokeninfotest.RevokeForbidden, 2, []string{"refused to revoke", "(403: " + tokeninfotest.RevokeForbiddenMessage + ")", ": forbidden\n"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
			fake.Revoke(c.answer)
			tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(1220+i))
			g := fixture.Watch(t, []string{tok}...)
			code, out, _ := revokeRun(t, fake, g, tok+"\n", "--api-url", fake.URL)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			has(t, "stdout", out, c.says...)
		})
	}
}

// TestRevokeEchoedToken: a host that quotes the token back is redacted.
func TestRevokeEchoedToken(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1230)
	fake.RevokeRejectWith("credential " + tok + " is malformed")
	g := fixture.Watch(t, []string{tok}...)
	_, out, _ := revokeRun(t, fake, g, tok+"\n", "--api-url", fake.URL)
	has(t, "stdout", out, "credential "+ghtoken.Redact(tok)+" is malformed")
}

// TestRevokeNothingSent: arguments, placeholders only, empty input, a
// dry run and a plain-http host send nothing.
func TestRevokeNothingSent(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1240)
	inst := ghtoken.Generate(ghtoken.StatelessInstall, 1241)
	g := fixture.Watch(t, []string{tok, inst}...)
	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		says  string
	}{
		{"token as argument", tok + "\n", []string{"--api-url", fake.URL, tok}, 2, "not from arguments (" + ghtoken.Redact(tok) + " looks like a token"},
		{"placeholders only", "ghp_" + strings.Repeat("x", 36) + "\n" + inst + "\n", []string{"--api-url", fake.URL}, 1, "Nothing to send."},
		{"empty input", "\n# nothing\n", []string{"--api-url", fake.URL}, 2, "no tokens on standard input"},
		{"dry run", tok + "\n", []string{"--api-url", fake.URL, "--dry-run"}, 0, "Dry run: would POST 1 token(s) without authentication to " + fake.URL + "/credentials/revoke"},
		{"plain http", tok + "\n", []string{"--api-url", "http://example.com/"}, 2, "use https"},
		{"bad flag", tok + "\n", []string{"--nope"}, 2, "unknown flag --nope\nRun 'ghpat-ls revoke --help' for usage."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := revokeRun(t, fake, g, c.stdin, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			has(t, "output", out+errs, c.says)
		})
	}
	if n := fake.Count(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestRevokeBatches: 1001 tokens go in two requests, 1000 and 1.
func TestRevokeBatches(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	var toks []string
	for i := 0; i < 1001; i++ {
		toks = append(toks, ghtoken.Generate(ghtoken.ClassicPAT, uint64(20000+i)))
	}
	g := fixture.Watch(t, toks...)
	code, out, _ := revokeRun(t, fake, g, strings.Join(toks, "\n"), "--api-url", fake.URL)
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	has(t, "stdout", out, "Revoked 1000 tokens", "Revoked "+ghtoken.Redact(toks[1000]), "Summary: 1001 revoked")
	reqs := fake.Received()
	if len(reqs) != 2 || len(reqs[0].Credentials) != 1000 || len(reqs[1].Credentials) != 1 {
		t.Errorf("%d requests", len(reqs))
	}
}
