package tokeninfo

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestTokenStaysOnTheAPIHost: even with a client that follows redirects
// (the Service's never does), the Authorization header is not sent to
// another host. go-github's WithAuthToken would send it: it sets the
// header in its transport, after net/http's redirect stripping.
func TestTokenStaysOnTheAPIHost(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 950)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the redirect target received an Authorization header")
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"login":"elsewhere"}`))
	}))
	defer other.Close()
	var authed bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authed = r.Header.Get("Authorization") == "Bearer "+tok
		http.Redirect(w, r, other.URL+"/user", http.StatusFound)
	}))
	defer api.Close()
	base, _ := url.Parse(api.URL + "/")
	ep := endpoint{base: base, apiVersion: "2022-11-28"}
	following := &http.Client{} // follows redirects, unlike the Service's
	p := newProber(ep, following, "test", tok, "sha256:test", time.Now, func(string, ...any) {})
	var r Result
	p.probe(context.Background(), ghtoken.ClassicPAT, &r)
	if !authed {
		t.Errorf("the API host did not get the token")
	}
	if r.Login != "elsewhere" {
		t.Errorf("the redirect was not followed (login %q): the test proves nothing", r.Login)
	}
}
