package tokeninfo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	gh "github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

const testVersion = "2026-03-10"

// fixedNow is the test clock: six days before the classic token expires.
var fixedNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// harness is a Service wired to a fake GitHub, with captured logs, a fake
// environment and an OnUpdate channel.
type harness struct {
	t       *testing.T
	srv     *gh.Server
	svc     *tokeninfo.Service
	env     map[string]string
	updates chan struct{}

	mu   sync.Mutex
	logs []string
	outs []string // everything rendered, for the no-full-token check
}

func newHarness(t *testing.T, st tokeninfo.Settings, now func() time.Time) *harness {
	t.Helper()
	h := &harness{t: t, env: map[string]string{}, updates: make(chan struct{}, 100)}
	h.srv = gh.New(t, testVersion)
	st.APIURL = h.srv.URL
	st.APIVersion = testVersion
	if now == nil {
		now = func() time.Time { return fixedNow }
	}
	svc, err := tokeninfo.New(tokeninfo.Options{
		Settings: st,
		LookupEnv: func(k string) (string, bool) {
			h.mu.Lock()
			defer h.mu.Unlock()
			v, ok := h.env[k]
			return v, ok
		},
		Logf: func(f string, a ...any) {
			h.mu.Lock()
			h.logs = append(h.logs, fmt.Sprintf(f, a...))
			h.mu.Unlock()
		},
		OnUpdate: func() { h.updates <- struct{}{} },
		Now:      now,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.svc = svc
	return h
}

// setToken puts a generated token into the fake environment and tells the
// fake GitHub how to answer for it. Every generated token is checked
// against all captured output when the test ends.
func (h *harness) setToken(name string, k ghtoken.Kind, seed uint64, b gh.Behaviour) string {
	tok := ghtoken.Generate(k, seed)
	h.mu.Lock()
	h.env[name] = tok
	h.mu.Unlock()
	h.srv.Token(tok, b)
	h.t.Cleanup(func() { h.assertNoToken(tok) })
	return tok
}

func (h *harness) assertNoToken(tok string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range append(append([]string(nil), h.logs...), h.outs...) {
		if fixture.Shows([]byte(s), tok) {
			h.t.Errorf("output contains the full token: %q", ghtoken.Redact(tok))
		}
	}
}

func (h *harness) markdown(name string, r tokeninfo.Result) string {
	md := tokeninfo.Markdown(analysis.EnvRef{Name: name}, r, fixedNow)
	txt := tokeninfo.Text(r, fixedNow)
	h.mu.Lock()
	h.outs = append(h.outs, md, txt, fmt.Sprintf("%+v", r))
	h.mu.Unlock()
	return md
}

func (h *harness) waitUpdate() {
	h.t.Helper()
	select {
	case <-h.updates:
	case <-time.After(30 * time.Second): // a hang guard, not a timing assertion
		h.t.Fatal("no OnUpdate")
	}
}

func mustContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("missing %q in:\n%s", sub, s)
		}
	}
}

