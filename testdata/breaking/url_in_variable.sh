#!/bin/sh
# Breaking-change fixture: the URL written in a variable, the request made by
# a later command that passes it (the shape of real release scripts).
API_URL="https://api.github.com/repos/${OWNER}/${REPO}/pulls/${PR_NUMBER}"
pr_data=$(curl -s -H "Authorization: token ${GITHUB_TOKEN}" "${API_URL}")
merge_commit=$(echo "${pr_data}" | jq -r '.merge_commit_sha') # want: merge-commit-sha information
# Decoys: a URL variable only printed, another variable that merely starts
# with the same name, and jq on something that is not the response.
SHOW_URL="https://api.github.com/repos/${OWNER}/${REPO}/pulls/1"
echo "open $SHOW_URL"
other=$(curl -s "$SHOW_URL_MIRROR")
echo "$other" | jq -r '.merge_commit_sha'
echo "$SOMETHING" | jq -r '.merge_commit_sha'
