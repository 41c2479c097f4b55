require "octokit"
client = Octokit::Client.new(access_token: "{{ghp}}")
auth = "Bearer {{gho}}"
