package analysis

import (
	"strings"
	"testing"
)

// snippet cases: one request or header each, in the forms code writes them
// (concatenation, templates, f-strings, format calls, hashes, slices). want
// lists "rule=covered text" for every header finding; fixed is the text after
// the first fix of the first finding ("" when it must offer none).
var snippetCases = []struct {
	name, path, src string
	want            []string
	fixed           string
}{
	{"go concat", "a.go", `req.Header.Set("Authorization", "token "+os.Getenv("GITHUB_TOKEN"))`,
		[]string{RuleLegacyAuthScheme + "=token"}, `req.Header.Set("Authorization", "Bearer "+os.Getenv("GITHUB_TOKEN"))`},
	{"go sprintf", "a.go", `req.Header.Set("Authorization", fmt.Sprintf("token %s", ghToken))`,
		[]string{RuleLegacyAuthScheme + "=token"}, `req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", ghToken))`},
	{"go header slice", "a.go", `h := http.Header{"Authorization": []string{"Bearer  " + githubToken}}`,
		[]string{RuleMalformedAuth + "=Bearer  "}, `h := http.Header{"Authorization": []string{"Bearer " + githubToken}}`},
	{"go empty concat", "a.go", `req.Header.Set("Authorization", "Bearer "+"")`,
		[]string{RuleMalformedAuth + "=Bearer "}, ""},
	{"js template", "a.js", "fetch(u, {headers: {authorization: `token ${process.env.GH_TOKEN}`}})",
		[]string{RuleLegacyAuthScheme + "=token"}, "fetch(u, {headers: {authorization: `Bearer ${process.env.GH_TOKEN}`}})"},
	{"js no space", "a.ts", `headers.set("Authorization", "Bearer" + githubToken);`,
		[]string{RuleMalformedAuth + "=Bearer"}, `headers.set("Authorization", "Bearer " + githubToken);`},
	{"js basic is not ours", "a.js", `headers.set("Authorization", "Basic " + btoa(user + ":" + githubToken));`, nil, ""},
	{"js variable is not ours", "a.js", `headers.set("Authorization", github.auth);`, nil, ""},
	{"python f-string", "a.py", `headers = {"Authorization": f"token {os.environ['GITHUB_TOKEN']}"}`,
		[]string{RuleLegacyAuthScheme + "=token"}, `headers = {"Authorization": f"Bearer {os.environ['GITHUB_TOKEN']}"}`},
	{"python percent", "a.py", `headers = {"Authorization": "token %s" % gh_token}`,
		[]string{RuleLegacyAuthScheme + "=token"}, `headers = {"Authorization": "Bearer %s" % gh_token}`},
	{"python tab escape", "a.py", `headers = {"Authorization": "Bearer\t" + gh_token}`,
		[]string{RuleMalformedAuth + `=Bearer\t`}, `headers = {"Authorization": "Bearer " + gh_token}`},
	{"python quoted token", "a.py", `headers = {'Authorization': 'Bearer "' + gh_token + '"'}`,
		[]string{RuleMalformedAuth + `=Bearer "`}, ""},
	{"ruby interpolation", "a.rb", `req["Authorization"] = "token #{ENV['GITHUB_TOKEN']}"`,
		[]string{RuleLegacyAuthScheme + "=token"}, `req["Authorization"] = "Bearer #{ENV['GITHUB_TOKEN']}"`},
	{"ruby empty", "a.rb", `headers = { "Authorization" => "Bearer " } # github`,
		[]string{RuleMalformedAuth + "=Bearer "}, ""},
	{"shell adjacent words", "a.sh", `curl -H 'Authorization: token '"$GITHUB_TOKEN" https://api.github.com/user -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28"`,
		[]string{RuleLegacyAuthScheme + "=token"}, `curl -H 'Authorization: Bearer '"$GITHUB_TOKEN" https://api.github.com/user -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28"`},
	{"shell trailing space", "a.sh", `curl -H "Authorization: Bearer $GITHUB_TOKEN " -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2026-03-10" https://api.github.com/user`,
		[]string{RuleMalformedAuth + "=Bearer $GITHUB_TOKEN "}, `curl -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2026-03-10" https://api.github.com/user`},
	{"token scheme for another API", "a.py", `requests.get("https://gitlab.example.com/api", headers={"Authorization": "token abc"})`, nil, ""},
	{"bearer already", "a.js", `fetch("https://api.github.com/user", {headers: {Authorization: "Bearer " + t, Accept: "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}})`, nil, ""},
	{"version header on the next line pins", "a.go", "req, _ := http.NewRequest(\"GET\", \"https://api.github.com/user\", nil)\nreq.Header.Set(\"X-GitHub-Api-Version\", \"2026-03-10\")\nreq.Header.Set(\"Accept\", \"application/json\")", nil, ""},
	{"non-GitHub host", "a.go", `http.Get("https://api.example.com/user")`, nil, ""},
	{"lookalike hosts", "a.js", `fetch("https://xapi.github.com/u"); fetch("https://api.github.com.evil.example/u")`, nil, ""},
	{"comment", "a.go", `// see https://api.github.com/user with Authorization: token x`, nil, ""},
	{"js comment block", "a.js", "/*\n * fetch(\"https://api.github.com/user\")\n */", nil, ""},
	{"unpinned without neighbours", "a.go", `resp, err := http.Get("https://api.github.com/user")`,
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user", RuleMissingAccept + "=https://api.github.com/user"}, ""},
	{"unknown version not a date", "a.sh", `curl -H "X-GitHub-Api-Version: v3" -H "Accept: application/vnd.github+json" https://api.github.com/user`,
		[]string{RuleUnknownVersion + "=v3"}, `curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`},
	{"unknown version after latest", "a.py", `h = {"X-GitHub-Api-Version": "2027-01-01", "Accept": "application/vnd.github+json"}`,
		[]string{RuleUnknownVersion + "=2027-01-01"}, `h = {"X-GitHub-Api-Version": "2026-03-10", "Accept": "application/vnd.github+json"}`},
	{"python format", "a.py", `headers = {"Authorization": "token {}".format(gh_token)}`,
		[]string{RuleLegacyAuthScheme + "=token"}, `headers = {"Authorization": "Bearer {}".format(gh_token)}`},
	{"java builder chain", "A.java", "var req = HttpRequest.newBuilder(URI.create(\"https://api.github.com/user\"))\n    .header(\"Authorization\", \"Bearer \" + token)\n    .build();",
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user", RuleMissingAccept + "=https://api.github.com/user"},
		"var req = HttpRequest.newBuilder(URI.create(\"https://api.github.com/user\"))\n    .header(\"X-GitHub-Api-Version\", \"2022-11-28\")\n    .header(\"Authorization\", \"Bearer \" + token)\n    .build();"},
	{"go http.Header literal", "a.go", "h := http.Header{\n\t\"Authorization\": {\"Bearer \" + tok},\n}\nreq, _ := http.NewRequest(\"GET\", \"https://api.github.com/user\", nil)",
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user", RuleMissingAccept + "=https://api.github.com/user"},
		"h := http.Header{\n\t\"X-GitHub-Api-Version\": {\"2022-11-28\"},\n\t\"Authorization\": {\"Bearer \" + tok},\n}\nreq, _ := http.NewRequest(\"GET\", \"https://api.github.com/user\", nil)"},
	{"yaml flow mapping", "http.yaml", "request: {url: https://api.github.com/user, headers: {Authorization: Bearer x, Accept: application/vnd.github+json}}",
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user"},
		"request: {url: https://api.github.com/user, headers: {X-GitHub-Api-Version: \"2022-11-28\", Authorization: Bearer x, Accept: application/vnd.github+json}}"},
	{"API root is a base URL", "a.go", `const apiBase = "https://api.github.com/"`, nil, ""},
	{"API root plus a path", "a.py", `requests.get("https://api.github.com" + path, headers={"Authorization": "Bearer " + t, "Accept": "application/vnd.github+json"})`,
		[]string{RuleUnpinnedVersion + "=https://api.github.com"},
		`requests.get("https://api.github.com" + path, headers={"X-GitHub-Api-Version": "2022-11-28", "Authorization": "Bearer " + t, "Accept": "application/vnd.github+json"})`},
	{"API root constant in an f-string", "a.py", "API = \"https://api.github.com\"\nr = requests.get(f\"{API}/user\")",
		[]string{RuleUnpinnedVersion + "={API}/user", RuleMissingAccept + "={API}/user"}, ""},
	{"API root constant in a template", "a.ts", "const API: string = 'https://api.github.com';\nawait fetch(`${API}/user`, {headers: {Authorization: `Bearer ${t}`}});",
		[]string{RuleUnpinnedVersion + "=${API}/user", RuleMissingAccept + "=${API}/user"},
		"const API: string = 'https://api.github.com';\nawait fetch(`${API}/user`, {headers: {\"X-GitHub-Api-Version\": \"2022-11-28\", Authorization: `Bearer ${t}`}});"},
	{"API root constant compared, not assigned", "a.py", "if u == \"https://api.github.com\":\n    print(f\"{u}/user\")", nil, ""},
	{"host name without scheme", "a.go", `hosts := []string{"api.github.com"}`, nil, ""},
	{"list of header names", "a.go", `var names = []string{"X-GitHub-Api-Version", "v1"}`, nil, ""},
	{"markdown prose names the scheme", "a.md", "The `Authorization: token` scheme is GitHub's legacy one.", nil, ""},
	{"markdown raw header without token", "a.md", "Authorization: Bearer", []string{RuleMalformedAuth + "=Bearer"}, ""},
	{"secret pasted as a version", "a.py", `h = {"X-GitHub-Api-Version": "secret-pasted-where-the-version-goes"}`,
		[]string{RuleUnknownVersion + "=secret-pasted-where-the-version-goes"}, `h = {"X-GitHub-Api-Version": "2022-11-28"}`},
	{"version from a variable", "a.go", `req.Header.Set("X-GitHub-Api-Version", apiVersion)`, nil, ""},
	{"version template", "a.yml", `X-GitHub-Api-Version: ${{ vars.API_VERSION }}`, nil, ""},
}

func TestHeaderSnippets(t *testing.T) {
	for _, tc := range snippetCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			got := headerFindings(Analyze(tc.path, "", src, nil))
			var have []string
			for _, f := range got {
				have = append(have, f.RuleID+"="+string(src[f.Range.Start:f.Range.End]))
			}
			if strings.Join(have, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(have, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, f := range got {
				if cov := string(src[f.Range.Start:f.Range.End]); len(cov) > 24 && strings.Contains(f.Message, cov) {
					t.Fatalf("%s message repeats the %d-character value it covers", f.RuleID, len(cov))
				}
			}
			if len(got) == 0 {
				return
			}
			if tc.fixed == "" {
				for _, f := range got {
					if len(f.Fixes) != 0 {
						t.Fatalf("%s offers fix %q, want none", f.RuleID, f.Fixes[0].Title)
					}
				}
				return
			}
			if len(got[0].Fixes) == 0 {
				t.Fatal("no fix")
			}
			out, err := applyHeaderFix(src, got[0].Fixes[0])
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.fixed {
				t.Fatalf("fixed:\n%s\nwant:\n%s", out, tc.fixed)
			}
			if n := countRule(Analyze(tc.path, "", out, nil), got[0].RuleID); n != countRule(got, got[0].RuleID)-1 {
				t.Fatalf("%d %s findings after the fix", n, got[0].RuleID)
			}
		})
	}
}
