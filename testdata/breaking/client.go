// Breaking-change fixture: each `want: ID` line must be reported, nothing else.
package main

import (
	"context"
	"fmt"

	"github.com/google/go-github/v66/github"
)

type ticket struct{ MergeCommitSHA string }

func pulls(ctx context.Context, client *github.Client) {
	pr, _, err := client.PullRequests.Get(ctx, "o", "r", 1)
	if err != nil {
		return
	}
	fmt.Println(pr.GetMergeCommitSHA()) // want: merge-commit-sha information
	fmt.Println(pr.GetTitle(), pr.Assignees)
	repo, _, _ := client.Repositories.Get(ctx, "o", "r")
	fmt.Println(repo.GetDefaultBranch())
	t := ticket{}
	fmt.Println(t.MergeCommitSHA)
}
