// Breaking-change fixture: each `want: ID` line must be reported, nothing else.
import { Octokit } from "@octokit/rest";

const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

export async function issue(owner, repo, issue_number) {
  const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number });
  console.log(issue.assignee.login); // want: assignee information
  console.log(issue.assignees.map((a) => a.login));
  for (const a of issue.assignees) {
    console.log(a.login);
  }
  return issue;
}

export async function create(owner, repo) {
  await octokit.rest.issues.create({ owner, repo, title: "t", assignee: "me" }); // want: assignee information
  await octokit.rest.issues.create({ owner, repo, title: "t", assignees: ["me"] });
}

export async function dispatch(owner, repo) {
  const res = await octokit.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: "ci.yml", ref: "main" });
  if (res.status === 204) { // want: workflow-dispatch-200 information
    return true;
  }
  return false;
}

export async function repoInfo() {
  const res = await fetch("https://api.github.com/repos/o/r", {
    headers: { "X-GitHub-Api-Version": "2026-03-10", Accept: "application/vnd.github+json" },
  });
  const repo = await res.json();
  return [repo.has_downloads, repo.default_branch]; // want: has-downloads warning
}

export function decoys(user) {
  const task = { assignee: user, status: 204 };
  console.log(task.assignee, task.status === 204);
  return fetch("https://jira.example.com/rest/api/2/issue/1").then((r) => r.json()).then((j) => j.fields.assignee);
}
