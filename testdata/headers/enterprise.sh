#!/bin/sh
curl -H "Authorization: Bearer $GHE_TOKEN" {{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://ghe.example.com/api/v3/user
curl -H "Authorization: {{@github-auth-legacy-scheme}}token $GHE_TOKEN" https://ghe.example.com/api/v4/graphql
curl -H "Authorization: Bearer $TOKEN" https://other.example.com/api/v3/user
