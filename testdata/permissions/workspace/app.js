// Every line with a call carries the call(s) the finder must report.
const API = "https://api.github.com";
const { Octokit } = require("@octokit/rest");
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

async function main(owner, repo, n) {
  await fetch(`${API}/repos/${owner}/${repo}/issues/${n}/labels`, { // expect: POST /repos/{owner}/{repo}/issues/{issue_number}/labels
    method: "POST",
    body: JSON.stringify({ labels: ["bug"] }),
  });
  await fetch("https://api.github.com/user"); // expect: GET /user
  await axios.patch(`${API}/repos/${owner}/${repo}/pulls/${n}`, { state: "closed" }); // expect: PATCH /repos/{owner}/{repo}/pulls/{pull_number}
  await axios({ method: "delete", url: API + "/repos/" + owner + "/" + repo + "/labels/" + name }); // expect: DELETE /repos/{owner}/{repo}/labels/{name}
  await got.put(`https://api.github.com/repos/${owner}/${repo}/contents/docs/readme.md`); // expect: PUT /repos/{owner}/{repo}/contents/{path}
  await ky.get(`${API}/orgs/${org}/members`); // expect: GET /orgs/{org}/members
  await octokit.rest.issues.create({ owner, repo, title: "t" }); // expect: POST /repos/{owner}/{repo}/issues
  await octokit.pulls.listReviews({ owner, repo, pull_number: n }); // expect: GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews
  await octokit.request("POST /repos/{owner}/{repo}/dispatches", { owner, repo }); // expect: POST /repos/{owner}/{repo}/dispatches
  await octokit.graphql(`query { viewer { login } }`); // expect: GraphQL
  await fetch("https://api.github.com/graphql", { method: "POST" }); // expect: GraphQL
  await fetch("https://ghe.example.com/api/v3/repos/octo/app/releases"); // expect: GET /repos/{owner}/{repo}/releases
  await fetch("https://other.example.com/api/v3/repos/octo/app/releases"); // not the --enterprise-host; expect: none
  await fetch("https://github.com/octo/app/issues/12"); // expect: none
  const people = { issues: { create() {} } };
  people.issues.create(); // expect: none
}
