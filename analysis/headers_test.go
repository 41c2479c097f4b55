package analysis

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// hdrWant is one expected header finding: its rule and severity, the
// exact text it covers, and for each offered fix the lines the fix leaves
// in place of the lines it touches. {{tokN}} stands for the N-th token
// planted in the fixture. Where it starts is written in the fixture: a
// {{@rule-id}} marker stands right before it (fixture.ExpandMarked), one
// marker per entry, in the same order.
type hdrWant struct {
	rule  string
	sev   Severity
	text  string
	fixes []string
}

// headerFixtures are the files under testdata/headers, analysed with
// ghe.example.com configured as an Enterprise host.
var headerFixtures = []struct {
	file string
	want []hdrWant
}{
	{"curl.sh", []hdrWant{
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"  -H \"Authorization: Bearer $GITHUB_TOKEN\" \\",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"  -H \"X-GitHub-Api-Version: 2022-11-28\" \\\n  -H \"Authorization: token $GITHUB_TOKEN\" \\",
			"  -H \"X-GitHub-Api-Version: 2026-03-10\" \\\n  -H \"Authorization: token $GITHUB_TOKEN\" \\",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"  -H \"Accept: application/vnd.github+json\" \\\n  -H \"Authorization: token $GITHUB_TOKEN\" \\",
		}},
		{RuleMalformedAuth, SeverityError, "Bearer Bearer {{tok0}}", []string{
			"curl -H 'Authorization: Bearer {{tok0}}' https://api.github.com/repos/o/r",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/repos/o/r", []string{
			"curl -H 'X-GitHub-Api-Version: 2022-11-28' -H 'Authorization: Bearer Bearer {{tok0}}' https://api.github.com/repos/o/r",
			"curl -H 'X-GitHub-Api-Version: 2026-03-10' -H 'Authorization: Bearer Bearer {{tok0}}' https://api.github.com/repos/o/r",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/repos/o/r", []string{
			"curl -H 'Accept: application/vnd.github+json' -H 'Authorization: Bearer Bearer {{tok0}}' https://api.github.com/repos/o/r",
		}},
		{RuleMalformedAuth, SeverityError, "Bearer  \\\"$GITHUB_TOKEN\\\"", []string{
			"curl -H \"Authorization: Bearer $GITHUB_TOKEN\" -H \"Accept: application/vnd.github+json\" -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/user",
		}},
		{RuleUnknownVersion, SeverityWarning, "2023-01-01", []string{
			"curl -fsSL https://api.github.com/rate_limit -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Accept: application/vnd.github+json\"",
			"curl -fsSL https://api.github.com/rate_limit -H \"X-GitHub-Api-Version: 2026-03-10\" -H \"Accept: application/vnd.github+json\"",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/meta", []string{
			"curl -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/meta",
			"curl -H \"X-GitHub-Api-Version: 2026-03-10\" https://api.github.com/meta",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/meta", []string{
			"curl -H \"Accept: application/vnd.github+json\" https://api.github.com/meta",
		}},
	}},
	{"client.go", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"\treq.Header.Set(\"X-GitHub-Api-Version\", \"2022-11-28\")\n\treq.Header.Set(\"Authorization\", \"token \"+tok)",
			"\treq.Header.Set(\"X-GitHub-Api-Version\", \"2026-03-10\")\n\treq.Header.Set(\"Authorization\", \"token \"+tok)",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"\treq.Header.Set(\"Accept\", \"application/vnd.github+json\")\n\treq.Header.Set(\"Authorization\", \"token \"+tok)",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"\treq.Header.Set(\"Authorization\", \"Bearer \"+tok)",
		}},
		{RuleMalformedAuth, SeverityError, "Bearer \\\"", nil},
		{RuleUnknownVersion, SeverityWarning, "2024-01-01", []string{
			"\t\"X-GitHub-Api-Version\": {\"2022-11-28\"},",
			"\t\"X-GitHub-Api-Version\": {\"2026-03-10\"},",
		}},
	}},
	{"app.ts", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"      \"X-GitHub-Api-Version\": \"2022-11-28\",\n      Authorization: `token ${process.env.GITHUB_TOKEN}`,",
			"      \"X-GitHub-Api-Version\": \"2026-03-10\",\n      Authorization: `token ${process.env.GITHUB_TOKEN}`,",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"      Accept: \"application/vnd.github+json\",\n      Authorization: `token ${process.env.GITHUB_TOKEN}`,",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"      Authorization: `Bearer ${process.env.GITHUB_TOKEN}`,",
		}},
		{RuleUnknownVersion, SeverityWarning, "latest", []string{
			"  const h = { 'Authorization': 'Bearer ' + token, 'X-GitHub-Api-Version': '2022-11-28' };",
			"  const h = { 'Authorization': 'Bearer ' + token, 'X-GitHub-Api-Version': '2026-03-10' };",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/repos/${owner}/${name}", []string{
			"  const h = { 'Authorization': 'Bearer ' + token, 'Accept': 'application/vnd.github+json', 'X-GitHub-Api-Version': 'latest' };",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"  x.setRequestHeader(\"X-GitHub-Api-Version\", \"2022-11-28\");\n  x.setRequestHeader(\"Authorization\", \"Bearer Bearer \" + token);",
			"  x.setRequestHeader(\"X-GitHub-Api-Version\", \"2026-03-10\");\n  x.setRequestHeader(\"Authorization\", \"Bearer Bearer \" + token);",
		}},
		{RuleMalformedAuth, SeverityError, "Bearer Bearer ", []string{
			"  x.setRequestHeader(\"Authorization\", \"Bearer \" + token);",
		}},
	}},
	{"client.py", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"r = requests.get(\"https://api.github.com/user\", headers={\"X-GitHub-Api-Version\": \"2022-11-28\", \"Authorization\": f\"token {TOKEN}\"})",
			"r = requests.get(\"https://api.github.com/user\", headers={\"X-GitHub-Api-Version\": \"2026-03-10\", \"Authorization\": f\"token {TOKEN}\"})",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"r = requests.get(\"https://api.github.com/user\", headers={\"Accept\": \"application/vnd.github+json\", \"Authorization\": f\"token {TOKEN}\"})",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"r = requests.get(\"https://api.github.com/user\", headers={\"Authorization\": f\"Bearer {TOKEN}\"})",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/repos/o/r", []string{
			"    'X-GitHub-Api-Version': '2022-11-28',\n    'Accept': 'application/vnd.github+json',",
			"    'X-GitHub-Api-Version': '2026-03-10',\n    'Accept': 'application/vnd.github+json',",
		}},
		{RuleMalformedAuth, SeverityError, "Bearer  {{tok0}}", []string{
			"session.headers[\"Authorization\"] = \"Bearer {{tok0}}\"",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"session.headers[\"X-GitHub-Api-Version\"] = \"2022-11-28\"\nsession.headers[\"Authorization\"] = \"Bearer  {{tok0}}\"",
			"session.headers[\"X-GitHub-Api-Version\"] = \"2026-03-10\"\nsession.headers[\"Authorization\"] = \"Bearer  {{tok0}}\"",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"session.headers[\"Accept\"] = \"application/vnd.github+json\"\nsession.headers[\"Authorization\"] = \"Bearer  {{tok0}}\"",
		}},
	}},
	{"client.rb", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"req[\"X-GitHub-Api-Version\"] = \"2022-11-28\"\nreq[\"Authorization\"] = \"token #{ENV[\"GITHUB_TOKEN\"]}\"",
			"req[\"X-GitHub-Api-Version\"] = \"2026-03-10\"\nreq[\"Authorization\"] = \"token #{ENV[\"GITHUB_TOKEN\"]}\"",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"req[\"Authorization\"] = \"Bearer #{ENV[\"GITHUB_TOKEN\"]}\"",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/repos/o/r", []string{
			"  \"Accept\" => \"application/vnd.github+json\",\n  \"X-GitHub-Api-Version\" => \"2022-11-28\",",
		}},
	}},
	{".github/workflows/api.yml", []hdrWant{
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"            -H \"Authorization: Bearer ${{ secrets.GITHUB_TOKEN }}\" \\",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"            -H \"X-GitHub-Api-Version: 2022-11-28\" \\\n            -H \"Authorization: token ${{ secrets.GITHUB_TOKEN }}\" \\",
			"            -H \"X-GitHub-Api-Version: 2026-03-10\" \\\n            -H \"Authorization: token ${{ secrets.GITHUB_TOKEN }}\" \\",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"            -H \"Accept: application/vnd.github+json\" \\\n            -H \"Authorization: token ${{ secrets.GITHUB_TOKEN }}\" \\",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/rate_limit", []string{
			"        run: curl -H \"Authorization: Bearer ${{ secrets.GITHUB_TOKEN }}\" -H \"Accept: application/vnd.github+json\" -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/rate_limit",
		}},
	}},
	{"Dockerfile", []hdrWant{
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"RUN curl -fsSL -H \"Authorization: Bearer ${GITHUB_TOKEN}\" \\",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/repos/o/r/releases/latest", []string{
			"RUN curl -fsSL -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Authorization: token ${GITHUB_TOKEN}\" \\",
			"RUN curl -fsSL -H \"X-GitHub-Api-Version: 2026-03-10\" -H \"Authorization: token ${GITHUB_TOKEN}\" \\",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/repos/o/r/releases/latest", []string{
			"RUN curl -fsSL -H \"Accept: application/vnd.github+json\" -H \"Authorization: token ${GITHUB_TOKEN}\" \\",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/meta", []string{
			"RUN curl -H \"X-GitHub-Api-Version: 2022-11-28\" -fsSL https://api.github.com/meta > meta.json",
			"RUN curl -H \"X-GitHub-Api-Version: 2026-03-10\" -fsSL https://api.github.com/meta > meta.json",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/meta", []string{
			"RUN curl -H \"Accept: application/vnd.github+json\" -fsSL https://api.github.com/meta > meta.json",
		}},
	}},
	{"config.json", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/repos/o/r/issues", []string{
			"      \"X-GitHub-Api-Version\": \"2022-11-28\",\n      \"Authorization\": \"token ${GITHUB_TOKEN}\",",
			"      \"X-GitHub-Api-Version\": \"2026-03-10\",\n      \"Authorization\": \"token ${GITHUB_TOKEN}\",",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"      \"Authorization\": \"Bearer ${GITHUB_TOKEN}\",",
		}},
	}},
	{"enterprise.sh", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://ghe.example.com/api/v3/user", []string{
			"curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Authorization: Bearer $GHE_TOKEN\" https://ghe.example.com/api/v3/user",
			"curl -H \"X-GitHub-Api-Version: 2026-03-10\" -H \"Authorization: Bearer $GHE_TOKEN\" https://ghe.example.com/api/v3/user",
		}},
		{RuleMissingAccept, SeverityHint, "https://ghe.example.com/api/v3/user", []string{
			"curl -H \"Accept: application/vnd.github+json\" -H \"Authorization: Bearer $GHE_TOKEN\" https://ghe.example.com/api/v3/user",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"curl -H \"Authorization: Bearer $GHE_TOKEN\" https://ghe.example.com/api/v4/graphql",
		}},
	}},
	{"README.md", []hdrWant{
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"curl -H \"Authorization: Bearer $GITHUB_TOKEN\" \\",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/user", []string{
			"curl -H \"X-GitHub-Api-Version: 2022-11-28\" -H \"Authorization: token $GITHUB_TOKEN\" \\",
			"curl -H \"X-GitHub-Api-Version: 2026-03-10\" -H \"Authorization: token $GITHUB_TOKEN\" \\",
		}},
		{RuleMissingAccept, SeverityHint, "https://api.github.com/user", []string{
			"curl -H \"Accept: application/vnd.github+json\" -H \"Authorization: token $GITHUB_TOKEN\" \\",
		}},
		{RuleUnpinnedVersion, SeverityInformation, "api.github.com", []string{
			"X-GitHub-Api-Version: 2022-11-28\nAuthorization: Bearer",
			"X-GitHub-Api-Version: 2026-03-10\nAuthorization: Bearer",
		}},
		{RuleMissingAccept, SeverityHint, "api.github.com", []string{
			"Accept: application/vnd.github+json\nAuthorization: Bearer",
		}},
		{RuleMalformedAuth, SeverityError, "Bearer", nil},
	}},
	{"http.yaml", []hdrWant{
		{RuleUnpinnedVersion, SeverityInformation, "https://api.github.com/repos/o/r/issues", []string{
			"    X-GitHub-Api-Version: \"2022-11-28\"\r\n    Authorization: token  {{tok0}}\r",
			"    X-GitHub-Api-Version: \"2026-03-10\"\r\n    Authorization: token  {{tok0}}\r",
		}},
		{RuleMalformedAuth, SeverityError, "token  {{tok0}}", []string{
			"    Authorization: token {{tok0}}\r",
		}},
		{RuleLegacyAuthScheme, SeverityWarning, "token", []string{
			"    Authorization: Bearer  {{tok0}}\r",
		}},
	}},
	{"api.env", []hdrWant{}},
}

