# Breaking-change fixture: a loop whose iterable is the call (PyGithub).
from github import Github

repo = Github().get_repo("o/r")
for pull in repo.get_pulls(state="closed"):
    print(pull.merge_commit_sha)  # want: merge-commit-sha information
    print(pull.assignees)
# Decoys: the same loop variable over something else, a route no change
# touches.
for pull in cached_pulls:
    print(pull.merge_commit_sha)
for release in repo.get_releases():
    print(release.assignee)
