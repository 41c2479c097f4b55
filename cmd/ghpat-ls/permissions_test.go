package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// permJSON is the documented JSON shape, decoded strictly enough that a
// renamed or retyped field fails.
type permJSON struct {
	Calls []struct {
		Method  string `json:"method"`
		Path    string `json:"path"`
		File    string `json:"file"`
		Line    int    `json:"line"`
		How     string `json:"how"`
		GraphQL bool   `json:"graphql"`
		Known   bool   `json:"known"`
		Infer   bool   `json:"classicScopeInferred"`
	} `json:"calls"`
	FineGrained   map[string]string   `json:"fineGrained"`
	NeededBy      map[string][]int    `json:"fineGrainedNeededBy"`
	Groups        map[string][]string `json:"fineGrainedGroups"`
	ClassicScopes []string            `json:"classicScopes"`
	ClassicBy     map[string][]int    `json:"classicScopesNeededBy"`
	Links         struct {
		FineGrained string `json:"fineGrained"`
		Classic     string `json:"classic"`
	} `json:"links"`
}

// runPermissionsIn runs the real binary in dir.
func runPermissionsIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(testbin.Path(t), append([]string{"permissions"}, args...)...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

func permissionsJSON(t *testing.T, dir string, args ...string) permJSON {
	t.Helper()
	code, out, errs := runPermissionsIn(t, dir, append([]string{"--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var rep permJSON
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return rep
}

var expectRe = regexp.MustCompile(`expect: ([^>\n]*?)\s*(?:-->)?$`)

// fixtureExpectations reads the "expect:" markers of every file under
// root: "METHOD /route", "GraphQL", "none", several split by ";".
func fixtureExpectations(t *testing.T, root string) (want []string, silent map[string]bool) {
	t.Helper()
	silent = map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(filepath.Dir(root), p)
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			m := expectRe.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			where := filepath.ToSlash(rel) + ":" + strconv.Itoa(n)
			for _, e := range strings.Split(m[1], ";") {
				switch e = strings.TrimSpace(e); e {
				case "none":
					silent[where] = true
				case "GraphQL":
					want = append(want, where+" GraphQL")
				default:
					want = append(want, where+" "+e)
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	return want, silent
}

// TestPermissionsFindsEveryFixtureCall runs the binary over the fixture
// workspace (one file per language and recogniser, each call's line
// marked with what it must be) and compares exactly: nothing missed,
// nothing extra, no call on a web URL.
func TestPermissionsFindsEveryFixtureCall(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "permissions")
	want, silent := fixtureExpectations(t, filepath.Join(dir, "workspace"))
	rep := permissionsJSON(t, dir, "--enterprise-host", "ghe.example.com", "workspace")
	var got []string
	hows := map[string]bool{}
	for _, c := range rep.Calls {
		where := c.File + ":" + strconv.Itoa(c.Line)
		if silent[where] {
			t.Errorf("%s: a call reported on a line that has none: %s %s (%s)", where, c.Method, c.Path, c.How)
		}
		label := c.Method + " " + c.Path
		if c.GraphQL {
			label = "GraphQL"
		} else if !c.Known {
			t.Errorf("%s: %s is not a documented route (%s)", where, label, c.How)
		}
		got = append(got, where+" "+label)
		hows[strings.SplitN(c.How, ";", 2)[0]] = true
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls differ from the markers\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, h := range []string{"URL", "URL on base API", "URL on base API (format string)", "URL on base apiBase (format string)",
		"URL on base github.api_url", "URL on base GITHUB_API_URL", "gh api", "gh api -X DELETE", "gh api (fields imply POST)",
		"gh api graphql", "gh issue create", "gh pr merge", "gh release create", "octokit.js issues.create",
		"octokit.js issues.addLabels", "octokit.js graphql", "go-github Issues.Create", "Octokit.rb client.post",
		"path on a client with the API base", "URL on base api", "URL on base GITHUB_API",
		"host and path options", "http.client request on the API host", "PyGithub create_issue", "Octokit.rb merge_pull_request"} {
		if !hows[h] {
			t.Errorf("no call recognised by %q", h)
		}
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPermissionsMinimalChoice: adding labels takes issues or
// pull_requests: write; next to a pull request update only
// pull_requests is asked for, with both calls under it.
func TestPermissionsMinimalChoice(t *testing.T) {
	alone := writeFiles(t, map[string]string{"a.sh": "gh api repos/{owner}/{repo}/issues/1/labels -f labels[]=bug\n"})
	rep := permissionsJSON(t, alone)
	if len(rep.FineGrained) != 1 || rep.FineGrained["issues"] != "write" {
		t.Errorf("labels alone: %v, want issues: write", rep.FineGrained)
	}
	both := writeFiles(t, map[string]string{
		"a.sh": "gh api repos/{owner}/{repo}/issues/1/labels -f labels[]=bug\n",
		"b.js": "await octokit.rest.pulls.update({ owner, repo, pull_number: 1, state: 'closed' })\nawait octokit.rest.pulls.get({owner, repo, pull_number: 1})\n",
	})
	rep = permissionsJSON(t, both)
	if len(rep.FineGrained) != 1 || rep.FineGrained["pull_requests"] != "write" {
		t.Errorf("labels + PR update: %v, want pull_requests: write only", rep.FineGrained)
	}
	if got := rep.NeededBy["pull_requests"]; len(got) != 3 {
		t.Errorf("pull_requests needed by %v, want all three calls", got)
	}
	if strings.Join(rep.ClassicScopes, ",") != "repo" {
		t.Errorf("classic: %v", rep.ClassicScopes)
	}
	if !reflectEqual(rep.Groups["repository"], []string{"pull_requests"}) {
		t.Errorf("groups: %v", rep.Groups)
	}
}

func reflectEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestPermissionsGroupsAndLinks: repository, organization and account
// permissions are grouped; the links pre-fill exactly the set, on the
// Enterprise host when one is given.
func TestPermissionsGroupsAndLinks(t *testing.T) {
	dir := writeFiles(t, map[string]string{"x.py": `API = "https://api.github.com"
requests.get(f"{API}/orgs/{org}/members")
requests.put(f"{API}/user/starred/{owner}/{repo}")
requests.get(f"{API}/repos/{owner}/{repo}/contents/README.md")
requests.put(f"{API}/repos/{owner}/{repo}/contents/README.md")
`})
	rep := permissionsJSON(t, dir, "--enterprise-host", "https://ghe.example.com/", "--name", "ci bot", "--expires-in", "7", "--owner", "octo-org")
	want := map[string]string{"contents": "write", "members": "read", "starring": "write"}
	if len(rep.FineGrained) != len(want) {
		t.Errorf("fine-grained %v, want %v", rep.FineGrained, want)
	}
	for k, v := range want {
		if rep.FineGrained[k] != v {
			t.Errorf("%s: %q, want %q", k, rep.FineGrained[k], v)
		}
	}
	if !reflectEqual(rep.Groups["repository"], []string{"contents"}) || !reflectEqual(rep.Groups["organization"], []string{"members"}) || !reflectEqual(rep.Groups["account"], []string{"starring"}) {
		t.Errorf("groups: %v", rep.Groups)
	}
	u, err := url.Parse(rep.Links.FineGrained)
	if err != nil || u.Scheme != "https" || u.Host != "ghe.example.com" || u.Path != "/settings/personal-access-tokens/new" {
		t.Fatalf("fine-grained link %q", rep.Links.FineGrained)
	}
	q := u.Query()
	if q.Get("name") != "ci bot" || q.Get("expires_in") != "7" || q.Get("target_name") != "octo-org" || q.Get("description") == "" {
		t.Errorf("fine-grained link query %v", q)
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("link: %s=%q, want %q", k, q.Get(k), v)
		}
	}
	c, err := url.Parse(rep.Links.Classic)
	if err != nil || c.Host != "ghe.example.com" || c.Path != "/settings/tokens/new" || c.Query().Get("scopes") == "" {
		t.Errorf("classic link %q", rep.Links.Classic)
	}
	for _, sc := range strings.Split(c.Query().Get("scopes"), ",") {
		if !containsString(rep.ClassicScopes, sc) {
			t.Errorf("classic link scope %q not in %v", sc, rep.ClassicScopes)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestPermissionsTextAndMarkdown: the text lists each permission (the
// pre-fill may not work) and both links; markdown has the tables.
func TestPermissionsTextAndMarkdown(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.sh": "gh issue create --title x\ncurl -X DELETE https://api.github.com/repos/o/r/git/refs/heads/x\n"})
	code, out, errs := runPermissionsIn(t, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"a.sh:1  POST /repos/{owner}/{repo}/issues  [gh issue create]",
		"a.sh:2  DELETE /repos/{owner}/{repo}/git/refs/{ref}", "Issues (issues): write", "Contents (contents): write",
		"https://github.com/settings/personal-access-tokens/new?", "https://github.com/settings/tokens/new?scopes=repo"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q\n%s", want, out)
		}
	}
	code, out, _ = runPermissionsIn(t, dir, "--format", "markdown")
	if code != 0 || !strings.Contains(out, "| a.sh | 1 | POST | `POST /repos/{owner}/{repo}/issues` | gh issue create |") ||
		!strings.Contains(out, "| repository | Issues (`issues`) | write |") || !strings.Contains(out, "[Create this fine-grained token](https://github.com/") {
		t.Errorf("markdown:\n%s", out)
	}
}

// TestPermissionsHonoursGitignore: in a git work tree an ignored file is
// not read, an untracked one is.
func TestPermissionsHonoursGitignore(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".gitignore":       "build/\n",
		"build/gen.sh":     "gh repo delete o/r --yes\n",
		"src/tool.sh":      "gh api user\n",
		"src/untracked.js": "octokit.rest.repos.get({owner, repo})\n",
	})
	for _, args := range [][]string{{"init", "-q"}, {"add", ".gitignore", "src/tool.sh"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	rep := permissionsJSON(t, dir)
	var files []string
	for _, c := range rep.Calls {
		files = append(files, c.File)
	}
	if strings.Join(files, ",") != "src/tool.sh,src/untracked.js" {
		t.Errorf("calls in %v, want src/tool.sh and src/untracked.js only", files)
	}
}

// TestPermissionsFailsClosed: a file that cannot be read is exit 2, named.
func TestPermissionsFailsClosed(t *testing.T) {
	dir := writeFiles(t, map[string]string{"src/tool.sh": "gh api user\n"})
	locked := filepath.Join(dir, "src", "tool.sh")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o644) })
	if _, err := os.ReadFile(locked); err == nil {
		t.Skip("running with privileges that read any file (root)")
	}
	code, _, errs := runPermissionsIn(t, dir)
	if code != 2 || !strings.Contains(errs, "src/tool.sh") {
		t.Errorf("unreadable file: exit %d, stderr %q; want 2 naming it", code, errs)
	}
}

// TestPermissionsNeverPrintsAToken: a token in a file name and next to a
// call's URL never reaches the output in any format.
func TestPermissionsNeverPrintsAToken(t *testing.T) {
	g := fixture.NewGuard(t, 11)
	tok := g.Token(ghtoken.ClassicPAT)
	dir := writeFiles(t, map[string]string{
		"calls-" + tok + ".sh": "curl -H 'Authorization: token " + tok + "' https://api.github.com/repos/o/r/issues/" + tok + "\n",
	})
	for _, format := range []string{"text", "json", "markdown"} {
		code, out, errs := runPermissionsIn(t, dir, "--format", format, "--name", tok)
		g.CheckString(format+" stdout", out)
		g.CheckString(format+" stderr", errs)
		if code != 0 || !strings.Contains(out, "/repos/{owner}/{repo}/issues/{issue_number}") {
			t.Errorf("%s: exit %d\n%s%s", format, code, out, errs)
		}
	}
}

func TestPermissionsUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"--format", "xml"}, {"--expires-in", "-1"}, {"--enterprise-host", "a b"}, {"no-such-path"}} {
		code, _, errs := runPermissionsIn(t, dir, args...)
		if code != 2 || !strings.Contains(errs, "ghpat-ls permissions:") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// TestPermissionsLinesAgreeWithScan: permissions counts lines with the one
// line model, so a file with \r or \r\n line ends puts a call on the line
// scan --all-rules reports for it (issue 20: it said line 1 for line 3).
func TestPermissionsLinesAgreeWithScan(t *testing.T) {
	call := "curl -X POST https://api.github.com/repos/o/r/issues"
	for name, nl := range map[string]string{"lf.sh": "\n", "cr.sh": "\r", "crlf.sh": "\r\n"} {
		dir := writeFiles(t, map[string]string{name: "# a" + nl + "# b" + nl + call + nl})
		rep := permissionsJSON(t, dir)
		if len(rep.Calls) != 1 || rep.Calls[0].Line != 3 {
			t.Errorf("%s: calls %+v, want one on line 3", name, rep.Calls)
		}
		out, _ := exec.Command(testbin.Path(t), "scan", "--all-rules", "--format", "json", filepath.Join(dir, name)).Output()
		if !strings.Contains(string(out), `"line": 3`) && !strings.Contains(string(out), `"line":3`) {
			t.Errorf("%s: scan does not put the call on line 3: %s", name, out)
		}
	}
}
