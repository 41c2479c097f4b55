#!/bin/sh
# Header lints in shell: each curl command is one request.
set -eu

curl -sS \
  -H "Authorization: {{@github-auth-legacy-scheme}}token $GITHUB_TOKEN" \
  {{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/user

curl -H 'Authorization: {{@github-auth-malformed}}Bearer Bearer {{ghp}}' {{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/repos/o/r

curl -H "Authorization: {{@github-auth-malformed}}Bearer  \"$GITHUB_TOKEN\"" -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28" https://api.github.com/user

curl -fsSL https://api.github.com/rate_limit -H "X-GitHub-Api-Version: {{@github-api-version-unknown}}2023-01-01" -H "Accept: application/vnd.github+json"

curl {{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/meta

# Negative: all good, a comment, another host.
curl -H "Authorization: Bearer $GITHUB_TOKEN" \
  -H "Accept: application/vnd.github+json" \
  -H "X-GitHub-Api-Version: 2026-03-10" \
  https://api.github.com/user
# curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user
curl -H "Authorization: token $GITLAB_TOKEN" https://gitlab.example.com/api/v4/user
curl -H "Authorization: Bearer" https://api.github.com/user # ghpat-ls:allow