func headerCfg() *Config { return &Config{EnterpriseHosts: []string{"ghe.example.com"}} }

func isHeaderRule(id string) bool {
	for _, h := range HeaderRuleIDs {
		if h == id {
			return true
		}
	}
	return false
}

func headerFindings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if isHeaderRule(f.RuleID) {
			out = append(out, f)
		}
	}
	return out
}

func countRule(fs []Finding, rule string) int {
	n := 0
	for _, f := range fs {
		if f.RuleID == rule {
			n++
		}
	}
	return n
}

// position is the 1-based "line:col" (byte column) of off.
func position(text []byte, off int) string {
	ls := bytes.LastIndexByte(text[:off], '\n') + 1
	return fmt.Sprintf("%d:%d", lineOf(text, off), off-ls+1)
}

// withTokens replaces {{tokN}} with the planted tokens.
func withTokens(s string, planted []fixture.Planted) string {
	for i, p := range planted {
		s = strings.ReplaceAll(s, fmt.Sprintf("{{tok%d}}", i), p.Token)
	}
	return s
}

// redactAll hides planted tokens in test output.
func redactAll(s string, planted []fixture.Planted) string {
	for _, p := range planted {
		s = strings.ReplaceAll(s, p.Token, ghtoken.Redact(p.Token))
	}
	return s
}

