#!/bin/sh
# Every line with a call carries the call(s) the finder must report.
API=${GITHUB_API_URL:-https://api.github.com} # expect: none
curl -sX POST "$API/repos/$GITHUB_REPOSITORY/issues/1/comments" -d @body.json # expect: POST /repos/{owner}/{repo}/issues/{issue_number}/comments
gh api --paginate "repos/$GITHUB_REPOSITORY/pulls?state=open" # expect: GET /repos/{owner}/{repo}/pulls
API_URL="${GITHUB_API_URL}" # expect: none
curl -X POST "$API_URL/repos/$GITHUB_REPOSITORY/pulls/7/requested_reviewers" # expect: POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers
