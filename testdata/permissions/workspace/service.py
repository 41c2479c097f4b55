# Every line with a call carries the call(s) the finder must report.
import os


class GitHub:
    def __init__(self, session):
        self.api = os.getenv("GITHUB_API_URL", "https://api.github.com")  # expect: none
        self.session = session

    def close(self, o, r, n):
        return self.session.patch(f"{self.api}/repos/{o}/{r}/issues/{n}", json={"state": "closed"})  # expect: PATCH /repos/{owner}/{repo}/issues/{issue_number}


API = os.environ["GITHUB_API_URL"]  # expect: none


def star(session, o, r):
    session.put(API + f"/user/starred/{o}/{r}")  # expect: PUT /user/starred/{owner}/{repo}
