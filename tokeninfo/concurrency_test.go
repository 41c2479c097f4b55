package tokeninfo_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	gh "github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestSettingsChangeDuringLookup: the endpoint changes while a lookup on
// the old one is held. A lookup after the change goes to the new host, and
// neither it nor the hover that was already waiting is answered with the
// old host's answer; the late old answer is not cached either.
func TestSettingsChangeDuringLookup(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{HoverTimeout: 1 << 40}, nil)
	tok := h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 601, gh.Slow)
	other := gh.New(t, testVersion)
	other.Token(tok, gh.BadCreds) // a different answer, to tell them apart
	otherHost := strings.TrimPrefix(other.URL, "http://")

	ctx := context.Background()
	waiting := make(chan tokeninfo.Result, 1)
	go func() { waiting <- h.svc.Check(ctx, "GITHUB_TOKEN") }()
	<-h.srv.Arrived() // the old host holds the request

	if err := h.svc.Configure(tokeninfo.Settings{APIURL: other.URL, APIVersion: testVersion, HoverTimeout: 1 << 40}); err != nil {
		t.Fatal(err)
	}
	after := make(chan tokeninfo.Result, 1)
	go func() { after <- h.svc.Check(ctx, "GITHUB_TOKEN") }()
	h.srv.Release()

	check := func(what string, r tokeninfo.Result) {
		t.Helper()
		h.markdown("GITHUB_TOKEN", r)
		if r.Host != otherHost || r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonBadCredentials {
			t.Errorf("%s: host %s state %v login %q; want the new host's 401", what, r.Host, r.State, r.Login)
		}
	}
	check("lookup after the change", <-after)
	check("lookup waiting across the change", <-waiting)
	check("cached answer", h.svc.Peek("GITHUB_TOKEN"))
	if n := other.Count(); n != 1 {
		t.Errorf("new host got %v, want one request", other.Requests())
	}
}

// TestManyVariablesAtOnce: concurrent hovers on many variables holding
// different tokens each get their own token's answer, one request per
// token.
func TestManyVariablesAtOnce(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{HoverTimeout: 1 << 40}, nil)
	const n = 24
	kinds := []gh.Behaviour{gh.Classic, gh.FineGrained, gh.BadCreds, gh.Forbidden}
	toks := make([]string, n)
	for i := range toks {
		k := ghtoken.ClassicPAT
		if kinds[i%len(kinds)] == gh.FineGrained {
			k = ghtoken.FineGrainedPAT
		}
		toks[i] = h.setToken(fmt.Sprintf("TOKEN_%d_PAT", i), k, uint64(700+i), kinds[i%len(kinds)])
	}
	var wg sync.WaitGroup
	results := make([]tokeninfo.Result, n*3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = h.svc.Lookup(context.Background(), fmt.Sprintf("TOKEN_%d_PAT", i%n))
		}()
	}
	wg.Wait()
	for i, r := range results {
		h.markdown(r.Var, r)
		tok := toks[i%n]
		if r.Var != fmt.Sprintf("TOKEN_%d_PAT", i%n) || r.Redacted != ghtoken.Redact(tok) {
			t.Errorf("lookup %d: %s %s, want the variable's own token", i, r.Var, r.Redacted)
		}
		var ok bool
		switch kinds[i%n%len(kinds)] {
		case gh.Classic:
			ok = r.State == tokeninfo.Accepted && r.Login == "octocat"
		case gh.FineGrained:
			ok = r.State == tokeninfo.Accepted && r.Login == "monalisa"
		case gh.BadCreds:
			ok = r.State == tokeninfo.Failed && r.Failure.Reason == tokeninfo.ReasonBadCredentials
		case gh.Forbidden:
			ok = r.State == tokeninfo.Failed && r.Failure.Reason == tokeninfo.ReasonForbidden
		}
		if !ok {
			t.Errorf("lookup %d (%s): state %v login %q", i, r.Var, r.State, r.Login)
		}
	}
	if got := h.srv.Count(); got != n {
		t.Errorf("%d requests for %d tokens", got, n)
	}
}

// TestCloseCancelsLookupsInFlight: when the server exits, a request still
// held by GitHub is cancelled instead of living on for the request
// timeout; the waiting lookup answers at once.
func TestCloseCancelsLookupsInFlight(t *testing.T) {
	h := newHarness(t, tokeninfo.Settings{HoverTimeout: 1 << 40, RequestTimeout: 1 << 40}, nil)
	h.setToken("GITHUB_TOKEN", ghtoken.ClassicPAT, 602, gh.Slow)
	done := make(chan tokeninfo.Result, 1)
	go func() { done <- h.svc.Check(context.Background(), "GITHUB_TOKEN") }()
	<-h.srv.Arrived()
	h.svc.Close()
	var r tokeninfo.Result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second): // a hang guard: without Close it waits for ever
		t.Fatal("the lookup outlived Close")
	}
	h.markdown("GITHUB_TOKEN", r)
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonUnreachable || r.Failure.Detail != "cancelled" {
		t.Errorf("state %v failure %+v", r.State, r.Failure)
	}
}
