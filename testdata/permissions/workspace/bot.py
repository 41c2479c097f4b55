# Every line with a call carries the call(s) the finder must report.
from github import Github, Auth

gh = Github(auth=Auth.Token(os.environ["GITHUB_TOKEN"]))
repo = gh.get_repo("octo/app")  # expect: GET /repos/{owner}/{repo}
issue = repo.create_issue(title="flaky test")  # expect: POST /repos/{owner}/{repo}/issues
issue.add_to_labels("flaky")  # expect: POST /repos/{owner}/{repo}/issues/{issue_number}/labels
repo.get_pull(12).create_review(event="APPROVE")  # expect: GET /repos/{owner}/{repo}/pulls/{pull_number}; POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews
data = {"a": 1}.get("a")  # expect: none
