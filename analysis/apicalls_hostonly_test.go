package analysis

import (
	"strings"
	"testing"
)

// TestHostOnlyCallsTakeEnterpriseHosts: a request naming its host and path
// apart (Node's https.request options, Python's http.client) is a call on
// a configured Enterprise host as on api.github.com, its path read under
// /api/v3; a host not configured, a longer host ending in the configured
// one and the host's web pages are not.
func TestHostOnlyCallsTakeEnterpriseHosts(t *testing.T) {
	hosts := []string{"https://GHE.example.com/api/v3/"}
	for _, c := range []struct {
		name, lang, text string
		hosts            []string
		want             string // "METHOD /route", "" for none
	}{
		{"node, api.github.com", "js", `https.request({ hostname: "api.github.com", path: "/repos/o/r/issues", method: "POST" })`, nil, "POST /repos/{owner}/{repo}/issues"},
		{"node, Enterprise", "js", `https.request({ hostname: "ghe.example.com", path: "/api/v3/repos/o/r/issues", method: "POST" })`, hosts, "POST /repos/{owner}/{repo}/issues"},
		{"node, Enterprise, not configured", "js", `https.request({ hostname: "ghe.example.com", path: "/api/v3/repos/o/r/issues", method: "POST" })`, nil, ""},
		{"node, a longer host", "js", `https.request({ hostname: "notghe.example.com", path: "/api/v3/repos/o/r/issues", method: "POST" })`, hosts, ""},
		{"node, Enterprise web page", "js", `https.request({ hostname: "ghe.example.com", path: "/o/r/issues", method: "POST" })`, hosts, ""},
		{"python, Enterprise", "py", "conn = http.client.HTTPSConnection(\"ghe.example.com\")\nconn.request(\"PUT\", \"/api/v3/repos/o/r/topics\", body)\n", hosts, "PUT /repos/{owner}/{repo}/topics"},
		{"python, Enterprise, not configured", "py", "conn = http.client.HTTPSConnection(\"ghe.example.com\")\nconn.request(\"PUT\", \"/api/v3/repos/o/r/topics\", body)\n", nil, ""},
		{"python, api.github.com", "py", "conn = http.client.HTTPSConnection('api.github.com')\nconn.request(\"PUT\", \"/repos/o/r/topics\", body)\n", hosts, "PUT /repos/{owner}/{repo}/topics"},
	} {
		var got []string
		for _, call := range FindAPICalls(DetectLanguage("f."+c.lang, ""), []byte(c.text), c.hosts) {
			if call.Route != nil {
				got = append(got, call.Route.Method+" "+call.Route.Path)
			}
		}
		if strings.Join(got, "; ") != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