func TestHeaderFixtures(t *testing.T) {
	for _, tc := range headerFixtures {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "headers", tc.file)
			text, planted, marks := fixture.LoadMarked(t, path, 7)
			if len(marks) != len(tc.want) {
				t.Fatalf("%d {{@rule}} markers in the fixture, %d expectations here", len(marks), len(tc.want))
			}
			all := Analyze(path, "", text, headerCfg())
			for _, f := range all {
				for _, p := range planted {
					msg := f.Message
					for _, fix := range f.Fixes {
						msg += "\n" + fix.Title
					}
					if strings.Contains(msg, p.Token) {
						t.Fatalf("%s at %s: message or fix title shows a whole token", f.RuleID, position(text, f.Range.Start))
					}
				}
			}
			got := headerFindings(all)
			if len(got) != len(tc.want) {
				var b strings.Builder
				for _, f := range got {
					fmt.Fprintf(&b, "\n  %s %s %v %q", position(text, f.Range.Start), f.RuleID, f.Severity, text[f.Range.Start:f.Range.End])
				}
				t.Fatalf("got %d header findings, want %d:%s", len(got), len(tc.want), redactAll(b.String(), planted))
			}
			for i, w := range tc.want {
				f := got[i]
				at := fixture.Position(text, marks[i].Offset)
				if pos := position(text, f.Range.Start); pos != at || f.RuleID != w.rule || f.RuleID != marks[i].Name || f.Severity != w.sev {
					t.Errorf("finding %d: %s %s %v; want %s %s (marker %s) %v", i, pos, f.RuleID, f.Severity, at, w.rule, marks[i].Name, w.sev)
					continue
				}
				if cov, want := string(text[f.Range.Start:f.Range.End]), withTokens(w.text, planted); cov != want {
					t.Errorf("finding %d (%s) covers %q, want %q", i, w.rule, redactAll(cov, planted), w.text)
				}
				if len(f.Fixes) != len(w.fixes) {
					t.Errorf("finding %d (%s): %d fixes, want %d", i, w.rule, len(f.Fixes), len(w.fixes))
					continue
				}
				for j, fix := range f.Fixes {
					checkHeaderFix(t, path, text, all, f, fix, withTokens(w.fixes[j], planted), planted)
				}
				if len(f.Fixes) > 0 && !f.Fixes[0].Preferred {
					t.Errorf("finding %d (%s): the first fix is not the preferred one", i, w.rule)
				}
			}
		})
	}
}

