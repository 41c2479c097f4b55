package permissions

import (
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// LinkOptions name the token a link pre-fills. Host is the GitHub web
// host: "" for github.com, or an Enterprise Server host as
// ghhost.NormalizeEnterpriseHost gives it ("ghe.example.com", or
// "http://127.0.0.1:8080" for a loopback test server).
type LinkOptions struct {
	Host        string
	Name        string
	Description string
	Owner       string // resource owner (user or organization) to pre-select; "" for none
	ExpiresDays int    // 0: leave GitHub's default
}

// FineGrainedLink is the page that creates a fine-grained token with the
// set's permissions ticked (GitHub, 2025-08-26: name, description,
// target_name, expires_in and <permission>=<level>; repositories cannot
// be pre-selected).
func (s Set) FineGrainedLink(o LinkOptions) string {
	q := []string{"name=" + url.QueryEscape(o.Name), "description=" + url.QueryEscape(o.Description)}
	if o.Owner != "" {
		q = append(q, "target_name="+url.QueryEscape(o.Owner))
	}
	if o.ExpiresDays > 0 {
		q = append(q, "expires_in="+strconv.Itoa(o.ExpiresDays))
	}
	if p := s.Query(); p != "" {
		q = append(q, p)
	}
	return ghhost.WebBase(o.Host) + ghtoken.FineGrainedPAT.Traits().Managed.Path + "/new?" + strings.Join(q, "&")
}

// ClassicLink is the page that creates a classic token with the set's
// scopes ticked.
func (s Set) ClassicLink(o LinkOptions) string {
	q := "scopes=" + url.QueryEscape(strings.Join(s.Classic, ",")) + "&description=" + url.QueryEscape(o.Description)
	return ghhost.WebBase(o.Host) + ghtoken.ClassicPAT.Traits().Managed.Path + "/new?" + q
}

// DefaultDescription is the description a pre-filled token gets unless
// the user names one (the CLI and the editor's hover alike).
const DefaultDescription = "Least privilege for the GitHub API calls found by ghpat-ls permissions"

// DefaultExpiresDays is the lifetime a pre-filled fine-grained token asks for.
const DefaultExpiresDays = 30

// DefaultName is the name a pre-filled token gets for the code in dir.
func DefaultName(dir string) string { return "ghpat-ls " + filepath.Base(dir) }

// UnusedScopes are the scopes in has that no scope in needed calls for:
// a scope is used when it is needed or covers a needed one (repo covers
// public_repo). Order: has's.
func UnusedScopes(has, needed []string) []string {
	var out []string
	for _, h := range has {
		used := false
		for _, n := range needed {
			if ScopeCovers(h, n) {
				used = true
				break
			}
		}
		if !used {
			out = append(out, h)
		}
	}
	return out
}
