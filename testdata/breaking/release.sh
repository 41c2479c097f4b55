#!/bin/sh
# Breaking-change fixture: each `want: ID` line must be reported, nothing else.
curl -s -H "X-GitHub-Api-Version: 2026-03-10" https://api.github.com/repos/o/r | jq -r '.master_branch' # want: beta-media-type warning
gh api repos/o/r/pulls/1 --jq .merge_commit_sha # want: merge-commit-sha information
ISSUE=$(curl -s https://api.github.com/repos/o/r/issues/1)
echo "$ISSUE" | jq -r .assignee.login # want: assignee information
echo "$ISSUE" | jq -r '.assignees[].login'
curl -s https://api.github.com/repos/o/r/releases/latest | jq -r .assignee
echo "$OTHER" | jq .merge_commit_sha
