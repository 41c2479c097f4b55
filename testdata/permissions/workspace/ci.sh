#!/bin/sh
# Every line with a call carries the call(s) the finder must report.
API=${GITHUB_API_URL:-https://api.github.com} # expect: none
curl -sX POST "$API/repos/$GITHUB_REPOSITORY/issues/1/comments" -d @body.json # expect: POST /repos/{owner}/{repo}/issues/{issue_number}/comments
gh api --paginate "repos/$GITHUB_REPOSITORY/pulls?state=open" # expect: GET /repos/{owner}/{repo}/pulls
