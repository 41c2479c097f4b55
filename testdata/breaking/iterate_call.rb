# Breaking-change fixture: a block over the call's result (Octokit.rb).
client.pull_requests("o/r", state: "closed").each do |pr|
  puts pr.merge_commit_sha # want: merge-commit-sha information
end
# Decoy: the same block variable over something else.
cached.each do |pr|
  puts pr.merge_commit_sha
end
