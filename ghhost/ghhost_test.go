package ghhost

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

func TestNormalizeEnterpriseHost(t *testing.T) {
	for in, want := range map[string]string{
		"":                                "",
		"  ":                              "",
		"ghe.example.com":                 "ghe.example.com",
		"https://GHE.example.com/":        "ghe.example.com",
		"https://ghe.example.com/api/v3":  "ghe.example.com",
		"https://ghe.example.com/api/v3/": "ghe.example.com",
		"http://127.0.0.1:8080":           "http://127.0.0.1:8080",
		"HTTP://[::1]:9/":                 "http://[::1]:9",
	} {
		if got, err := NormalizeEnterpriseHost(in); err != nil || got != want {
			t.Errorf("NormalizeEnterpriseHost(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"ghe.example.com/x", "user@ghe.example.com", "https://", "http://", "a b"} {
		if _, err := NormalizeEnterpriseHost(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	for _, in := range []string{"http://ghe.example.com", "http://10.0.0.1:8080"} {
		if _, err := NormalizeEnterpriseHost(in); !errors.Is(err, ErrInsecureURL) {
			t.Errorf("%q: %v, want ErrInsecureURL", in, err)
		}
	}
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1)
	if _, err := NormalizeEnterpriseHost("https://" + tok + "/x"); err == nil || strings.Contains(err.Error(), tok) {
		t.Errorf("a token in the host is shown in full: %v", err != nil)
	}
}

func TestResolveAPI(t *testing.T) {
	for _, c := range []struct {
		apiURL, host string
		base, web    string
		enterprise   bool
	}{
		{"", "", DefaultAPIURL, DefaultWebURL, false},
		{"", "ghe.example.com", "https://ghe.example.com/api/v3/", "https://ghe.example.com", true},
		{"", "https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/", "https://ghe.example.com", true},
		{"", "api.acme.ghe.com", "https://api.acme.ghe.com/", "https://acme.ghe.com", true},
		{"", "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v3/", "http://127.0.0.1:8080", true},
		{"http://localhost:9", "ghe.example.com", "http://localhost:9/", "http://localhost:9", true},
		{"https://api.github.com", "", DefaultAPIURL, DefaultWebURL, false},
	} {
		api, err := ResolveAPI(c.apiURL, c.host)
		if err != nil || api.Base.String() != c.base || api.Web != c.web || api.Enterprise != c.enterprise {
			t.Errorf("ResolveAPI(%q, %q) = %v %q %v, %v; want %s %s %v", c.apiURL, c.host, api.Base, api.Web, api.Enterprise, err, c.base, c.web, c.enterprise)
		}
	}
	for _, u := range []string{"http://example.com/", "ftp://x/", "https://user:pw@x/", "https:///"} {
		if _, err := ResolveAPI(u, ""); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

func TestAPIRootsAndHosts(t *testing.T) {
	roots := APIRoots([]string{"https://GHE.example.com/api/v3/", "github.com", "", "ghe2.example.com"})
	want := []string{APIHost, "ghe.example.com" + EnterpriseAPIPath, "ghe2.example.com" + EnterpriseAPIPath}
	if len(roots) != len(want) {
		t.Fatalf("APIRoots = %q, want %q", roots, want)
	}
	for i := range want {
		if roots[i] != want[i] {
			t.Errorf("APIRoots = %q, want %q", roots, want)
		}
	}
	for host, want := range map[string]bool{
		WebHost: true, APIHost: true, "raw" + UserContentSuffix: true, "git@" + WebHost: true, WebHost + ":443": true,
		"ghe.example.com": true, "evil" + WebHost: false, "example.com": false,
	} {
		if got := IsGitHubHost(host, []string{"https://ghe.example.com/"}); got != want {
			t.Errorf("IsGitHubHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestAPIURLPattern: the call finder's pattern is read from APIRoots, so an
// Enterprise host is an API host only when it is configured.
func TestAPIURLPattern(t *testing.T) {
	re := regexp.MustCompile(`^(?:` + APIURLPattern([]string{"https://GHE.example.com/api/v3/"}) + `)`)
	for url, want := range map[string]bool{
		"https://" + APIHost + "/user":              true,
		"https://" + UploadsHost + "/repos":         true,
		"https://ghe.example.com/api/v3/user":       true,
		"https://ghe.example.com/api/graphql":       true,
		"https://ghe.example.com/api/uploads/repos": true,
		"https://other.example.com/api/v3/user":     false,
		"https://ghe.example.com/user":              false,
		"https://" + WebHost + "/o/r":               false,
	} {
		if got := re.MatchString(url); got != want {
			t.Errorf("%s: matched %v, want %v", url, got, want)
		}
	}
}

func TestBareHost(t *testing.T) {
	for in, want := range map[string]string{
		"ghe.example.com": "ghe.example.com", "https://GHE.example.com/api/v3/": "ghe.example.com",
		"http://127.0.0.1:8080": "127.0.0.1:8080", " ": "",
	} {
		if got := BareHost(in); got != want {
			t.Errorf("BareHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVersions(t *testing.T) {
	if DefaultVersionFor(true) != DefaultAPIVersion || DefaultVersionFor(false) != LatestAPIVersion {
		t.Error("DefaultVersionFor")
	}
	if known := KnownAPIVersions(); known[0] != DefaultAPIVersion || known[len(known)-1] != LatestAPIVersion {
		t.Errorf("KnownAPIVersions = %q", known)
	}
}
