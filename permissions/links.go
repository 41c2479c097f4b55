package permissions

import (
	"net/url"
	"strconv"
	"strings"
)

// LinkOptions name the token a link pre-fills. Host is the GitHub web
// host (github.com, or an Enterprise Server host).
type LinkOptions struct {
	Host        string
	Name        string
	Description string
	Owner       string // resource owner (user or organization) to pre-select; "" for none
	ExpiresDays int    // 0: leave GitHub's default
}

func webBase(host string) string {
	if host == "" {
		host = "github.com"
	}
	return "https://" + host
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
	return webBase(o.Host) + "/settings/personal-access-tokens/new?" + strings.Join(q, "&")
}

// ClassicLink is the page that creates a classic token with the set's
// scopes ticked.
func (s Set) ClassicLink(o LinkOptions) string {
	q := "scopes=" + url.QueryEscape(strings.Join(s.Classic, ",")) + "&description=" + url.QueryEscape(o.Description)
	return webBase(o.Host) + "/settings/tokens/new?" + q
}
