package revoke_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/revoke"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

func client(fake *tokeninfotest.Server) *revoke.Client {
	return &revoke.Client{HTTP: fake.Client(), UserAgent: "ghpat-ls/test"}
}

func TestRequestShape(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	toks := []string{ghtoken.Generate(ghtoken.ClassicPAT, 1), ghtoken.Generate(ghtoken.FineGrainedPAT, 2)}
	host := strings.TrimPrefix(fake.URL, "https://")
	o := client(fake).Send(context.Background(), revoke.Target{EnterpriseHost: host}, toks)
	if o.Status != revoke.Revoked || !o.Sent || o.Code != 202 || o.Host != host {
		t.Fatalf("outcome %+v", o)
	}
	reqs := fake.Received()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != "POST" || r.Path != "/api/v3/credentials/revoke" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	want, _ := json.Marshal(map[string][]string{"credentials": toks})
	if string(r.Body) != string(want) {
		t.Errorf("body differs from {\"credentials\": [the two tokens]} (%d bytes)", len(r.Body))
	}
	for h, v := range map[string]string{
		"Accept": "application/vnd.github+json", "Content-Type": "application/json",
		"X-Github-Api-Version": ghhost.DefaultAPIVersion, "User-Agent": "ghpat-ls/test", "Authorization": "",
	} {
		if got := r.Header.Get(h); got != v {
			t.Errorf("%s: %q, want %q", h, got, v)
		}
	}
	if _, ok := r.Header["Cookie"]; ok {
		t.Error("a cookie was sent")
	}

	// github.com's shape (a stand-in through APIURL): /credentials/revoke.
	client(fake).Send(context.Background(), revoke.Target{APIURL: fake.URL}, toks[:1])
	r = fake.Received()[1]
	if r.Path != "/credentials/revoke" || r.Header.Get("X-GitHub-Api-Version") != ghhost.DefaultAPIVersion {
		t.Errorf("github.com request %s, version %s", r.Path, r.Header.Get("X-GitHub-Api-Version"))
	}
}

func TestAnswers(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.OAuth, 3)
	now := time.Now()
	cases := []struct {
		answer tokeninfotest.RevokeAnswer
		status revoke.Status
		says   []string
	}{
		{tokeninfotest.RevokeAccept, revoke.Revoked, []string{"Revoked gho_", "(202)", "owner is emailed", "cannot reactivate"}},
		{tokeninfotest.RevokeReject, revoke.Rejected, []string{"rejected", "(422: Validation Failed: " + tokeninfotest.RevokeRejectDetail + ")", "Nothing was revoked"}},
		{tokeninfotest.RevokeTooMany, revoke.RateLimited, []string{"rate-limited", "(429)", "in 30 minutes", "was not revoked"}},
		{tokeninfotest.RevokeRateLimited, revoke.RateLimited, []string{"rate-limited", "(403)", "in 40 minutes"}},
		{tokeninfotest.RevokeForbidden, revoke.Forbidden, []string{"refused", "403: " + tokeninfotest.RevokeForbiddenMessage, "proxy"}},
	}
	for _, c := range cases {
		fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
		fake.Revoke(c.answer)
		o := client(fake).Send(context.Background(), revoke.Target{APIURL: fake.URL}, []string{tok})
		msg := o.Message(ghtoken.Redact(tok), now)
		if o.Status != c.status {
			t.Errorf("answer %d: status %v, want %v (%s)", c.answer, o.Status, c.status, msg)
		}
		for _, s := range c.says {
			if !strings.Contains(msg, s) {
				t.Errorf("answer %d: message lacks %q:\n%s", c.answer, s, msg)
			}
		}
		fixture.Watch(t, tok).CheckString("the message", msg)
	}
}

func TestRateLimitRemembered(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	fake.Revoke(tokeninfotest.RevokeTooMany)
	c := client(fake)
	tgt := revoke.Target{APIURL: fake.URL}
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 4)
	c.Send(context.Background(), tgt, []string{tok})
	fake.Revoke(tokeninfotest.RevokeAccept)
	o := c.Send(context.Background(), tgt, []string{tok})
	if o.Status != revoke.RateLimited || o.Sent || fake.Count() != 1 {
		t.Errorf("second send during the limit: %+v, %d requests", o, fake.Count())
	}
	c.Now = func() time.Time { return time.Now().Add(31 * time.Minute) }
	if o := c.Send(context.Background(), tgt, []string{tok}); o.Status != revoke.Revoked || fake.Count() != 2 {
		t.Errorf("after the limit: %+v", o)
	}
}

