package tokeninfo_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// rawGitHub is a server that misbehaves in one way per test; the Service
// asks it with a generated token in GITHUB_TOKEN.
func rawGitHub(t *testing.T, st tokeninfo.Settings, handler http.HandlerFunc) (*tokeninfo.Service, string) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 900)
	st.APIURL, st.APIVersion = srv.URL, testVersion
	var mu sync.Mutex
	var logs []string
	svc, err := tokeninfo.New(tokeninfo.Options{
		Settings:  st,
		LookupEnv: func(string) (string, bool) { return tok, true },
		Now:       func() time.Time { return fixedNow },
		Logf: func(f string, a ...any) {
			mu.Lock()
			logs = append(logs, fmt.Sprintf(f, a...))
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, l := range logs {
			if fixture.Shows([]byte(l), tok) {
				t.Errorf("a log line holds the full token")
			}
		}
	})
	return svc, tok
}

func checkMarkdown(t *testing.T, tok string, r tokeninfo.Result) string {
	t.Helper()
	md := tokeninfo.Markdown(analysis.EnvRef{Name: "GITHUB_TOKEN"}, r, fixedNow)
	g := fixture.Watch(t, tok)
	g.CheckString("the hover", md)
	g.CheckString("the plain-text hover", tokeninfo.Text(r, fixedNow))
	return md
}

// TestRedirectToAnotherHostIsNotFollowed: a redirect (from a proxy, a moved
// Enterprise host or an attacker) never carries the token to the other
// host, whether the Service made its HTTP client or was given one.
func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the redirect target received an Authorization header")
		}
	}))
	t.Cleanup(other.Close)
	for _, client := range []*http.Client{nil, {}, http.DefaultClient} {
		svc, tok := rawGitHub(t, tokeninfo.Settings{}, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/user", http.StatusTemporaryRedirect)
		})
		if client != nil {
			// Options.HTTPClient: its CheckRedirect is replaced.
			var err error
			svc, err = tokeninfo.New(tokeninfo.Options{
				Settings:   tokeninfo.Settings{APIURL: strings.TrimSuffix(svcURL(t, svc), "/"), APIVersion: testVersion},
				LookupEnv:  func(string) (string, bool) { return tok, true },
				HTTPClient: client,
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		r := svc.Check(context.Background(), "GITHUB_TOKEN")
		if r.State != tokeninfo.Failed || r.Failure.Status != http.StatusTemporaryRedirect {
			t.Errorf("client %v: state %v failure %+v", client, r.State, r.Failure)
		}
		checkMarkdown(t, tok, r)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect was followed %d times", n)
	}
}

// svcURL recovers the API URL a Service was made with, from its settings
// link (http://127.0.0.1:PORT/settings/tokens).
func svcURL(t *testing.T, svc *tokeninfo.Service) string {
	u, ok := strings.CutSuffix(svc.TokenSettingsURL(ghtoken.ClassicPAT), "/settings/tokens")
	if !ok {
		t.Fatalf("settings URL %q", svc.TokenSettingsURL(ghtoken.ClassicPAT))
	}
	return u + "/"
}

// TestServerErrorsAndHTML: a 500 and a proxy's HTML page are explained as
// unexpected answers, not as a rejected token.
func TestServerErrorsAndHTML(t *testing.T) {
	for _, c := range []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string
	}{
		{"500 json", 500, "application/json", `{"message":"Server Error"}`, "Unexpected answer from 127.0.0.1"},
		{"502 html", 502, "text/html", "<html><body>Bad gateway</body></html>", "502"},
		{"200 html", 200, "text/html", "<html><body>Sign in to the proxy</body></html>", "unexpected response"},
		// A long message, with newlines that would break the hover's list.
		{"500 long message", 500, "application/json", `{"message":"` + strings.Repeat(`line\n- item `, 20000) + `"}`, "line - item line - item"},
	} {
		t.Run(c.name, func(t *testing.T) {
			svc, tok := rawGitHub(t, tokeninfo.Settings{}, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.ctype)
				w.WriteHeader(c.status)
				w.Write([]byte(c.body))
			})
			r := svc.Check(context.Background(), "GITHUB_TOKEN")
			if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonOther {
				t.Fatalf("state %v failure %+v", r.State, r.Failure)
			}
			md := checkMarkdown(t, tok, r)
			mustContain(t, md, c.want)
			if len(md) > 2048 || strings.Count(md, "\n") > 12 {
				t.Errorf("hover of %d bytes and %d lines", len(md), strings.Count(md, "\n"))
			}
		})
	}
}

// TestHugeBodyIsNotRead: a server sending an endless body (as JSON that
// never ends, or as an error page) gets the lookup refused after a
// bounded read, not the client's memory.
func TestHugeBodyIsNotRead(t *testing.T) {
	const total = 64 << 20
	for _, status := range []int{200, 500} {
		var written atomic.Int64
		svc, tok := rawGitHub(t, tokeninfo.Settings{}, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			// One JSON string that never ends.
			w.Write([]byte(`{"login":"`))
			chunk := []byte(strings.Repeat("a", 64<<10))
			for written.Load() < total {
				n, err := w.Write(chunk)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		})
		r := svc.Check(context.Background(), "GITHUB_TOKEN")
		if r.State != tokeninfo.Failed || r.Login != "" {
			t.Errorf("%d: state %v login of %d bytes", status, r.State, len(r.Login))
		}
		md := checkMarkdown(t, tok, r)
		if len(md) > 4096 {
			t.Errorf("%d: hover of %d bytes", status, len(md))
		}
		if n := written.Load(); n >= total {
			t.Errorf("%d: the client read the whole %d-byte body", status, n)
		}
	}
}

