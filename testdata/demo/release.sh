#!/bin/sh
# Demo for the README: `ghpat-ls scan --all-rules testdata/demo`.
# The legacy "token" scheme, no pinned API version, no Accept header:
curl -sS \
  -H "Authorization: token $GITHUB_TOKEN" \
  https://api.github.com/repos/octo-org/octo-repo/releases
