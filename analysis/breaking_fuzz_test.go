package analysis

import "testing"

// FuzzReviewCalls: whatever the text, the review and the rule neither
// panic nor point outside the text.
func FuzzReviewCalls(f *testing.F) {
	for _, s := range []string{
		"r = requests.get(\"https://api.github.com/repos/o/r/pulls/1\")\npr = r.json()\nprint(pr[\"merge_commit_sha\"])\n",
		"const { data } = await octokit.rest.issues.get({ owner, repo, issue_number });\ndata.assignee?.login\n",
		"PR=$(curl -H 'X-GitHub-Api-Version: 2026-03-10' https://api.github.com/repos/o/r)\necho \"$PR\" | jq .master_branch\n",
		"pr, resp, _ := client.PullRequests.Get(ctx, o, r, 1)\nif resp.StatusCode == 204 { pr.GetMergeCommitSHA() }\n",
		"x = requests.get(\"https://api.github.com/rate_limit\").json()[:rate][\"",
		"url = \"https://api.github.com/hub\"\nr = requests.post(url, json=p)\n",
	} {
		f.Add(s, "a.py")
		f.Add(s, "a.js")
		f.Add(s, "a.sh")
		f.Add(s, "a.go")
		f.Add(s, "a.rb")
	}
	f.Fuzz(func(t *testing.T, s, path string) {
		text := []byte(s)
		for _, fd := range Analyze(path, "", text, &Config{}) {
			if fd.Range.Start < 0 || fd.Range.End > len(text) || fd.Range.Start > fd.Range.End {
				t.Fatalf("%s: range %v outside %d bytes", fd.RuleID, fd.Range, len(text))
			}
			for _, fx := range fd.Fixes {
				for _, e := range fx.Edits {
					if e.Range.Start < 0 || e.Range.End > len(text) || e.Range.Start > e.Range.End {
						t.Fatalf("%s fix: range %v outside %d bytes", fd.RuleID, e.Range, len(text))
					}
				}
			}
		}
		for off := 0; off <= len(text); off += 7 {
			VersionHover(path, "", text, off, "", nil)
		}
	})
}
