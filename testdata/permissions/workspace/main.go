// Every line with a call carries the call(s) the finder must report.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"

	"github.com/google/go-github/v66/github"
)

const apiBase = "https://api.github.com"

func run(ctx context.Context, client *github.Client, owner, repo string) {
	u := fmt.Sprintf("%s/repos/%s/%s/topics", apiBase, owner, repo) // expect: PUT /repos/{owner}/{repo}/topics
	req, _ := http.NewRequest("PUT", u, nil)
	_ = req
	http.Get("https://api.github.com/repos/" + owner + "/" + repo + "/commits")                                   // expect: GET /repos/{owner}/{repo}/commits
	r2, _ := http.NewRequestWithContext(ctx, http.MethodDelete, apiBase+"/repos/"+owner+"/"+repo+"/hooks/1", nil) // expect: DELETE /repos/{owner}/{repo}/hooks/{hook_id}
	_ = r2
	client.Issues.Create(ctx, owner, repo, &github.IssueRequest{}) // expect: POST /repos/{owner}/{repo}/issues
	client.Repositories.GetContents(ctx, owner, repo, "a", nil)    // expect: GET /repos/{owner}/{repo}/contents/{path}
}

func viaGh(ctx context.Context) {
	exec.CommandContext(ctx, "gh", "api", "-X", "PUT", "repos/{owner}/{repo}/subscription") // expect: PUT /repos/{owner}/{repo}/subscription
}
