# Breaking-change fixture: a comment is not code.
#
# @example Change only the assignee of Issue #25
#   Octokit.update_issue("octokit/octokit.rb", "25", :assignee => "pengwynn")
def assign(client, number, login)
  client.update_issue("o/r", number, :assignee => login) # want: assignee information
end
pr = client.pull_request("o/r", 1)
# pr[:merge_commit_sha] used to be read here
puts pr[:merge_commit_sha] # want: merge-commit-sha information
