# Breaking-change fixture: each `want: ID` line must be reported, nothing else.
require "octokit"

client = Octokit::Client.new(access_token: ENV["GITHUB_TOKEN"])
pr = client.pull_request("o/r", 1)
puts pr[:merge_commit_sha] # want: merge-commit-sha information
puts pr[:assignees]
card = { merge_commit_sha: "x" }
puts card[:merge_commit_sha]
