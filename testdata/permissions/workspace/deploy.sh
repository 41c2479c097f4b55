#!/bin/sh
# Every line with a call carries the call(s) the finder must report.
API=https://api.github.com
curl -sSf -X PATCH "$API/repos/$OWNER/$REPO/milestones/3" -d '{}' # expect: PATCH /repos/{owner}/{repo}/milestones/{milestone_number}
curl -sSf -d '{"body":"hi"}' \
  "https://api.github.com/repos/octo/app/issues/12/comments" # expect: POST /repos/{owner}/{repo}/issues/{issue_number}/comments
curl --request DELETE "${API}/repos/${OWNER}/${REPO}/git/refs/heads/old" # expect: DELETE /repos/{owner}/{repo}/git/refs/{ref}
curl -F "file=@x" "https://uploads.github.com/repos/o/r/releases/1/assets?name=x" # expect: POST /repos/{owner}/{repo}/releases/{release_id}/assets
curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/rate_limit # expect: GET /rate_limit
wget --post-data '{}' "$API/repos/$OWNER/$REPO/statuses/$SHA" # expect: POST /repos/{owner}/{repo}/statuses/{sha}
wget -qO- "$API/repos/$OWNER/$REPO/tags" # expect: GET /repos/{owner}/{repo}/tags
gh api repos/{owner}/{repo}/actions/runs # expect: GET /repos/{owner}/{repo}/actions/runs
gh api -X DELETE repos/{owner}/{repo}/actions/caches/12 # expect: DELETE /repos/{owner}/{repo}/actions/caches/{cache_id}
gh api repos/{owner}/{repo}/labels -f name=bug -f color=red # expect: POST /repos/{owner}/{repo}/labels
gh api graphql -f query='{ viewer { login } }' # expect: GraphQL
gh issue create --title "t" --body "b" # expect: POST /repos/{owner}/{repo}/issues
gh pr merge 12 --squash # expect: PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge
gh release create v1.0.0 dist/* # expect: POST /repos/{owner}/{repo}/releases
echo "docs at https://github.com/octo/app/issues" # expect: none
gh api repos/{owner}/{repo}/git/tags --input tag.json # expect: POST /repos/{owner}/{repo}/git/tags
gh api -X PATCH repos/{owner}/{repo}/releases/1 -F draft=false # expect: PATCH /repos/{owner}/{repo}/releases/{release_id}
gh api --method=PUT /repos/{owner}/{repo}/actions/permissions -F enabled=true # expect: PUT /repos/{owner}/{repo}/actions/permissions
wget --method=DELETE "$API/repos/$OWNER/$REPO/deployments/9" # expect: DELETE /repos/{owner}/{repo}/deployments/{deployment_id}
curl --json '{"name":"x"}' "$API/repos/$OWNER/$REPO/labels" # expect: POST /repos/{owner}/{repo}/labels
curl -G --data-urlencode "q=repo:o/r is:open" https://api.github.com/search/issues # expect: GET /search/issues
curl https://api.github.com/repos/o/r/branches/main/protection -X PUT --data-binary @p.json # expect: PUT /repos/{owner}/{repo}/branches/{branch}/protection
