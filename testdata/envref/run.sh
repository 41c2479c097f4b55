#!/bin/sh
curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user
echo "${GH_TOKEN}"
echo "${GH_ENTERPRISE_TOKEN:-${GITHUB_TOKEN}}"
echo \$GITHUB_TOKEN $$GITHUB_TOKEN $HOME
