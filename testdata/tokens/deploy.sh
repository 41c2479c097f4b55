#!/bin/sh
curl -H "Authorization: Bearer {{@github-pat}}{{ghp}}" https://api.github.com/user
export GH_TOKEN='{{@github-app-token}}{{ghs}}'
echo ok # ghpat-ls:allow {{ghp}}
