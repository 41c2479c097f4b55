import os
import requests

TOKEN = os.environ["GITHUB_TOKEN"]

# A dict on one line: the fixes go in front of the first entry.
r = requests.get("{{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/user", headers={"Authorization": f"{{@github-auth-legacy-scheme}}token {TOKEN}"})













# A multi-line dict with stray whitespace in the value.
headers = {
    'Authorization': 'Bearer {} '.format(TOKEN),
    'Accept': 'application/vnd.github+json',
}
requests.get('{{@github-api-version-unpinned}}https://api.github.com/repos/o/r', headers=headers)













# Subscript assignment; a token in the value never shows in a message.
session = requests.Session()
session.headers["Authorization"] = "{{@github-auth-malformed}}Bearer  {{ghp}}"
session.get("{{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/user")

# Negative: a Django REST framework "Token" for another API.
requests.get("https://api.example.com/v1", headers={"Authorization": "Token abc"})
