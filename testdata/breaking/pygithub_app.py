"""Breaking-change fixture (PyGithub): each `want: ID` line must be reported, nothing else."""
from github import Github

gh = Github(token)
repo = gh.get_repo("o/r")
pr = repo.get_pull(1)
print(pr.merge_commit_sha)  # want: merge-commit-sha information
issue = repo.get_issue(2)
print(issue.assignees)
