# Every line with a call carries the call(s) the finder must report.
import requests
import httpx

API = "https://api.github.com"


def run(owner, repo, number, full_name):
    requests.get(f"{API}/repos/{owner}/{repo}/pulls")  # expect: GET /repos/{owner}/{repo}/pulls
    requests.post(API + "/repos/" + full_name + "/issues", json={"title": "t"})  # expect: POST /repos/{owner}/{repo}/issues
    httpx.put("%s/repos/%s/%s/pulls/%d/merge" % (API, owner, repo, number))  # expect: PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge
    url = "{}/repos/{}/{}/actions/secrets/{}".format(API, owner, repo, "X")  # expect: DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}
    requests.delete(url)
    requests.request("PATCH", f"https://api.github.com/repos/{owner}/{repo}")  # expect: PATCH /repos/{owner}/{repo}
    print("see https://github.com/octo/app/pulls")  # expect: none
    subprocess.run(["gh", "pr", "create", "--fill"], check=True)  # expect: POST /repos/{owner}/{repo}/pulls
