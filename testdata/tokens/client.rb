require "octokit"
client = Octokit::Client.new(access_token: "{{@github-pat}}{{ghp}}")
auth = "Bearer {{@github-oauth}}{{gho}}"
