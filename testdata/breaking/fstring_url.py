# Breaking-change fixture: the URL built in an f-string on a base constant,
# assigned to a name the request then passes (the shape of real bots).
import requests

GITHUB_API_BASE_URL = "https://api.github.com"


def issue_assignee(org, repo, number, headers):
    issue_url = f"{GITHUB_API_BASE_URL}/repos/{org}/{repo}/issues/{number}"
    response = requests.get(issue_url, headers=headers)
    if response.status_code == 200:
        issue = response.json()
        return issue["assignee"]["login"]  # want: assignee information
    return None


def jira_assignee(key, headers):
    # Decoy: the same names off another service's API.
    issue_url = f"https://jira.example.com/rest/api/2/issue/{key}"
    response = requests.get(issue_url, headers=headers)
    issue = response.json()
    return issue["assignee"]["login"]


def releases(org, repo, headers):
    # Decoy: a route no change touches.
    url = f"{GITHUB_API_BASE_URL}/repos/{org}/{repo}/releases/latest"
    latest = requests.get(url, headers=headers).json()
    return latest["assignee"]
