package main

import (
	"strings"
	"testing"
)

// octokit's endpoints.js writes a namespace of one short method on one
// line (rateLimit, emojis, credentials); those methods were once dropped.
func TestReadEndpointsOneLineNamespace(t *testing.T) {
	src := "const Endpoints = {\n" +
		"  pulls: {\n" +
		"    get: [\"GET /repos/{owner}/{repo}/pulls/{pull_number}\"],\n" +
		"  },\n" +
		"  rateLimit: { get: [\"GET /rate_limit\"] },\n" +
		"  repos: {\n" +
		"    get: [\"GET /repos/{owner}/{repo}\"],\n" +
		"  },\n" +
		"};\n"
	tab := newTable()
	for _, r := range []string{"GET /repos/{owner}/{repo}/pulls/{pull_number}", "GET /rate_limit", "GET /repos/{owner}/{repo}"} {
		verb, path, _ := strings.Cut(r, " ")
		tab.addRoute(verb, path)
	}
	readEndpoints(tab, []byte(src))
	for name, want := range map[string]string{"pulls.get": "GET /repos/{owner}/{repo}/pulls/{pull_number}", "rateLimit.get": "GET /rate_limit", "repos.get": "GET /repos/{owner}/{repo}"} {
		if got := tab.octokit[name]; got != want {
			t.Errorf("octokit[%q] = %q, want %q", name, got, want)
		}
	}
}
