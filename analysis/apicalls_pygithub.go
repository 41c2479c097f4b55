package analysis

import (
	"regexp"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// pyGithubMethods maps PyGithub's common methods to their REST route. A
// method whose route depends on its object (create_repo on a user or an
// organization, merge, edit) is left out.
var pyGithubMethods = map[string]string{
	"get_repo": "GET /repos/{owner}/{repo}", "get_user": "GET /user", "get_organization": "GET /orgs/{org}",
	"create_issue": "POST /repos/{owner}/{repo}/issues", "get_issue": "GET /repos/{owner}/{repo}/issues/{issue_number}",
	"get_issues": "GET /repos/{owner}/{repo}/issues", "create_comment": "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
	"add_to_labels": "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
	"get_pulls":     "GET /repos/{owner}/{repo}/pulls", "get_pull": "GET /repos/{owner}/{repo}/pulls/{pull_number}",
	"create_pull": "POST /repos/{owner}/{repo}/pulls", "create_review": "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
	"get_contents": "GET /repos/{owner}/{repo}/contents/{path}", "create_file": "PUT /repos/{owner}/{repo}/contents/{path}",
	"update_file": "PUT /repos/{owner}/{repo}/contents/{path}", "delete_file": "DELETE /repos/{owner}/{repo}/contents/{path}",
	"create_git_ref": "POST /repos/{owner}/{repo}/git/refs", "get_git_ref": "GET /repos/{owner}/{repo}/git/ref/{ref}",
	"create_git_release": "POST /repos/{owner}/{repo}/releases", "get_releases": "GET /repos/{owner}/{repo}/releases",
	"get_latest_release": "GET /repos/{owner}/{repo}/releases/latest",
	"get_branch":         "GET /repos/{owner}/{repo}/branches/{branch}", "get_branches": "GET /repos/{owner}/{repo}/branches",
	"get_commits": "GET /repos/{owner}/{repo}/commits", "create_hook": "POST /repos/{owner}/{repo}/hooks",
	"create_label": "POST /repos/{owner}/{repo}/labels", "get_labels": "GET /repos/{owner}/{repo}/labels",
	"create_status": "POST /repos/{owner}/{repo}/statuses/{sha}", "create_deployment": "POST /repos/{owner}/{repo}/deployments",
	"add_to_collaborators":       "PUT /repos/{owner}/{repo}/collaborators/{username}",
	"create_secret":              "PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}",
	"create_dispatch":            "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
	"create_repository_dispatch": "POST /repos/{owner}/{repo}/dispatches", "get_members": "GET /orgs/{org}/members",
	"get_workflow_runs": "GET /repos/{owner}/{repo}/actions/runs", "get_rate_limit": "GET /rate_limit",
}

var (
	pyGithubImportRe = regexp.MustCompile(`(?m)^\s*(?:from\s+github\s+import|import\s+github\b)`)
	pyGithubCallRe   = regexp.MustCompile(`\.([a-z_]+)\(`)
)

// findPyGithubCalls finds PyGithub method calls in a Python file that
// imports the github package.
func findPyGithubCalls(tab *permissions.Table, s string) []APICall {
	if !pyGithubImportRe.MatchString(s) {
		return nil
	}
	var calls []APICall
	for _, m := range pyGithubCallRe.FindAllStringSubmatchIndex(s, -1) {
		name := s[m[2]:m[3]]
		if c, ok := namedCall(tab, pyGithubMethods, name, Range{m[0] + 1, m[3]}, "PyGithub "+name); ok {
			calls = append(calls, c)
		}
	}
	return calls
}