func TestClassicPAT(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	tok := h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 1, gh.Classic)
	r := h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Accepted {
		t.Fatalf("state %v, failure %+v", r.State, r.Failure)
	}
	if r.Login != "octocat" || r.AccountType != "User" || r.Name != "The Octocat" {
		t.Errorf("owner %q %q %q", r.Login, r.AccountType, r.Name)
	}
	if !r.ScopesKnown || strings.Join(r.Scopes, "|") != "repo|read:org" {
		t.Errorf("scopes %v known=%v", r.Scopes, r.ScopesKnown)
	}
	wantExp := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if !r.Expires.Equal(wantExp) {
		t.Errorf("expires %v, want %v", r.Expires, wantExp)
	}
	if r.Rate == nil || r.Rate.Limit != 5000 || r.Rate.Remaining != 4999 || r.Rate.Used != 1 || r.Rate.Resource != "core" || !r.Rate.Reset.Equal(h.srv.RateReset) {
		t.Errorf("rate %+v", r.Rate)
	}
	if r.Redacted != ghtoken.Redact(tok) || r.Kind != ghtoken.ClassicPAT {
		t.Errorf("redacted %q kind %q", r.Redacted, r.Kind)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "**GITHUB_TOKEN**", "set in the language server's environment", ghtoken.Redact(tok),
		"GitHub classic personal access token", "**octocat** (User, The Octocat)", "`repo` ⚠", "`read:org`",
		"broad scopes", "fine-grained", wantExp.Local().Format("2006-01-02 15:04 MST"), "(in 6 days)",
		"Rate limit: 4999 of 5000 left (core), resets at "+h.srv.RateReset.Local().Format("15:04"),
		h.srv.URL+"/settings/tokens")
	if strings.Contains(md, "`read:org` ⚠") {
		t.Errorf("read:org flagged as broad")
	}

	// Second lookup: from the cache, no request.
	if n := h.srv.Count(); n != 1 {
		t.Fatalf("requests %v", h.srv.Requests())
	}
	if r2 := h.svc.Lookup(context.Background(), "GITHUB_TOKEN"); r2.State != tokeninfo.Accepted || r2.Login != "octocat" {
		t.Fatalf("second lookup %+v", r2)
	}
	if got := h.srv.Requests(); len(got) != 1 || got[0] != "GET /user" {
		t.Fatalf("requests after second lookup: %v", got)
	}

	// Six days left: a warning on the reference.
	ref := analysis.EnvRef{Name: "GITHUB_TOKEN", Range: analysis.Range{Start: 3, End: 27}, Context: analysis.EnvRuntime}
	ds := h.svc.Diagnostics([]analysis.EnvRef{ref, {Name: "GITHUB_TOKEN", Context: analysis.EnvCISecret}})
	if len(ds) != 1 || ds[0].RuleID != tokeninfo.RuleTokenExpiring || ds[0].Severity != analysis.SeverityWarning || ds[0].Range != ref.Range {
		t.Fatalf("diagnostics %+v", ds)
	}
	mustContain(t, ds[0].Message, "expires in 6 days", ghtoken.Redact(tok))
	h.mu.Lock()
	h.outs = append(h.outs, ds[0].Message)
	logs := strings.Join(h.logs, "\n")
	h.mu.Unlock()
	mustContain(t, logs, "sha256:", "GET /user -> 200")
}

func TestDiagnosticsByExpiry(t *testing.T) {
	cases := []struct {
		now  time.Time
		rule string
	}{
		{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), ""},
		{time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), tokeninfo.RuleTokenExpiring},
		{time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), tokeninfo.RuleTokenExpired},
	}
	for _, c := range cases {
		h := newHarness(t, tokeninfo.Settings{}, func() time.Time { return c.now })
		// Slow: held until Release, then answered as Classic.
		h.setToken("GH_TOKEN", ghtoken.ClassicPAT, 2, gh.Slow)
		ref := analysis.EnvRef{Name: "GH_TOKEN", Context: analysis.EnvRuntime}
		// First call starts the lookup and cannot know yet.
		if ds := h.svc.Diagnostics([]analysis.EnvRef{ref}); len(ds) != 0 {
			t.Fatalf("diagnostics before any answer: %+v", ds)
		}
		<-h.srv.Arrived()
		h.srv.Release()
		h.waitUpdate()
		ds := h.svc.Diagnostics([]analysis.EnvRef{ref})
		switch {
		case c.rule == "" && len(ds) != 0:
			t.Errorf("%v: want none, got %+v", c.now, ds)
		case c.rule != "" && (len(ds) != 1 || ds[0].RuleID != c.rule):
			t.Errorf("%v: want %s, got %+v", c.now, c.rule, ds)
		}
		if c.rule == tokeninfo.RuleTokenExpired && ds[0].Severity != analysis.SeverityError {
			t.Errorf("expired: severity %v", ds[0].Severity)
		}
	}
}

func TestFineGrainedPAT(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	h.setToken("GITHUB_PAT", ghtoken.FineGrainedPAT, 3, gh.FineGrained)
	r := h.svc.Lookup(context.Background(), "GITHUB_PAT")
	if r.State != tokeninfo.Accepted || r.Login != "monalisa" {
		t.Fatalf("%+v", r)
	}
	if r.ScopesKnown || len(r.Scopes) != 0 {
		t.Errorf("fine-grained token reported scopes %v", r.Scopes)
	}
	want := time.Date(2027, 1, 15, 17, 30, 0, 0, time.UTC) // 09:30 -0800
	if !r.Expires.Equal(want) {
		t.Errorf("expires %v, want %v", r.Expires, want)
	}
	md := h.markdown("GITHUB_PAT", r)
	mustContain(t, md, "GitHub fine-grained personal access token", "fine-grained, per repository; the API does not list them",
		"**monalisa**", "(in 51 days)", "/settings/personal-access-tokens")
}

