package tokeninfo

import (
	"errors"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// One reading of the Enterprise host for every caller: https by default,
// plain http kept for loopback test servers (it used to be turned into
// https on the way from the editor) and refused for any other host.
func TestEnterpriseHostResolves(t *testing.T) {
	for _, c := range []struct{ host, base string }{
		{"ghe.example.com", "https://ghe.example.com/api/v3/"},
		{"https://GHE.example.com/", "https://ghe.example.com/api/v3/"},
		{"https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v3/"},
		{"HTTP://[::1]:9", "http://[::1]:9/api/v3/"},
	} {
		base, _, err := Settings{EnterpriseHost: c.host}.APIBase()
		if err != nil || base.String() != c.base {
			t.Errorf("%q: %v %v, want %s", c.host, base, err, c.base)
		}
	}
	for _, host := range []string{"http://ghe.example.com", "http://10.0.0.1:8080"} {
		if _, _, err := (Settings{EnterpriseHost: host}).APIBase(); !errors.Is(err, ghhost.ErrInsecureURL) {
			t.Errorf("%q: %v, want ErrInsecureURL", host, err)
		}
	}
}
