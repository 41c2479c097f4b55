package ghclient

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

func TestClientRules(t *testing.T) {
	var elsewhere int
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere++ }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, other.URL, http.StatusFound)
		case "/big":
			w.Write([]byte(strings.Repeat("x", MaxBody+1)))
		case "/exact":
			w.Write([]byte(strings.Repeat("x", MaxBody)))
		}
	}))
	defer srv.Close()
	c := New(nil)
	resp, err := c.Get(srv.URL + "/redirect")
	if err != nil || resp.StatusCode != http.StatusFound || elsewhere != 0 {
		t.Errorf("redirect: %v %v, %d requests elsewhere", resp, err, elsewhere)
	}
	for path, wantErr := range map[string]error{"/big": ErrBodyTooLarge, "/exact": nil} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if !errors.Is(err, wantErr) {
			t.Errorf("%s: %v, want %v", path, err, wantErr)
		}
	}
	if _, err := c.Get("http://example.com/"); !errors.Is(err, ghhost.ErrInsecureURL) {
		t.Errorf("plain http off loopback: %v", err)
	}
	if New(c).Transport != c.Transport {
		t.Error("wrapped twice")
	}
}

func TestRetryAt(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	server := now.Add(3 * time.Hour) // the server's clock is ahead
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	unix := func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
	for name, c := range map[string]struct {
		h  http.Header
		at time.Time
		ok bool
	}{
		"seconds":          {h("Retry-After", "120"), now.Add(2 * time.Minute), true},
		"date, skewed":     {h("Date", server.Format(http.TimeFormat), "Retry-After", server.Add(5*time.Minute).Format(http.TimeFormat)), now.Add(5 * time.Minute), true},
		"reset, skewed":    {h("Date", server.Format(http.TimeFormat), "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", unix(server.Add(10*time.Minute))), now.Add(10 * time.Minute), true},
		"reset, some left": {h("X-RateLimit-Remaining", "5", "X-RateLimit-Reset", unix(now.Add(time.Minute))), time.Time{}, false},
		"nothing":          {h(), time.Time{}, false},
	} {
		at, ok := RetryAt(c.h, now)
		if ok != c.ok || !at.Equal(c.at) {
			t.Errorf("%s: %v %v, want %v %v", name, at, ok, c.at, c.ok)
		}
	}
	if got := Bound(now.Add(-time.Hour), now); !got.Equal(now.Add(time.Minute)) {
		t.Errorf("past: %v", got)
	}
	if got := Bound(now.Add(7*24*time.Hour), now); !got.Equal(now.Add(MaxRetryWait)) {
		t.Errorf("a week: %v", got)
	}
}

func TestExplain(t *testing.T) {
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, c := range []struct {
		status int
		h      http.Header
		want   Refusal
	}{
		{401, h(), BadCredentials},
		{403, h(), Forbidden},
		{403, h("X-RateLimit-Remaining", "0"), RateLimited},
		{403, h("Retry-After", "60"), SecondaryLimit},
		{429, h("Retry-After", "60"), SecondaryLimit},
		{429, h("X-RateLimit-Remaining", "0"), RateLimited},
		{429, h(), SecondaryLimit},
		{422, h(), NotRefused},
		{500, h("X-RateLimit-Remaining", "0"), NotRefused},
	} {
		if got := Explain(c.status, c.h); got != c.want {
			t.Errorf("%d %v: %v, want %v", c.status, c.h, got, c.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	for raw, want := range map[string]string{
		`{"message":"Validation Failed","errors":[{"message":"bad"},{"field":"credentials","code":"invalid"}]}`: "Validation Failed: bad: credentials invalid",
		`<html>Bad gateway</html>`: "<html>Bad gateway</html>",
		`{}`:                       "",
	} {
		if got := ErrorMessage([]byte(raw)); got != want {
			t.Errorf("ErrorMessage(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestScrub(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 5)
	legacy := strings.Repeat("0123456789", 4)
	s := Scrub("bad "+tok+" and "+legacy+"\n\x1b[31mred\u202egnp.exe\xff"+strings.Repeat(" é", 400), 300, legacy)
	if strings.Contains(s, tok) || strings.Contains(s, legacy) || !strings.Contains(s, ghtoken.Redact(tok)) {
		t.Errorf("secrets not redacted: %q", ghtoken.RedactAll(s))
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%q keeps %U", s, r)
		}
	}
	if !utf8.ValidString(s) || len(s) > 300+len("…") || strings.Contains(s, "  ") {
		t.Errorf("not one bounded line: %d bytes %q", len(s), s)
	}
	if got := ScrubSecrets("a\nb "+tok, legacy); got != "a\nb "+ghtoken.Redact(tok) {
		t.Errorf("ScrubSecrets changed more than the token: %q", got)
	}
}