// checkHeaderFix applies fix and checks (1) the lines it touches become
// want and nothing else changes, (2) re-analysis reports the rule once less
// and adds no other header finding.
func checkHeaderFix(t *testing.T, path string, text []byte, before []Finding, f Finding, fix Fix, want string, planted []fixture.Planted) {
	t.Helper()
	got, err := applyHeaderFix(text, fix)
	if err != nil {
		t.Fatal(err)
	}
	s, e := changedLines(text, fix)
	expect := string(text[:s]) + want + string(text[e:])
	if string(got) != expect {
		t.Errorf("%s fix %q:\n got: %q\nwant: %q", f.RuleID, fix.Title,
			redactAll(string(got[s:len(got)-(len(text)-e)]), planted), redactAll(want, planted))
		return
	}
	after := Analyze(path, "", got, headerCfg())
	hb, ha := headerFindings(before), headerFindings(after)
	if countRule(ha, f.RuleID) != countRule(hb, f.RuleID)-1 || len(ha) != len(hb)-1 {
		t.Errorf("%s fix %q: after the fix %d %s findings (of %d header findings), want %d (of %d)",
			f.RuleID, fix.Title, countRule(ha, f.RuleID), f.RuleID, len(ha), countRule(hb, f.RuleID)-1, len(hb)-1)
	}
}

// applyHeaderFix applies a fix's edits to text (edits are non-overlapping).
func applyHeaderFix(text []byte, fix Fix) ([]byte, error) {
	edits := append([]Edit(nil), fix.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start < edits[j].Range.Start })
	var out []byte
	last := 0
	for _, e := range edits {
		if e.Range.Start < last || e.Range.End < e.Range.Start || e.Range.End > len(text) {
			return nil, fmt.Errorf("fix %q: bad or overlapping edit %+v", fix.Title, e.Range)
		}
		out = append(out, text[last:e.Range.Start]...)
		out = append(out, e.NewText...)
		last = e.Range.End
	}
	return append(out, text[last:]...), nil
}

// changedLines is the byte range of the whole lines a fix touches: from the
// start of the line of its first edit to the end of the line of its last
// (before the newline).
func changedLines(text []byte, fix Fix) (start, end int) {
	start, end = len(text), 0
	for _, e := range fix.Edits {
		start = min(start, bytes.LastIndexByte(text[:e.Range.Start], '\n')+1)
		le := bytes.IndexByte(text[e.Range.End:], '\n')
		if le < 0 {
			le = len(text) - e.Range.End
		}
		end = max(end, e.Range.End+le)
	}
	return start, end
}
