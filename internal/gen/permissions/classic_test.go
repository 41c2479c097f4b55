package main

import (
	"reflect"
	"testing"
)

// The sentence shapes GitHub's descriptions use (@octokit/openapi).
func TestClassicDNF(t *testing.T) {
	cases := []struct {
		desc string
		want [][]string
	}{
		{"OAuth app tokens and personal access tokens (classic) need the `repo` scope to use this endpoint.", [][]string{{"repo"}}},
		{"OAuth app tokens and personal access tokens (classic) need the `repo` or `security_events` scope to use this endpoint.", [][]string{{"repo"}, {"security_events"}}},
		{"OAuth app tokens and personal access tokens (classic) need the `read:packages` and `delete:packages` scopes to use this endpoint.", [][]string{{"delete:packages", "read:packages"}}},
		{"OAuth tokens and personal access tokens (classic) need the`admin:org` scope to use this endpoint. If the repository is private, OAuth tokens and personal access tokens (classic) need the `repo` scope to use this endpoint.",
			[][]string{{"admin:org", "repo"}}},
		{"OAuth app tokens and personal access tokens (classic) need the `repo` scope to use this endpoint. If this endpoint is only used with public repositories, the token can use the `public_repo` scope instead.",
			[][]string{{"repo"}, {"public_repo"}}},
		{"OAuth app tokens and personal access tokens (classic) need the `user` scope in order for the response to include private profile information.", nil},
		{"Depending on what is rendered in the Markdown, you may need to provide additional token scopes for labels, such as `read:org` or `repo`.", nil},
		{"Lists the `repo` things.", nil},
	}
	for _, c := range cases {
		if got := classicDNF(c.desc); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q\n got %v\nwant %v", c.desc, got, c.want)
		}
	}
}

// Where GitHub lists a route under several permissions at one level they
// are alternatives; at different levels, all are needed.
func TestFineDNF(t *testing.T) {
	alt := fineDNF(map[string]int{"issues": 1, "pull_requests": 1})
	if want := [][]string{{"issues:write"}, {"pull_requests:write"}}; !reflect.DeepEqual(alt, want) {
		t.Errorf("same level: %v", alt)
	}
	all := fineDNF(map[string]int{"administration": 1, "contents": 0})
	if want := [][]string{{"administration:write", "contents:read"}}; !reflect.DeepEqual(all, want) {
		t.Errorf("different levels: %v", all)
	}
}
