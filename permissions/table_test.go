package permissions

import (
	"regexp"
	"strings"
	"testing"
)

// TestTableInvariants checks the generated routes.tsv: it parses (which
// checks levels, permission keys, duplicate routes and that every client
// method points at a known route), says where each input came from, and
// holds what GitHub documents for a few routes.
func TestTableInvariants(t *testing.T) {
	tab, err := Parse(routesTSV)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(tab.Header, "\n")
	for _, want := range []string{"github/docs@", "@octokit/openapi@", "@octokit/plugin-rest-endpoint-methods@", "go-github/v66@", "MIT", "BSD-3-Clause"} {
		if !strings.Contains(header, want) {
			t.Errorf("header does not record %q", want)
		}
	}
	routes := tab.Routes()
	if len(routes) < 1000 || len(tab.OctokitMethods()) < 900 || len(tab.GoGitHubMethods()) < 700 {
		t.Fatalf("table too small: %d routes, %d octokit, %d go-github", len(routes), len(tab.OctokitMethods()), len(tab.GoGitHubMethods()))
	}
	segment := regexp.MustCompile(`^((\{[a-z_0-9-]+\})|[A-Za-z0-9_.\-:+@]+)+$`)
	methods := map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true}
	for _, r := range routes {
		if !methods[r.Method] {
			t.Errorf("%s: method", r)
		}
		for _, s := range strings.Split(strings.Trim(r.Path, "/"), "/") {
			if r.Path != "/" && !segment.MatchString(s) {
				t.Errorf("%s: segment %q does not parse", r, s)
			}
		}
		for _, set := range r.FineGrained {
			if len(set) == 0 {
				t.Errorf("%s: empty alternative", r)
			}
			seen := map[string]bool{}
			for _, g := range set {
				if g.Level < Read || g.Level > Admin || seen[g.Permission] {
					t.Errorf("%s: grant %v", r, g)
				}
				seen[g.Permission] = true
			}
		}
		for _, set := range r.Classic {
			for _, sc := range set {
				if !knownScope(sc) {
					t.Errorf("%s: unknown classic scope %q", r, sc)
				}
			}
		}
		if isParam(r.segments[0]) {
			t.Errorf("%s: Match indexes routes by their first segment, which must be literal", r)
		}
		if got, ok := tab.Match(r.Method, r.Path); !ok || got != r {
			t.Errorf("%s does not match itself (got %v)", r, got)
		}
	}
}

func knownScope(s string) bool {
	if _, ok := scopeImplies[s]; ok {
		return true
	}
	for _, list := range scopeImplies {
		for _, x := range list {
			if x == s {
				return true
			}
		}
	}
	return strings.Contains(" workflow delete_repo gist notifications admin:org_hook delete:packages read:packages copilot manage_billing:copilot audit_log read:audit_log site_admin ", " "+s+" ")
}

// TestDocumentedRoutes pins facts from GitHub's reference pages, so a
// regeneration that loses them fails.
func TestDocumentedRoutes(t *testing.T) {
	tab := Default()
	cases := []struct{ method, path, fine, classic string }{
		{"POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues: write | pull_requests: write", "repo"},
		{"POST", "/repos/{owner}/{repo}/forks", "administration: write + contents: read", "repo"},
		{"GET", "/user", "", ""},
		{"PUT", "/repos/{owner}/{repo}/contents/{path}", "contents: write | workflows: write", "repo"},
		{"DELETE", "/repos/{owner}/{repo}", "administration: write", "delete_repo"},
	}
	for _, c := range cases {
		r, ok := tab.Match(c.method, c.path)
		if !ok {
			t.Errorf("%s %s: not in the table", c.method, c.path)
			continue
		}
		if got := fineString(r.FineGrained); got != c.fine {
			t.Errorf("%s: fine-grained %q, want %q", r, got, c.fine)
		}
		if got := classicString(r.Classic); got != c.classic {
			t.Errorf("%s: classic %q, want %q", r, got, c.classic)
		}
	}
	if r, ok := tab.Octokit("issues.create"); !ok || r.String() != "POST /repos/{owner}/{repo}/issues" {
		t.Errorf("octokit issues.create = %v", r)
	}
	if rs := tab.GoGitHub("Issues.Create"); len(rs) != 1 || rs[0].String() != "POST /repos/{owner}/{repo}/issues" {
		t.Errorf("go-github Issues.Create = %v", rs)
	}
}

func fineString(d [][]Grant) string {
	var alts []string
	for _, set := range d {
		var s []string
		for _, g := range set {
			s = append(s, g.String())
		}
		alts = append(alts, strings.Join(s, " + "))
	}
	return strings.Join(alts, " | ")
}

func classicString(d [][]string) string {
	var alts []string
	for _, set := range d {
		alts = append(alts, strings.Join(set, "+"))
	}
	return strings.Join(alts, "|")
}

func TestMatchConcretePaths(t *testing.T) {
	tab := Default()
	cases := []struct{ method, path, want string }{
		{"POST", "/repos/octo/app/issues/12/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels"},
		{"GET", "/repos/octo/app/issues/comments", "/repos/{owner}/{repo}/issues/comments"},
		{"GET", "/repos/{}/{}/issues/{}/comments?per_page=100", "/repos/{owner}/{repo}/issues/{issue_number}/comments"},
		{"GET", "/repos/o/r/contents/docs/a/b.md", "/repos/{owner}/{repo}/contents/{path}"},
		{"GET", "/repos/o/r/git/ref/heads/main", "/repos/{owner}/{repo}/git/ref/{ref}"},
		{"GET", "/user/", "/user"},
	}
	for _, c := range cases {
		r, ok := tab.Match(c.method, c.path)
		if !ok || r.Path != c.want {
			t.Errorf("Match(%s %s) = %v, want %s", c.method, c.path, r, c.want)
		}
	}
	for _, bad := range []string{"/repos/{x}/{y}/{z}/labels", "/nonsense/path"} {
		if r, ok := tab.Match("POST", bad); ok {
			t.Errorf("Match(POST %s) = %v, want none", bad, r)
		}
	}
}
