package client

import "net/http"

// Legacy scheme and a request without version or Accept: the fixes copy
// req.Header.Set.
func legacy(tok string) (*http.Request, error) {
	req, err := http.NewRequest("GET", "{{@github-api-version-unpinned}}{{@github-api-accept-missing}}https://api.github.com/user", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "{{@github-auth-legacy-scheme}}token "+tok)
	return req, nil
}

// Quotes inside the value: GitHub answers 401. The closing quote is in
// another operand, so there is no automatic fix.
func quoted(req *http.Request, tok string) {
	req.Header.Add("Authorization", "{{@github-auth-malformed}}Bearer \""+tok+"\"")
}

// Negative: correct headers, another API, a comment.
func good(tok string) *http.Request {
	req, _ := http.NewRequest("GET", "https://api.github.com/repos/o/r", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	// req.Header.Set("Authorization", "token "+tok) for https://api.github.com
	other, _ := http.NewRequest("GET", "https://api.example.com/v1", nil)
	other.Header.Set("Authorization", "token "+tok)
	return req
}

// A header map literal with an unknown version: the request is elsewhere.
var pinned = http.Header{
	"Authorization":        {"Bearer " + tok},
	"Accept":               {"application/vnd.github+json"},
	"X-GitHub-Api-Version": {"{{@github-api-version-unknown}}2024-01-01"},
}

// A map literal on one line.
var mapped = map[string][]string{"Authorization": {"Bearer " + tok}, "X-GitHub-Api-Version": {"2022-11-28"}}
var base = "https://api.github.com/graphql"
