// Breaking-change fixture: reads chained on an awaited call,
// (await client.pulls.get({…})).data.x (semantic-release/github 7.x), and
// octokit's rateLimit namespace.
const prs = await pFilter(found, async ({ number }) =>
  shas.includes((await github.pulls.get({ owner, repo, pull_number: number })).data.merge_commit_sha) // want: merge-commit-sha information
);
const left = (await octokit.rest.rateLimit.get()).data.rate.remaining; // want: rate-limit-rate information
const { data } = await octokit.rest.rateLimit.get();
console.log(data.rate.limit); // want: rate-limit-rate information
console.log(data.resources.core.remaining);
// Decoys: an awaited group that is not a GitHub call, and one on a route no
// change touches.
const mr = (await gitlab.MergeRequests.show(project, iid)).merge_commit_sha;
const rel = (await octokit.rest.repos.getLatestRelease({ owner, repo })).data.assignee;
