"""Breaking-change fixture: each `want: ID` line must be reported, nothing else."""
import requests

API = "https://api.github.com"
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2026-03-10"}


def pull(n):
    r = requests.get(f"{API}/repos/o/r/pulls/{n}", headers=HEADERS)
    pr = r.json()
    print(pr["merge_commit_sha"])  # want: merge-commit-sha warning
    print(pr["assignees"], pr["title"])
    return pr


def rate():
    remaining = requests.get("https://api.github.com/rate_limit").json()["rate"]["remaining"]  # want: rate-limit-rate information
    return remaining


def decoys():
    local = {"merge_commit_sha": "abc", "assignee": "me"}
    print(local["merge_commit_sha"], local["assignee"])
    other = requests.get("https://example.com/api/pulls/1").json()
    print(other["merge_commit_sha"])
    repo = requests.get("https://api.github.com/repos/o/r/releases/latest").json()
    print(repo["assignee"])
