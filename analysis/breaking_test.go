package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// uses renders the reviews as "line: version source: what" lines.
func renderReviews(text string, rs []CallReview) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "call %d %s %s %s(%s)\n", strings.Count(text[:r.Call.Range.Start], "\n")+1, r.Call.Method, r.Call.Path, r.Version, r.Source)
		for _, x := range r.Uses {
			fmt.Fprintf(&b, "  %d %s %s %q\n", strings.Count(text[:x.Range.Start], "\n")+1, x.Change.ID, x.What, text[x.Range.Start:x.Range.End])
		}
	}
	return b.String()
}

func TestReviewCalls(t *testing.T) {
	cases := []struct {
		name, path, text, want string
	}{
		{"python requests", "a.py", `import requests
H = {"X-GitHub-Api-Version": "2026-03-10"}
r = requests.get("https://api.github.com/repos/o/r/pulls/1", headers=H)
pr = r.json()
print(pr["merge_commit_sha"], pr["assignees"])
local = {"merge_commit_sha": 1}
print(local["merge_commit_sha"])
rl = requests.get("https://api.github.com/rate_limit").json()["rate"]["remaining"]
`, `call 3 GET /repos/{owner}/{repo}/pulls/{pull_number} 2026-03-10(request)
  5 merge-commit-sha reads merge_commit_sha "merge_commit_sha"
call 8 GET /rate_limit 2022-11-28(unpinned)
  8 rate-limit-rate reads rate "rate"
`},
		{"octokit", "a.js", `const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
console.log(issue.assignee.login, issue.assignees);
const other = { assignee: "x" };
console.log(other.assignee);
await octokit.rest.issues.create({ owner, repo, title: "t", assignee: "me" });
await octokit.rest.issues.create({ owner, repo, title: "t", assignees: ["me"] });
const res = await octokit.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 1, ref: "main" });
if (res.status === 204) { done(); }
`, `call 1 GET /repos/{owner}/{repo}/issues/{issue_number} 2022-11-28(unpinned)
  2 assignee reads assignee "assignee"
call 5 POST /repos/{owner}/{repo}/issues 2022-11-28(unpinned)
  5 assignee sends assignee "assignee"
call 6 POST /repos/{owner}/{repo}/issues 2022-11-28(unpinned)
call 7 POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches 2022-11-28(unpinned)
  8 workflow-dispatch-200 expects status 204 "204"
`},
		{"go-github", "a.go", `package main
import "github.com/google/go-github/v66/github"
func f() {
	pr, _, err := client.PullRequests.Get(ctx, "o", "r", 1)
	fmt.Println(pr.GetMergeCommitSHA(), pr.MergeCommitSHA, pr.Assignees)
	repo, _, _ := client.Repositories.Get(ctx, "o", "r")
	fmt.Println(repo.GetHasDownloads())
	x := other.MergeCommitSHA
}
`, `call 4 GET /repos/{owner}/{repo}/pulls/{pull_number} 2022-11-28(unpinned)
  5 merge-commit-sha reads merge_commit_sha "GetMergeCommitSHA"
  5 merge-commit-sha reads merge_commit_sha "MergeCommitSHA"
call 6 GET /repos/{owner}/{repo} 2022-11-28(unpinned)
  7 has-downloads reads has_downloads "GetHasDownloads"
`},
		{"shell", "a.sh", `curl -s -H "X-GitHub-Api-Version: 2026-03-10" https://api.github.com/repos/o/r | jq -r '.master_branch, .has_downloads'
gh api repos/o/r/pulls/1 --jq .merge_commit_sha
PR=$(curl -s https://api.github.com/repos/o/r/issues/1)
echo "$PR" | jq .assignee.login
echo "$OTHER" | jq .assignee
`, `call 1 GET /repos/{owner}/{repo} 2026-03-10(request)
  1 beta-media-type reads master_branch "master_branch"
  1 has-downloads reads has_downloads "has_downloads"
call 2 GET /repos/{owner}/{repo}/pulls/{pull_number} 2022-11-28(unpinned)
  2 merge-commit-sha reads merge_commit_sha "merge_commit_sha"
call 3 GET /repos/{owner}/{repo}/issues/{issue_number} 2022-11-28(unpinned)
  4 assignee reads assignee "assignee"
`},
		{"client default", "a.js", `const octokit = new Octokit({
  auth: process.env.GITHUB_TOKEN,
  headers: { "X-GitHub-Api-Version": "2026-03-10" },
});

function setup() {}









async function main() {
  const { data } = await octokit.request("GET /rate_limit");
  console.log(data.rate.remaining, data.resources.core.remaining);
}
`, `call 17 GET /rate_limit 2026-03-10(client default)
  18 rate-limit-rate reads rate "rate"
`},
		{"ruby", "a.rb", `pr = client.pull_request("o/r", 1)
puts pr[:merge_commit_sha]
puts pr.user.login
`, `call 1 GET /repos/{owner}/{repo}/pulls/{pull_number} 2022-11-28(unpinned)
  2 merge-commit-sha reads merge_commit_sha "merge_commit_sha"
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := renderReviews(c.text, ReviewCalls(DetectLanguage(c.path, ""), []byte(c.text), "", nil))
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestBreakingFixes: the mechanical rewrites, in the form the read is written.
func TestBreakingFixes(t *testing.T) {
	cases := []struct{ path, text, want string }{
		{"a.js", "const { data } = await octokit.rest.issues.get({ owner, repo, issue_number });\nconsole.log(data.assignee.login);\n",
			"console.log(data.assignees[0].login);"},
		{"a.py", "r = requests.get(\"https://api.github.com/rate_limit\")\nprint(r.json()[\"rate\"][\"remaining\"])\n",
			"print(r.json()[\"resources\"][\"core\"][\"remaining\"])"},
		{"a.rb", "pr = client.pull_request(\"o/r\", 1)\nputs pr[:assignee]\n",
			"puts pr[:assignees][0] | puts pr[:assignees]"},
		{"a.sh", "curl -s https://api.github.com/repos/o/r | jq -r .master_branch\n",
			"curl -s https://api.github.com/repos/o/r | jq -r .default_branch"},
	}
	for _, c := range cases {
		text := []byte(c.text)
		var got []string
		for _, f := range findBreakingChanges(DetectLanguage(c.path, ""), text, &Config{}, newTextCalls(DetectLanguage(c.path, ""), text, &Config{})) {
			for _, fx := range f.Fixes {
				e := fx.Edits[0]
				out := string(text[:e.Range.Start]) + e.NewText + string(text[e.Range.End:])
				ls := strings.LastIndex(out[:e.Range.Start], "\n") + 1
				le := strings.IndexByte(out[ls:], '\n')
				got = append(got, out[ls:ls+le])
			}
		}
		if strings.Join(got, " | ") != c.want {
			t.Errorf("%s: got %q, want %q", c.path, strings.Join(got, " | "), c.want)
		}
	}
}

// TestBreakingFindingsOnePerPlace: a read fed by two calls (a response
// assigned in both branches of an if) is one diagnostic.
func TestBreakingFindingsOnePerPlace(t *testing.T) {
	text := []byte(`import requests
def quota(token):
    if token:
        r = requests.get("https://api.github.com/rate_limit", headers=h).json()
    else:
        r = requests.get("https://api.github.com/rate_limit").json()
    return r["rate"]["remaining"]
`)
	if n := len(ReviewCalls(LangPython, text, "", nil)); n != 2 {
		t.Fatalf("%d calls, want 2", n)
	}
	var lines []int
	for _, f := range findBreakingChanges(LangPython, text, &Config{}, newTextCalls(LangPython, text, &Config{})) {
		lines = append(lines, strings.Count(string(text[:f.Range.Start]), "\n")+1)
	}
	if fmt.Sprint(lines) != "[7]" {
		t.Errorf("findings on lines %v, want [7]", lines)
	}
}
