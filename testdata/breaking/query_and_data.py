# Breaking-change fixture: what is not a request is not reported.
import requests
from github import Github

# A GET's query filter named assignee stays valid (only the issue body's
# assignee is removed).
mine = requests.get("https://api.github.com/repos/o/r/issues", params={"assignee": "octocat"})
repo = Github().get_repo("o/r")
assigned = repo.get_issues(assignee="octocat")
# A URL written as data is not a call to it.
ROOT = {"hub_url": "https://api.github.com/hub"}
# The request to the removed endpoint is.
requests.post("https://api.github.com/hub", data={"hub.mode": "subscribe"})  # want: hub-endpoint information
