package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// commandCases: lines that hold several commands. A header of one command
// never counts for another, and each command's finding and the edits of
// its fixes stay inside that command (the command splitter of command.go,
// the one FindAPICalls reads methods with). cmds are the commands of src
// in order, as substrings; want lists "rule=covered text@command index";
// fixed is src after the first fix of the first finding ("": no fix).
var commandCases = []struct {
	name, path, src string
	cmds            []string
	want            []string
	fixed           string
}{
	{"&&: pinned first, bare second", "a.sh",
		`curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user && curl https://api.github.com/repos/o/r`,
		[]string{`curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`, `curl https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1", RuleMissingAccept + "=https://api.github.com/repos/o/r@1"},
		`curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user && curl -H "X-GitHub-Api-Version: 2022-11-28" https://api.github.com/repos/o/r`},
	{";: bare first, pinned second", "a.sh",
		`curl https://api.github.com/user; curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/repos/o/r`,
		[]string{`curl https://api.github.com/user`, `curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user@0", RuleMissingAccept + "=https://api.github.com/user@0"},
		`curl -H "X-GitHub-Api-Version: 2022-11-28" https://api.github.com/user; curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/repos/o/r`},
	{"each fix copies its own command's neighbour", "a.sh",
		`curl -H "Authorization: Bearer $T" -H "Accept: application/vnd.github+json" https://api.github.com/user || curl -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`,
		[]string{`curl -H "Authorization: Bearer $T" -H "Accept: application/vnd.github+json" https://api.github.com/user`, `curl -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user@0", RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1"},
		`curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user || curl -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`},
	{"the second command's neighbour", "a.sh",
		`curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user || curl -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`,
		[]string{`curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`, `curl -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1"},
		`curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user || curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`},
	{"continued lines", "a.sh",
		"curl -H \"Authorization: Bearer $T\" https://api.github.com/user && \\\n  curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" \\\n  https://api.github.com/repos/o/r\n",
		[]string{`curl -H "Authorization: Bearer $T" https://api.github.com/user`, "curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" \\\n  https://api.github.com/repos/o/r"},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user@0", RuleMissingAccept + "=https://api.github.com/user@0"},
		"curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Authorization: Bearer $T\" https://api.github.com/user && \\\n  curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" \\\n  https://api.github.com/repos/o/r\n"},
	{"token scheme to another host's command", "a.sh",
		`curl -H "Authorization: token $T" https://example.com/api | curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`,
		[]string{`curl -H "Authorization: token $T" https://example.com/api`, `curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`},
		nil, ""},
	{"token scheme in GitHub's command", "a.sh",
		`curl -H "Authorization: token $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user & curl https://example.com/api`,
		[]string{`curl -H "Authorization: token $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`, `curl https://example.com/api`},
		[]string{RuleLegacyAuthScheme + "=token@0"},
		`curl -H "Authorization: Bearer $T" -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user & curl https://example.com/api`},
	{"Dockerfile RUN", "Dockerfile",
		`RUN curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user && curl https://api.github.com/repos/o/r`,
		[]string{`curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`, `curl https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1", RuleMissingAccept + "=https://api.github.com/repos/o/r@1"},
		`RUN curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user && curl -H "X-GitHub-Api-Version: 2022-11-28" https://api.github.com/repos/o/r`},
	{"package.json scripts", "package.json",
		`{"scripts": {"a": "curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user", "b": "curl https://api.github.com/repos/o/r"}}`,
		[]string{`curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user`, `curl https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1", RuleMissingAccept + "=https://api.github.com/repos/o/r@1"},
		`{"scripts": {"a": "curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user", "b": "curl -H 'X-GitHub-Api-Version: 2022-11-28' https://api.github.com/repos/o/r"}}`},
	{"package.json, escaped quotes", "package.json",
		`{"scripts": {"a": "curl -H \"Authorization: token $T\" -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user", "b": "curl -H \"Authorization: token $T\" https://example.com/api"}}`,
		[]string{`curl -H \"Authorization: token $T\" -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user`, `curl -H \"Authorization: token $T\" https://example.com/api`},
		[]string{RuleLegacyAuthScheme + "=token@0"},
		`{"scripts": {"a": "curl -H \"Authorization: Bearer $T\" -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user", "b": "curl -H \"Authorization: token $T\" https://example.com/api"}}`},
	{"package.json, two commands in one script", "package.json",
		`{"scripts": {"a": "curl https://api.github.com/user && curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r"}}`,
		[]string{`curl https://api.github.com/user`, `curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user@0", RuleMissingAccept + "=https://api.github.com/user@0"},
		`{"scripts": {"a": "curl -H 'X-GitHub-Api-Version: 2022-11-28' https://api.github.com/user && curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r"}}`},
	{"package.json, token scheme in one script", "package.json",
		"{\n  \"scripts\": {\"gh\": \"curl -H 'Authorization: token $T' -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user\", \"other\": \"curl -H 'Authorization: token $T' https://example.com/api\"}\n}\n",
		[]string{`curl -H 'Authorization: token $T' -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user`, `curl -H 'Authorization: token $T' https://example.com/api`},
		[]string{RuleLegacyAuthScheme + "=token@0"},
		"{\n  \"scripts\": {\"gh\": \"curl -H 'Authorization: Bearer $T' -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user\", \"other\": \"curl -H 'Authorization: token $T' https://example.com/api\"}\n}\n"},
	{"Markdown code block", "README.md",
		"Fetch both:\n\n```sh\ncurl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user && curl https://api.github.com/repos/o/r\n```\n",
		[]string{`curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/user`, `curl https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1", RuleMissingAccept + "=https://api.github.com/repos/o/r@1"},
		"Fetch both:\n\n```sh\ncurl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/user && curl -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/repos/o/r\n```\n"},
	{"workflow run: step", ".github/workflows/a.yml",
		"jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl https://api.github.com/user; curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/repos/o/r\n",
		[]string{`curl https://api.github.com/user`, `curl -H "X-GitHub-Api-Version: 2022-11-28" -H "Accept: application/vnd.github+json" https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user@0", RuleMissingAccept + "=https://api.github.com/user@0"},
		"jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/user; curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\" https://api.github.com/repos/o/r\n"},
	{"YAML run: with a quoted command", "ci.yml",
		"run: \"curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user && curl https://api.github.com/repos/o/r\"\n",
		[]string{`curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user`, `curl https://api.github.com/repos/o/r`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1", RuleMissingAccept + "=https://api.github.com/repos/o/r@1"},
		"run: \"curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Accept: application/vnd.github+json' https://api.github.com/user && curl -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/repos/o/r\"\n"},
	{"JS: two requests on one line", "a.js",
		`fetch("https://api.github.com/user", {headers: {"X-GitHub-Api-Version": "2022-11-28", Accept: "application/vnd.github+json"}}); fetch("https://api.github.com/repos/o/r")`,
		[]string{`fetch("https://api.github.com/user", {headers: {"X-GitHub-Api-Version": "2022-11-28", Accept: "application/vnd.github+json"}})`, ` fetch("https://api.github.com/repos/o/r")`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/repos/o/r@1", RuleMissingAccept + "=https://api.github.com/repos/o/r@1"},
		""},
	{"code: a variable named curl is no command", "a.py",
		"h = {\"X-GitHub-Api-Version\": \"2022-11-28\", \"Accept\": \"application/vnd.github+json\"}\ncurl = requests.get(\"https://api.github.com/user\", headers=h)\n",
		nil, nil, ""},
	{"PowerShell header maps", "a.ps1",
		`Invoke-RestMethod -Uri https://api.github.com/user -Headers @{Accept="application/vnd.github+json"} ; Invoke-RestMethod -Uri https://api.github.com/repos/o/r -Headers @{"X-GitHub-Api-Version"="2022-11-28"; Accept="application/vnd.github+json"}`,
		[]string{`Invoke-RestMethod -Uri https://api.github.com/user -Headers @{Accept="application/vnd.github+json"}`, `Invoke-RestMethod -Uri https://api.github.com/repos/o/r -Headers @{"X-GitHub-Api-Version"="2022-11-28"; Accept="application/vnd.github+json"}`},
		[]string{RuleUnpinnedVersion + "=https://api.github.com/user@0"},
		""},
}

func TestHeaderRulesReadOwnCommand(t *testing.T) {
	for _, tc := range commandCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			var cmds []Range
			from := 0
			for _, c := range tc.cmds {
				i := strings.Index(tc.src[from:], c)
				if i < 0 {
					t.Fatalf("command %q not in src after %d", c, from)
				}
				cmds = append(cmds, Range{from + i, from + i + len(c)})
				from += i + len(c)
			}
			cmdOf := func(r Range) int {
				for k, c := range cmds {
					if r.Start >= c.Start && r.End <= c.End {
						return k
					}
				}
				return -1
			}
			got := headerFindings(Analyze(tc.path, "", src, nil))
			var gotS []string
			for _, f := range got {
				k := cmdOf(f.Range)
				gotS = append(gotS, fmt.Sprintf("%s=%s@%d", f.RuleID, tc.src[f.Range.Start:f.Range.End], k))
				for _, fix := range f.Fixes {
					for _, e := range fix.Edits {
						if ek := cmdOf(e.Range); ek != k {
							t.Errorf("%s at %d: fix %q edits %v, in command %d, not the finding's %d", f.RuleID, f.Range.Start, fix.Title, e.Range, ek, k)
						}
					}
				}
			}
			if strings.Join(gotS, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(gotS, "\n"), strings.Join(tc.want, "\n"))
			}
			if len(got) == 0 || len(got[0].Fixes) == 0 {
				if tc.fixed != "" {
					t.Fatalf("no fix, want %q", tc.fixed)
				}
				return
			}
			fixed, err := applyHeaderFix(src, got[0].Fixes[0])
			if err != nil {
				t.Fatal(err)
			}
			if string(fixed) != tc.fixed {
				t.Errorf("fixed:\n%s\nwant:\n%s", fixed, tc.fixed)
			}
		})
	}
}

// TestVersionPinOfItsOwnCommand: an X-GitHub-Api-Version header governs
// the call of its own command (the version the breaking-change rule and
// the hover read), not the first call of its line.
func TestVersionPinOfItsOwnCommand(t *testing.T) {
	for _, tc := range []struct{ name, path, src, want string }{
		{"second command pinned", "a.sh", `curl https://api.github.com/user && curl -H "X-GitHub-Api-Version: 2026-03-10" https://api.github.com/repos/o/r`, "2022-11-28 2026-03-10"},
		{"another host's command pinned", "a.sh", `curl -H "X-GitHub-Api-Version: 2026-03-10" https://example.com/api; curl https://api.github.com/user`, "2022-11-28"},
		{"Markdown", "a.md", "```sh\ncurl -H \"X-GitHub-Api-Version: 2026-03-10\" https://api.github.com/user | curl https://api.github.com/repos/o/r\n```\n", "2026-03-10 2022-11-28"},
		{"Markdown, the header in the span after", "a.md", "Run `curl https://api.github.com/user` with `-H \"X-GitHub-Api-Version: 2026-03-10\"`, and `curl https://api.github.com/repos/o/r`.", "2026-03-10 2022-11-28"},
	} {
		var got []string
		for _, cv := range CallVersions(DetectLanguage(tc.path, ""), []byte(tc.src), nil) {
			got = append(got, cv.Version)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: versions %v, want %s", tc.name, got, tc.want)
		}
	}
}

// TestMarkdownFlagSpansAreTheCommands: prose writes a command in one code
// span and its flags in the next ("run `curl URL` with `-H "…"`"); those
// flags are the command's, so the request is pinned; a later span that
// starts a command of its own is not.
func TestMarkdownFlagSpansAreTheCommands(t *testing.T) {
	src := "Run `curl https://api.github.com/user` with `-H \"X-GitHub-Api-Version: 2022-11-28\"`, and `curl https://api.github.com/repos/o/r`.\n"
	var unpinned []string
	for _, f := range Analyze("README.md", "", []byte(src), nil) {
		if f.RuleID == RuleUnpinnedVersion {
			unpinned = append(unpinned, src[f.Range.Start:f.Range.End])
		}
	}
	if len(unpinned) != 1 || !strings.Contains(unpinned[0], "repos/o/r") {
		t.Errorf("unpinned findings %q, want only the second command's", unpinned)
	}
}