func TestInstallationTokens(t *testing.T) {
	for _, k := range []ghtoken.Kind{ghtoken.ServerToServer, ghtoken.StatelessInstall} {
		t.Run(string(k), func(t *testing.T) {
			h := newHarness(t, tokeninfo.Settings{}, nil)
			h.setToken("GH_TOKEN", k, 4, gh.Installation)
			r := h.svc.Lookup(context.Background(), "GH_TOKEN")
			if r.State != tokeninfo.Accepted {
				t.Fatalf("%+v %+v", r, r.Failure)
			}
			if r.Installation == nil || r.Installation.Repositories != gh.InstallationRepos || r.Installation.Account != "octo-org" {
				t.Errorf("installation %+v", r.Installation)
			}
			if r.Rate == nil || r.Rate.Limit != 5000 || r.Rate.Remaining != 4999 || !r.Rate.Reset.Equal(h.srv.RateReset) {
				t.Errorf("rate %+v", r.Rate)
			}
			got := strings.Join(h.srv.Requests(), ",")
			if got != "GET /installation/repositories?per_page=1,GET /rate_limit" {
				t.Errorf("requests %s (must not call /user)", got)
			}
			md := h.markdown("GH_TOKEN", r)
			mustContain(t, md, "Installation: 12 repositories on **octo-org**", "installation tokens last one hour", "Rate limit: 4999 of 5000")
		})
	}
}

func TestBadCredentials(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	tok := h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 5, gh.BadCreds)
	r := h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonBadCredentials || r.Failure.Status != 401 || r.Failure.Message != "Bad credentials" {
		t.Fatalf("%+v %+v", r, r.Failure)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "401 Bad credentials", "missing, malformed, expired or revoked", "`Authorization: Bearer <token>`", "unused for a year", ghtoken.Redact(tok))
	ds := h.svc.Diagnostics([]analysis.EnvRef{{Name: "GITHUB_TOKEN"}})
	if len(ds) != 1 || ds[0].RuleID != tokeninfo.RuleTokenRejected || ds[0].Severity != analysis.SeverityError {
		t.Fatalf("diagnostics %+v", ds)
	}
	if h.srv.Count() != 1 {
		t.Errorf("requests %v", h.srv.Requests())
	}
}

func TestForbiddenShowsAcceptedPermissions(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	h.setToken("GITHUB_TOKEN", ghtoken.FineGrainedPAT, 6, gh.Forbidden)
	r := h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonForbidden || r.Failure.AcceptedPermissions != gh.AcceptedPerms || r.Failure.RequestID != gh.RequestID {
		t.Fatalf("%+v", r.Failure)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "403 Resource not accessible by personal access token", "`contents=read`", "X-Accepted-GitHub-Permissions", gh.RequestID)
}

func TestPrimaryRateLimit(t *testing.T) {
	// A TTL of 1ns would expire every answer at once: only the rate limit
	// keeps the second lookup from calling GitHub.
	h := newHarness(t, tokeninfo.Settings{TTL: time.Nanosecond}, time.Now)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 7, gh.RateLimited)
	r := h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonRateLimited || r.Failure.Status != 403 || !r.Failure.RetryAt.Equal(h.srv.RateReset) {
		t.Fatalf("%+v", r.Failure)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "Rate limited (403, x-ratelimit-remaining: 0)", "Wait until "+h.srv.RateReset.Local().Format("15:04:05"), "retrying immediately")
	h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if n := h.srv.Count(); n != 1 {
		t.Errorf("asked again while rate limited: %v", h.srv.Requests())
	}
}

func TestTTLExpiryAsksAgain(t *testing.T) {
	// The counterpart of the cache tests: with an expired answer, a lookup
	// does reach GitHub again.
	h := newHarness(t, tokeninfo.Settings{TTL: time.Nanosecond}, time.Now)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 8, gh.Classic)
	h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if n := h.srv.Count(); n != 2 {
		t.Errorf("requests %v, want 2", h.srv.Requests())
	}
}

