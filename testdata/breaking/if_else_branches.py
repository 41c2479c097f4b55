# Breaking-change fixture: a response assigned in a branch of an if (or in
# a loop's body) keeps its value after the statement (Python).
import json
import requests


def check_quota(token):
    if token:
        body = requests.get("https://api.github.com/rate_limit", headers={"Authorization": "token " + token}).text
    else:
        body = cached_body()
    body = json.loads(body)
    return body["rate"]["remaining"]  # want: rate-limit-rate information


def cached_quota(token, cache):
    # Decoys: the sibling branch, and the name assigned something else after
    # the if.
    if token:
        quota = requests.get("https://api.github.com/rate_limit").json()
    else:
        print(quota_note["rate"])
    quota = cache.load()
    return quota["rate"]["remaining"]


def nested(token):
    # After a loop, r is the last response.
    for t in [token]:
        r = requests.get("https://api.github.com/rate_limit").json()
    return r["rate"]  # want: rate-limit-rate information
