// Breaking-change fixture: pages of octokit.paginate.iterator, and
// destructuring of a followed response.
async function merged() {
  for await (const { data: pulls } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/pulls", { owner, repo })) {
    for (const pull of pulls) {
      shas.push(pull.merge_commit_sha); // want: merge-commit-sha information
    }
  }
  let response = await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });
  let { data } = response;
  const { merge_commit_sha: sha, title } = data; // want: merge-commit-sha information
  // Decoys: destructuring something that is not the response.
  const { assignee } = ticket;
  const { merge_commit_sha } = JSON.parse(cache);
}