func TestTooManyRequestsRetryAfter(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{TTL: time.Nanosecond}, nil)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 9, gh.TooMany)
	r := h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonSecondaryLimit || r.Failure.Status != 429 {
		t.Fatalf("%+v", r.Failure)
	}
	if want := fixedNow.Add(gh.RetryAfterSeconds * time.Second); !r.Failure.RetryAt.Equal(want) {
		t.Errorf("retry at %v, want %v", r.Failure.RetryAt, want)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "Secondary rate limit (429)", "(in 2 minutes)", "retry-after")
	h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if n := h.srv.Count(); n != 1 {
		t.Errorf("asked again before retry-after: %v", h.srv.Requests())
	}
}

func TestSlowServerChecking(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{HoverTimeout: 50 * time.Millisecond}, nil)
	tok := h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 10, gh.Slow)
	// The server holds the request until Release: the hover cannot have
	// an answer and must say so. The caller owns the hover's deadline.
	ref := analysis.EnvRef{Name: "GITHUB_TOKEN", Context: analysis.EnvRuntime}
	hctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	md, ok := h.svc.Hover(hctx, ref)
	cancel()
	if !ok {
		t.Fatal("no hover")
	}
	h.mu.Lock()
	h.outs = append(h.outs, md)
	h.mu.Unlock()
	mustContain(t, md, "checking with 127.0.0.1", ghtoken.Redact(tok))
	<-h.srv.Arrived()
	h.srv.Release()
	h.waitUpdate()
	md, _ = h.svc.Hover(context.Background(), ref)
	h.mu.Lock()
	h.outs = append(h.outs, md)
	h.mu.Unlock()
	mustContain(t, md, "**octocat**")
	if n := h.srv.Count(); n != 1 {
		t.Errorf("requests %v", h.srv.Requests())
	}
}

func TestConcurrentLookupsCollapse(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{HoverTimeout: time.Hour}, nil)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 11, gh.Slow)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	results := make([]tokeninfo.Result, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = h.svc.Check(ctx, "GITHUB_TOKEN")
		}()
	}
	<-h.srv.Arrived()
	// While the one request is held, further lookups join it.
	for range 5 {
		if r := h.svc.Peek("GITHUB_TOKEN"); r.State != tokeninfo.Checking {
			t.Errorf("peek during lookup: %v", r.State)
		}
	}
	h.srv.Release()
	wg.Wait()
	for i, r := range results {
		if r.State != tokeninfo.Accepted || r.Login != "octocat" {
			t.Errorf("lookup %d: %v", i, r.State)
		}
	}
	if n := h.srv.Count(); n != 1 {
		t.Errorf("10 concurrent lookups made %d requests", n)
	}
}

func TestRequestTimeoutUnreachable(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{RequestTimeout: 100 * time.Millisecond}, nil)
	// Slow and never released: the request times out.
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 12, gh.Slow)
	r := h.svc.Check(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonUnreachable || r.Failure.Detail != "timed out" {
		t.Fatalf("%+v %+v", r, r.Failure)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "Could not reach "+strings.TrimPrefix(h.srv.URL, "http://")+": timed out")
}

func TestDroppedConnection(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 13, gh.Drop)
	r := h.svc.Check(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonUnreachable {
		t.Fatalf("%+v %+v", r, r.Failure)
	}
	md := h.markdown("GITHUB_TOKEN", r)
	mustContain(t, md, "Could not reach", "connection closed")
	n := h.srv.Count()
	// Backed off: the next hover within the retry delay does not call.
	h.svc.Lookup(context.Background(), "GITHUB_TOKEN")
	if h.srv.Count() != n {
		t.Errorf("no back-off after a network error: %v", h.srv.Requests())
	}
}