func TestNothingSentForInvalidTokens(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	good := ghtoken.Generate(ghtoken.ClassicPAT, 5)
	bad := []string{
		"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",    // placeholder: checksum fails
		good[:len(good)-1] + "A",                      // typo
		ghtoken.Generate(ghtoken.ServerToServer, 6),   // installation token
		ghtoken.Generate(ghtoken.StatelessInstall, 7), // installation token, JWT form
		"not a token",
	}
	for _, b := range bad {
		if b == good[:len(good)-1]+"A" && ghtoken.Check(b) == ghtoken.Valid {
			continue
		}
		o := client(fake).Send(context.Background(), revoke.Target{APIURL: fake.URL}, []string{good, b})
		if o.Status != revoke.Failed || o.Sent {
			t.Errorf("%s: %+v", ghtoken.Redact(b), o)
		}
		if strings.Contains(o.Reason, b) || strings.Contains(o.Reason, good) {
			t.Errorf("reason holds a token: %s", ghtoken.RedactAll(o.Reason))
		}
	}
	// Enterprise Server takes PATs only.
	gho := ghtoken.Generate(ghtoken.OAuth, 8)
	host := strings.TrimPrefix(fake.URL, "https://")
	if o := client(fake).Send(context.Background(), revoke.Target{EnterpriseHost: host}, []string{gho}); o.Sent {
		t.Errorf("gho_ sent to Enterprise Server: %+v", o)
	}
	// Too many, none.
	many := make([]string, revoke.MaxBatch+1)
	for i := range many {
		many[i] = good
	}
	if o := client(fake).Send(context.Background(), revoke.Target{APIURL: fake.URL}, many); o.Sent {
		t.Error("1001 tokens sent in one request")
	}
	if o := client(fake).Send(context.Background(), revoke.Target{APIURL: fake.URL}, nil); o.Sent {
		t.Error("empty request sent")
	}
	if fake.Count() != 0 {
		t.Errorf("%d requests", fake.Count())
	}
}

func TestTransportRules(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 9)
	// Plain http to a non-loopback host is refused before anything is sent.
	o := (&revoke.Client{}).Send(context.Background(), revoke.Target{APIURL: "http://example.com/"}, []string{tok})
	if o.Sent || o.Status != revoke.Failed || !strings.Contains(o.Reason, "https") {
		t.Errorf("plain http: %+v", o)
	}
	// A redirect is not followed: the body would go with it.
	var elsewhere int
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere++ }))
	defer other.Close()
	redir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/credentials/revoke", http.StatusTemporaryRedirect)
	}))
	defer redir.Close()
	o = (&revoke.Client{}).Send(context.Background(), revoke.Target{APIURL: redir.URL}, []string{tok})
	if elsewhere != 0 || o.Status != revoke.Failed || o.Code != 307 {
		t.Errorf("redirect: %+v, %d requests elsewhere", o, elsewhere)
	}
	// A host that never answers: bounded by the timeout.
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-hang }))
	defer slow.Close()
	defer close(hang)
	o = (&revoke.Client{Timeout: 100 * time.Millisecond}).Send(context.Background(), revoke.Target{APIURL: slow.URL}, []string{tok})
	if o.Status != revoke.Failed || !o.Sent || !strings.Contains(o.Reason, "no answer in time") {
		t.Errorf("hang: %+v", o)
	}
}

func TestScrubbedRemoteText(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 10)
	fake.RevokeRejectWith("bad credential " + tok + "\n\x1b[31mred\u202egnp.exe" + strings.Repeat(" x", 400))
	o := client(fake).Send(context.Background(), revoke.Target{APIURL: fake.URL}, []string{tok})
	msg := o.Message(ghtoken.Redact(tok), time.Now())
	fixture.Watch(t, tok).CheckString("the message", msg)
	if strings.ContainsAny(msg, "\n\x1b\u202e") || len(o.Reason) > 310 {
		t.Errorf("unscrubbed: %q", ghtoken.RedactAll(msg))
	}
	if !strings.Contains(msg, ghtoken.Redact(tok)) {
		t.Errorf("echoed token not shown redacted: %s", msg)
	}
}