// TestStalledBodyTimesOut: headers arrive, then the body stops (a
// slowloris answer). The request timeout ends the lookup, and the hover
// says the host could not be reached in time.
func TestStalledBodyTimesOut(t *testing.T) {
	svc, tok := rawGitHub(t, tokeninfo.Settings{RequestTimeout: 200 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.Write([]byte(`{"login":"oct`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	r := svc.Check(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonUnreachable || r.Failure.Detail != "timed out" {
		t.Fatalf("state %v failure %+v", r.State, r.Failure)
	}
	mustContain(t, checkMarkdown(t, tok, r), "Could not reach 127.0.0.1", "timed out")
}

// TestRetryAfterAndResetTimes: Retry-After as an HTTP date (read against
// the server's Date, so a skewed local clock waits as long as asked), an
// X-RateLimit-Reset in the past, and one far in the future (a local clock
// a day behind) all give a retry time between one minute and one hour.
func TestRetryAfterAndResetTimes(t *testing.T) {
	serverNow := fixedNow.Add(3 * time.Hour) // the server's clock is ahead
	for _, c := range []struct {
		name   string
		header map[string]string
		status int
		want   time.Time
	}{
		{"retry-after date", map[string]string{
			"Date":        serverNow.Format(http.TimeFormat),
			"Retry-After": serverNow.Add(5 * time.Minute).Format(http.TimeFormat),
		}, 429, fixedNow.Add(5 * time.Minute)},
		{"retry-after date without Date", map[string]string{
			"Retry-After": fixedNow.Add(10 * time.Minute).Format(http.TimeFormat),
		}, 429, fixedNow.Add(10 * time.Minute)},
		{"reset in the past", map[string]string{
			"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "5000",
			"X-RateLimit-Reset": unix(fixedNow.Add(-time.Hour)),
		}, 403, fixedNow.Add(time.Minute)},
		{"reset a day ahead", map[string]string{
			"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "5000",
			"X-RateLimit-Reset": unix(fixedNow.Add(24*time.Hour + 30*time.Minute)),
		}, 403, fixedNow.Add(time.Hour)},
		{"retry-after of a week", map[string]string{"Retry-After": "604800"}, 429, fixedNow.Add(time.Hour)},
	} {
		t.Run(c.name, func(t *testing.T) {
			svc, tok := rawGitHub(t, tokeninfo.Settings{}, func(w http.ResponseWriter, r *http.Request) {
				if _, ok := c.header["Date"]; !ok {
					w.Header()["Date"] = nil // net/http adds one otherwise
				}
				for k, v := range c.header {
					w.Header().Set(k, v)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(c.status)
				w.Write([]byte(`{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}`))
			})
			r := svc.Check(context.Background(), "GITHUB_TOKEN")
			if r.State != tokeninfo.Failed || r.Failure.Reason != tokeninfo.ReasonRateLimited && r.Failure.Reason != tokeninfo.ReasonSecondaryLimit {
				t.Fatalf("state %v failure %+v", r.State, r.Failure)
			}
			if !r.Failure.RetryAt.Equal(c.want) {
				t.Errorf("retry at %v, want %v", r.Failure.RetryAt.UTC(), c.want.UTC())
			}
			checkMarkdown(t, tok, r)
		})
	}
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// TestLongFieldsStayBounded: a login, name or scope list far longer than
// GitHub's, with newlines, does not blow up the hover.
func TestLongFieldsStayBounded(t *testing.T) {
	long := strings.Repeat("x\n- ", 5000)
	svc, tok := rawGitHub(t, tokeninfo.Settings{}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-OAuth-Scopes", strings.Repeat("repo, ", 3000))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"login":%q,"name":%q,"type":"User"}`, long, long)
	})
	r := svc.Check(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Accepted {
		t.Fatalf("state %v failure %+v", r.State, r.Failure)
	}
	md := checkMarkdown(t, tok, r)
	if len(md) > 4096 || strings.Count(md, "\n") > 15 {
		t.Errorf("hover of %d bytes and %d lines", len(md), strings.Count(md, "\n"))
	}
}

type panickyTransport struct{}

func (panickyTransport) RoundTrip(*http.Request) (*http.Response, error) {
	panic("transport bug")
}

// TestPanicDuringLookupIsAFailure: a panic under the lookup (here in the
// HTTP transport) runs in a background goroutine, where nothing would
// recover it and the whole language server would die. It is a failed
// lookup instead.
func TestPanicDuringLookupIsAFailure(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 901)
	svc, err := tokeninfo.New(tokeninfo.Options{
		Settings:   tokeninfo.Settings{APIURL: "http://127.0.0.1:9/", APIVersion: testVersion},
		LookupEnv:  func(string) (string, bool) { return tok, true },
		HTTPClient: &http.Client{Transport: panickyTransport{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := svc.Check(context.Background(), "GITHUB_TOKEN")
	if r.State != tokeninfo.Failed || r.Failure == nil || !strings.Contains(r.Failure.Detail, "internal error") {
		t.Fatalf("state %v failure %+v", r.State, r.Failure)
	}
	checkMarkdown(t, tok, r)
}
