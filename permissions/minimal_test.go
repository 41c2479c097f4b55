package permissions

import (
	"reflect"
	"testing"
)

func routes(t *testing.T, specs ...string) []*Route {
	t.Helper()
	var out []*Route
	for _, s := range specs {
		var method, path string
		for i := range s {
			if s[i] == ' ' {
				method, path = s[:i], s[i+1:]
				break
			}
		}
		r, ok := Default().Match(method, path)
		if !ok {
			t.Fatalf("%s: not in the table", s)
		}
		out = append(out, r)
	}
	return out
}

func grants(s Set) []string {
	var out []string
	for _, g := range s.FineGrained {
		out = append(out, g.String())
	}
	return out
}

func TestMinimalPrefersWhatIsAlreadyNeeded(t *testing.T) {
	// Adding labels takes issues or pull_requests: write. Alone, GitHub's
	// first (issues) wins; next to a pull request update, pull_requests
	// covers both.
	alone := Default().Minimal(routes(t, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels"))
	if got := grants(alone); !reflect.DeepEqual(got, []string{"issues: write"}) {
		t.Errorf("alone: %v", got)
	}
	rs := routes(t, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "PATCH /repos/{owner}/{repo}/pulls/{pull_number}")
	s := Default().Minimal(rs)
	if got := grants(s); !reflect.DeepEqual(got, []string{"pull_requests: write"}) {
		t.Errorf("with a PR update: %v", got)
	}
	if got := s.FineUsers[Grant{"pull_requests", Write}]; !reflect.DeepEqual(got, []int{0, 1}) {
		t.Errorf("users of pull_requests: write: %v", got)
	}
}

func TestMinimalCollapsesLevelsAndGroups(t *testing.T) {
	rs := routes(t,
		"GET /repos/{owner}/{repo}/contents/{path}",
		"PUT /repos/{owner}/{repo}/contents/{path}",
		"GET /repos/{owner}/{repo}/forks", // metadata: read only
		"GET /orgs/{org}/members",
		"GET /user/emails",
	)
	s := Default().Minimal(rs)
	want := []string{"contents: write", "metadata: read", "members: read", "emails: read"}
	if got := grants(s); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := s.FineUsers[Grant{"contents", Write}]; !reflect.DeepEqual(got, []int{0, 1}) {
		t.Errorf("contents: write is there for %v", got)
	}
	// GitHub's description of the members list names no scope.
	if !reflect.DeepEqual(s.Classic, []string{"repo", "user:email"}) {
		t.Errorf("classic: %v", s.Classic)
	}
}

func TestClassicBroaderScopeWins(t *testing.T) {
	s := Default().Minimal(routes(t, "GET /repos/{owner}/{repo}/code-scanning/alerts", "POST /repos/{owner}/{repo}/issues"))
	if !reflect.DeepEqual(s.Classic, []string{"repo"}) {
		t.Errorf("classic: %v (repo covers security_events)", s.Classic)
	}
}

func TestLinks(t *testing.T) {
	s := Default().Minimal(routes(t, "POST /repos/{owner}/{repo}/issues", "GET /repos/{owner}/{repo}/contents/{path}"))
	o := LinkOptions{Name: "ci bot", Description: "made by ghpat-ls", ExpiresDays: 30}
	if got, want := s.FineGrainedLink(o), "https://github.com/settings/personal-access-tokens/new?name=ci+bot&description=made+by+ghpat-ls&expires_in=30&contents=read&issues=write"; got != want {
		t.Errorf("fine-grained link\n got %s\nwant %s", got, want)
	}
	o.Host = "ghe.example.com"
	if got, want := s.ClassicLink(o), "https://ghe.example.com/settings/tokens/new?scopes=repo&description=made+by+ghpat-ls"; got != want {
		t.Errorf("classic link\n got %s\nwant %s", got, want)
	}
}

// Greedy per route would take issues for the labels (GitHub's first) and
// contents for the pull request read: two permissions where one serves.
func TestMinimalSetCover(t *testing.T) {
	s := Default().Minimal(routes(t, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "GET /repos/{owner}/{repo}/pulls/{pull_number}"))
	if got := grants(s); !reflect.DeepEqual(got, []string{"pull_requests: write"}) {
		t.Errorf("got %v, want pull_requests: write alone", got)
	}
	if got := s.FineUsers[Grant{"pull_requests", Write}]; !reflect.DeepEqual(got, []int{0, 1}) {
		t.Errorf("pull_requests: write is there for %v", got)
	}
}

// TestMinimalRepeatedRoutes: calling routes many times chooses what
// calling each once chooses, and every call is listed under its grants
// (the chooser works on the distinct routes, weighted by their calls).
func TestMinimalRepeatedRoutes(t *testing.T) {
	once := routes(t, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "GET /repos/{owner}/{repo}/pulls/{pull_number}",
		"PATCH /repos/{owner}/{repo}/pulls/{pull_number}")
	var many []*Route
	for i := 0; i < 500; i++ {
		many = append(many, once...)
	}
	a, b := Default().Minimal(once), Default().Minimal(many)
	if !reflect.DeepEqual(grants(a), grants(b)) || !reflect.DeepEqual(a.Classic, b.Classic) {
		t.Fatalf("once %v %v, 500 times %v %v", grants(a), a.Classic, grants(b), b.Classic)
	}
	for g, users := range b.FineUsers {
		if len(users) != 500*len(a.FineUsers[g]) {
			t.Errorf("%v: %d calls listed, want %d", g, len(users), 500*len(a.FineUsers[g]))
		}
	}
	// Two routes with alternatives each, every call doubled: the same.
	few := routes(t, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "GET /repos/{owner}/{repo}/pulls/{pull_number}")
	if got := grants(Default().Minimal(append(few, few...))); !reflect.DeepEqual(got, grants(Default().Minimal(few))) {
		t.Errorf("doubled %v, once %v", got, grants(Default().Minimal(few)))
	}
}