func TestNothingSent(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	refresh := ghtoken.Generate(ghtoken.Refresh, 14)
	classic := ghtoken.Generate(ghtoken.ClassicPAT, 15)
	h.env["REFRESH_TOKEN"] = refresh
	h.env["GITHUB_TOKEN"] = "not-a-token-value-at-all"
	h.env["GH_TOKEN"] = classic + "\n"
	h.env["EMPTY_TOKEN"] = ""
	for _, tok := range []string{refresh, classic} {
		t.Cleanup(func() { h.assertNoToken(tok) })
	}
	for name, want := range map[string]string{
		"REFRESH_TOKEN": "refresh token only buys",
		"GITHUB_TOKEN":  "does not look like a GitHub token",
		"GH_TOKEN":      "control character",
		"EMPTY_TOKEN":   "not set in the language server's environment",
		"UNSET_TOKEN":   "not set in the language server's environment",
	} {
		r := h.svc.Lookup(context.Background(), name)
		if r.State != tokeninfo.NotSent && r.State != tokeninfo.Unset {
			t.Errorf("%s: state %v", name, r.State)
		}
		mustContain(t, h.markdown(name, r), want)
	}
	if n := h.srv.Count(); n != 0 {
		t.Errorf("sent something: %v", h.srv.Requests())
	}
}

func TestCIReferencesAreNotLookedUp(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{}, nil)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 16, gh.Classic)
	md, ok := h.svc.Hover(context.Background(), analysis.EnvRef{Name: "GITHUB_TOKEN", Context: analysis.EnvCISecret})
	if !ok || !strings.Contains(md, "set in CI, not readable here") {
		t.Errorf("secret hover %q", md)
	}
	md, _ = h.svc.Hover(context.Background(), analysis.EnvRef{Name: "GITHUB_TOKEN", Context: analysis.EnvCIEnv})
	mustContain(t, md, "**GITHUB_TOKEN**: a workflow environment value: set in CI, not readable here.")
	if n := h.srv.Count(); n != 0 {
		t.Errorf("CI reference looked up: %v", h.srv.Requests())
	}
}

func TestSettings(t *testing.T) {
	refused := []tokeninfo.Settings{
		{APIURL: "http://api.example.com/"},
		{EnterpriseHost: "http://ghe.example.com"},
		{APIURL: "http://10.0.0.1:8080/"},
	}
	for _, st := range refused {
		svc, err := tokeninfo.New(tokeninfo.Options{Settings: st, LookupEnv: func(string) (string, bool) {
			return ghtoken.Generate(ghtoken.ClassicPAT, 17), true
		}})
		if !errors.Is(err, ghhost.ErrInsecureURL) {
			t.Errorf("%+v: err %v", st, err)
			continue
		}
		r := svc.Lookup(context.Background(), "GITHUB_TOKEN")
		if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonConfig {
			t.Errorf("%+v: lookup %+v", st, r)
		}
		md := tokeninfo.Markdown(analysis.EnvRef{Name: "GITHUB_TOKEN"}, r, fixedNow)
		mustContain(t, md, "Live lookups are off", "plain http")
	}
	allowed := map[tokeninfo.Settings]string{
		{}:                                     "https://github.com/settings/tokens",
		{APIURL: "http://localhost:9/"}:        "http://localhost:9/settings/tokens",
		{APIURL: "http://[::1]:9"}:             "http://[::1]:9/settings/tokens",
		{EnterpriseHost: "ghe.example.com"}:    "https://ghe.example.com/settings/tokens",
		{EnterpriseHost: "https://ghe.corp/"}:  "https://ghe.corp/settings/tokens",
		{APIURL: "https://api.ghe.example/v3"}: "https://ghe.example/settings/tokens",
	}
	for st, want := range allowed {
		svc, err := tokeninfo.New(tokeninfo.Options{Settings: st})
		if err != nil {
			t.Errorf("%+v: %v", st, err)
			continue
		}
		if got := svc.TokenSettingsURL(ghtoken.ClassicPAT); got != want {
			t.Errorf("%+v: settings URL %q, want %q", st, got, want)
		}
	}
}

func TestEnterpriseRequestPath(t *testing.T) {
	// EnterpriseHost as a loopback URL: requests go to /api/v3/user.
	srv := gh.New(t, "2022-11-28")
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 18)
	srv.Token(tok, gh.BadCreds)
	svc, err := tokeninfo.New(tokeninfo.Options{
		Settings:  tokeninfo.Settings{EnterpriseHost: srv.URL},
		LookupEnv: func(string) (string, bool) { return tok, true },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := svc.Check(context.Background(), "GH_ENTERPRISE_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonBadCredentials {
		// The server also checked the default Enterprise API version.
		t.Fatalf("%+v %+v", r, r.Failure)
	}
	if got := srv.Requests(); len(got) != 1 || got[0] != "GET /api/v3/user" {
		t.Errorf("requests %v", got)
	}
}
