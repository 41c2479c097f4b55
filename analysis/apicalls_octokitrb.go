package analysis

import (
	"regexp"

	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// octokitRbMethods maps Octokit.rb's common named methods to their REST
// route (Octokit.rb publishes no table; each method's body names its path,
// e.g. add_labels_to_an_issue posts to .../issues/#{number}/labels).
var octokitRbMethods = map[string]string{
	"create_issue": "POST /repos/{owner}/{repo}/issues", "update_issue": "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
	"close_issue": "PATCH /repos/{owner}/{repo}/issues/{issue_number}", "reopen_issue": "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
	"issue": "GET /repos/{owner}/{repo}/issues/{issue_number}", "list_issues": "GET /repos/{owner}/{repo}/issues",
	"add_comment": "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "update_comment": "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
	"add_labels_to_an_issue": "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "remove_label": "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
	"add_label":           "POST /repos/{owner}/{repo}/labels",
	"create_pull_request": "POST /repos/{owner}/{repo}/pulls", "update_pull_request": "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
	"close_pull_request": "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", "merge_pull_request": "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge",
	"pull_request": "GET /repos/{owner}/{repo}/pulls/{pull_number}", "pull_requests": "GET /repos/{owner}/{repo}/pulls",
	"create_pull_request_review": "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
	"create_release":             "POST /repos/{owner}/{repo}/releases", "update_release": "PATCH /repos/{owner}/{repo}/releases/{release_id}",
	"upload_asset": "POST /repos/{owner}/{repo}/releases/{release_id}/assets", "releases": "GET /repos/{owner}/{repo}/releases",
	"latest_release": "GET /repos/{owner}/{repo}/releases/latest",
	"repository":     "GET /repos/{owner}/{repo}", "contents": "GET /repos/{owner}/{repo}/contents/{path}",
	"create_contents": "PUT /repos/{owner}/{repo}/contents/{path}", "update_contents": "PUT /repos/{owner}/{repo}/contents/{path}",
	"delete_contents": "DELETE /repos/{owner}/{repo}/contents/{path}",
	"create_ref":      "POST /repos/{owner}/{repo}/git/refs", "update_ref": "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
	"delete_ref": "DELETE /repos/{owner}/{repo}/git/refs/{ref}", "delete_branch": "DELETE /repos/{owner}/{repo}/git/refs/{ref}",
	"create_status": "POST /repos/{owner}/{repo}/statuses/{sha}", "create_deployment": "POST /repos/{owner}/{repo}/deployments",
	"create_deployment_status": "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
	"add_collaborator":         "PUT /repos/{owner}/{repo}/collaborators/{username}", "commits": "GET /repos/{owner}/{repo}/commits",
	"branches": "GET /repos/{owner}/{repo}/branches", "create_hook": "POST /repos/{owner}/{repo}/hooks",
	"workflow_dispatch": "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
	"dispatch_event":    "POST /repos/{owner}/{repo}/dispatches", "create_or_update_secret": "PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}",
	"create_repository": "POST /user/repos", "delete_repository": "DELETE /repos/{owner}/{repo}",
	"organization_members": "GET /orgs/{org}/members", "star": "PUT /user/starred/{owner}/{repo}",
}

// octokitRbNamedRe: client.create_issue(, Octokit.pull_requests ... on a
// receiver named like an Octokit client.
var octokitRbNamedRe = regexp.MustCompile(`(?i)\b(\w*(?:octokit|client|github)\w*)\.([a-z_]+)\b`)

func findOctokitRbNamed(tab *permissions.Table, s string) []APICall {
	var calls []APICall
	for _, m := range octokitRbNamedRe.FindAllStringSubmatchIndex(s, -1) {
		name := s[m[4]:m[5]]
		if c, ok := namedCall(tab, octokitRbMethods, name, Range{m[0], m[1]}, "Octokit.rb "+name); ok {
			calls = append(calls, c)
		}
	}
	return calls
}
