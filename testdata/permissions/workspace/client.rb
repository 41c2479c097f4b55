# Every line with a call carries the call(s) the finder must report.
require "net/http"
require "octokit"

API = "https://api.github.com"

def run(owner, repo)
  req = Net::HTTP::Post.new(URI("#{API}/repos/#{owner}/#{repo}/issues")) # expect: POST /repos/{owner}/{repo}/issues
  Net::HTTP.get(URI("#{API}/repos/#{owner}/#{repo}/branches")) # expect: GET /repos/{owner}/{repo}/branches
  conn = Faraday.new(url: API)
  conn.patch("#{API}/repos/#{owner}/#{repo}/issues/1") # expect: PATCH /repos/{owner}/{repo}/issues/{issue_number}
  client = Octokit::Client.new(access_token: ENV["GITHUB_TOKEN"])
  client.post("/repos/#{owner}/#{repo}/deployments", ref: "main") # expect: POST /repos/{owner}/{repo}/deployments
  client.get("/user/repos") # expect: GET /user/repos
end

def triage(client, repo, number)
  client.add_labels_to_an_issue(repo, number, ["triage"]) # expect: POST /repos/{owner}/{repo}/issues/{issue_number}/labels
  client.merge_pull_request(repo, number) # expect: PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge
  Octokit.create_release(repo, "v1.0.0") # expect: POST /repos/{owner}/{repo}/releases
  client.login # expect: none
end
