// Breaking-change fixture: the response reaches the code as a callback's
// parameter (promise chains, AngularJS $http().success).
fetch("https://api.github.com/rate_limit").then(res => res.json()).then(data => console.log(data.rate.remaining)); // want: rate-limit-rate information
$http.get("https://api.github.com/repos/angular/angular.js/issues?state=open").success(function (issues) {
  issues.forEach(function (issue) {
    list.push(issue.assignee.login); // want: assignee information
  });
});
axios.get("https://api.github.com/repos/o/r/pulls/1").then(function (response) {
  console.log(response.data.merge_commit_sha); // want: merge-commit-sha information
});
// Decoys: the same parameter name bound by another service's callback, an
// error handler, and a loop over something else.
axios.get("https://gitlab.example.com/api/v4/projects/1/issues/1").then(function (response) {
  console.log(response.data.assignee.login);
});
fetch("https://api.github.com/repos/o/r/issues/2")
  .then((res) => res.json())
  .catch((err) => console.log(err.assignee));
const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: 3 });
tickets.forEach((issue) => console.log(issue.assignee));
async function rebound() {
  const response = await axios.get("https://api.github.com/repos/o/r/issues/4");
  console.log(response.data.title);
  jira.get("/rest/api/2/issue/X").then(function (response) {
    console.log(response.data.assignee.name);
  });
}
