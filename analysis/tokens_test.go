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

// want is one expected token finding: rule, severity, and either the
// index of the planted token it must cover exactly or the literal
// placeholder text it must cover. Where it starts is written in the
// fixture: a {{@rule-id}} marker stands right before it
// (fixture.ExpandMarked), one marker per entry, in the same order.
type want struct {
	rule        string
	sev         Severity
	planted     int
	placeholder string
}

var tokenFixtures = []struct {
	file string
	want []want
}{
	{"client.go", []want{
		{RuleClassicPAT, SeverityHint, -1, "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleFineGrainedPAT, SeverityError, 1, ""},
	}},
	{"app.js", []want{
		{RuleOAuth, SeverityError, 0, ""},
		{RuleClassicPAT, SeverityHint, -1, "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{RuleClassicPAT, SeverityError, 1, ""},
		// line 5 carries gitleaks:allow
	}},
	{"app.ts", []want{
		{RuleAppToken, SeverityError, 0, ""},
		{RuleRefreshToken, SeverityError, 1, ""},
	}},
	{"script.py", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleFineGrainedPAT, SeverityError, 1, ""},
	}},
	{"deploy.sh", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleAppToken, SeverityError, 1, ""},
		// line 4 carries ghpat-ls:allow
	}},
	{"client.rb", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleOAuth, SeverityError, 1, ""},
	}},
	{".github/workflows/release.yml", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleStatelessInstall, SeverityError, 1, ""},
	}},
	{"Dockerfile", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleFineGrainedPAT, SeverityError, 1, ""},
	}},
	{".env", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
	}},
	{"config.json", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
		{RuleRefreshToken, SeverityError, 1, ""},
	}},
	{"README.md", []want{
		{RuleClassicPAT, SeverityHint, -1, "ghp_1234567890abcdefghijklmnopqrstuvwxyz"},
		{RuleClassicPAT, SeverityError, 0, ""},
	}},
	{"unicode.py", []want{
		{RuleClassicPAT, SeverityError, 0, ""},
	}},
}

func lineOf(text []byte, off int) int { return bytes.Count(text[:off], []byte("\n")) + 1 }

func tokenFindings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Token != nil {
			out = append(out, f)
		}
	}
	return out
}

func TestTokenFixtures(t *testing.T) {
	for _, tc := range tokenFixtures {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "tokens", tc.file)
			text, planted, marks := fixture.LoadMarked(t, path, 7)
			if len(marks) != len(tc.want) {
				t.Fatalf("%d {{@rule}} markers in the fixture, %d expectations here", len(marks), len(tc.want))
			}
			got := tokenFindings(Analyze(path, "", text, nil))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d token findings, want %d: %v", len(got), len(tc.want), describe(text, got))
			}
			for i, w := range tc.want {
				f := got[i]
				at := fixture.Position(text, marks[i].Offset)
				if pos := fixture.Position(text, f.Range.Start); pos != at || f.RuleID != w.rule || f.RuleID != marks[i].Name || f.Severity != w.sev {
					t.Errorf("finding %d: at %s rule %s severity %v; want at %s rule %s (marker %s) severity %v", i, pos, f.RuleID, f.Severity, at, w.rule, marks[i].Name, w.sev)
				}
				covered := string(text[f.Range.Start:f.Range.End])
				expect := w.placeholder
				if w.planted >= 0 {
					expect = planted[w.planted].Token
				}
				if covered != expect {
					t.Errorf("finding %d covers %q, want %q", i, ghtoken.Redact(covered), ghtoken.Redact(expect))
				}
				if strings.Contains(f.Message, covered) || f.Token.Redacted == covered {
					t.Errorf("finding %d message shows the whole token", i)
				}
				if f.Token.ChecksumValid != (w.sev == SeverityError) {
					t.Errorf("finding %d: checksum valid = %v", i, f.Token.ChecksumValid)
				}
			}
		})
	}
}

func describe(text []byte, fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %s %s line %d: %s", f.RuleID, f.Severity, lineOf(text, f.Range.Start), f.Message)
	}
	return b.String()
}

// applyFix applies a fix's edits (non-overlapping) to text.
func applyFix(t *testing.T, text []byte, fix Fix) []byte {
	t.Helper()
	edits := append([]Edit(nil), fix.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start > edits[j].Range.Start })
	out := append([]byte(nil), text...)
	prev := len(out) + 1
	for _, e := range edits {
		if e.Range.Start < 0 || e.Range.End > len(out) || e.Range.Start > e.Range.End || e.Range.End > prev {
			t.Fatalf("fix %q has a bad or overlapping edit %+v", fix.Title, e.Range)
		}
		prev = e.Range.Start
		out = append(out[:e.Range.Start:e.Range.Start], append([]byte(e.NewText), out[e.Range.End:]...)...)
	}
	return out
}

// TestTokenFixesRemoveFindings applies every offered fix to every token
// finding and checks the finding is gone afterwards.
func TestTokenFixesRemoveFindings(t *testing.T) {
	for _, tc := range tokenFixtures {
		path := filepath.Join("..", "testdata", "tokens", tc.file)
		text, _ := fixture.Load(t, path, 3)
		for _, f := range tokenFindings(Analyze(path, "", text, nil)) {
			if len(f.Fixes) == 0 {
				t.Errorf("%s line %d: no fix offered", tc.file, lineOf(text, f.Range.Start))
			}
			for _, fix := range f.Fixes {
				after := applyFix(t, text, fix)
				for _, g := range tokenFindings(Analyze(path, "", after, nil)) {
					if g.Token.Fingerprint == f.Token.Fingerprint {
						t.Errorf("%s: fix %q leaves the token in place", tc.file, fix.Title)
					}
				}
			}
		}
	}
}

// TestEnvFixText pins the exact code the preferred fix writes per language.
func TestEnvFixText(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 42)
	cases := []struct {
		path, src, want string
	}{
		{"a.go", "package a\n\nimport (\n\t\"fmt\"\n)\n\nvar t = \"<T>\"\n", "package a\n\nimport (\n\t\"os\"\n\t\"fmt\"\n)\n\nvar t = os.Getenv(\"GITHUB_TOKEN\")\n"},
		{"a.go", "package a\n\nvar h = \"Bearer <T>\"\n", "package a\n\nimport \"os\"\n\nvar h = \"Bearer \" + os.Getenv(\"GITHUB_TOKEN\")\n"},
		{"a.go", "package a\n\nimport \"os\"\n\nvar h = \"<T>:x-oauth\"\n", "package a\n\nimport \"os\"\n\nvar h = os.Getenv(\"GITHUB_TOKEN\") + \":x-oauth\"\n"},
		{"a.go", "package a\n\nimport \"os\"\n\nconst t = \"<T>\"\n", "package a\n\nimport \"os\"\n\nvar t = os.Getenv(\"GITHUB_TOKEN\")\n"},
		{"a.js", "const t = '<T>';\n", "const t = process.env.GITHUB_TOKEN;\n"},
		{"a.ts", "const h = `Bearer <T>`;\n", "const h = `Bearer ${process.env.GITHUB_TOKEN}`;\n"},
		{"a.js", "const h = \"token <T>\";\n", "const h = \"token \" + process.env.GITHUB_TOKEN;\n"},
		{"a.py", "import os\nT = \"<T>\"\n", "import os\nT = os.environ[\"GITHUB_TOKEN\"]\n"},
		{"a.py", "#!/usr/bin/env python3\nh = f\"Bearer <T>\"\n", "#!/usr/bin/env python3\nimport os\nh = f\"Bearer {os.environ['GITHUB_TOKEN']}\"\n"},
		{"a.rb", "auth = \"Bearer <T>\"\n", "auth = \"Bearer #{ENV[\"GITHUB_TOKEN\"]}\"\n"},
		{"a.rb", "t = '<T>'\n", "t = ENV[\"GITHUB_TOKEN\"]\n"},
		{"a.sh", "curl -H \"Authorization: Bearer <T>\" x\n", "curl -H \"Authorization: Bearer ${GITHUB_TOKEN}\" x\n"},
		{"a.sh", "curl -H 'Authorization: Bearer <T>' x\n", "curl -H 'Authorization: Bearer '\"${GITHUB_TOKEN}\"'' x\n"},
		{"a.sh", "export GH_TOKEN=<T>\n", "export GH_TOKEN=\"${GITHUB_TOKEN}\"\n"},
		{".github/workflows/ci.yml", "env:\n  T: <T>\n", "env:\n  T: ${{ secrets.GITHUB_TOKEN }}\n"},
		{"Main.java", "String t = \"<T>\";\n", "String t = System.getenv(\"GITHUB_TOKEN\");\n"},
		{"main.rs", "let h = \"Bearer {<T>}\";\n", "let h = format!(\"Bearer {{{}}}\", std::env::var(\"GITHUB_TOKEN\").unwrap_or_default());\n"},
		{".env", "GITHUB_TOKEN=<T>\n", "GITHUB_TOKEN=\n"},
	}
	for _, c := range cases {
		src := []byte(strings.ReplaceAll(c.src, "<T>", tok))
		fs := tokenFindings(Analyze(c.path, "", src, nil))
		if len(fs) != 1 || len(fs[0].Fixes) == 0 || !fs[0].Fixes[0].Preferred {
			t.Errorf("%s %q: want one finding with a preferred fix, got %d", c.path, c.src, len(fs))
			continue
		}
		if got := string(applyFix(t, src, fs[0].Fixes[0])); got != c.want {
			t.Errorf("%s: fix %q\n got: %q\nwant: %q", c.path, fs[0].Fixes[0].Title, got, c.want)
		}
	}
}

func TestAllowCommentFix(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 5)
	cases := map[string]string{
		"a.go":       "x := \"TOKEN\" // gitleaks:allow\n",
		"a.py":       "x = \"TOKEN\" # gitleaks:allow\n",
		"README.md":  "x TOKEN <!-- gitleaks:allow -->\n",
		"Dockerfile": "RUN echo TOKEN # gitleaks:allow\n",
	}
	for path, want := range cases {
		src := strings.ReplaceAll(strings.SplitN(want, " //", 2)[0], "TOKEN", tok)
		src = strings.SplitN(strings.SplitN(src, " #", 2)[0], " <!--", 2)[0]
		if !strings.HasSuffix(src, "\n") {
			src += "\n"
		}
		fs := tokenFindings(Analyze(path, "", []byte(src), nil))
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings", path, len(fs))
		}
		var allow *Fix
		for i := range fs[0].Fixes {
			if strings.Contains(fs[0].Fixes[i].Title, "gitleaks:allow") {
				allow = &fs[0].Fixes[i]
			}
		}
		if allow == nil {
			t.Fatalf("%s: no allow fix", path)
		}
		if got := string(applyFix(t, []byte(src), *allow)); got != strings.ReplaceAll(want, "TOKEN", tok) {
			t.Errorf("%s: got %q", path, got)
		}
	}
	// No comment syntax in JSON, and ENV values would swallow a comment.
	for path, src := range map[string]string{"a.json": `{"t": "TOKEN"}`, "Dockerfile": "ENV T=TOKEN\n"} {
		for _, f := range tokenFindings(Analyze(path, "", []byte(strings.ReplaceAll(src, "TOKEN", tok)), nil)) {
			for _, fix := range f.Fixes {
				if strings.Contains(fix.Title, "gitleaks:allow") {
					t.Errorf("%s: offered %q", path, fix.Title)
				}
			}
		}
	}
}

func TestTokenShapes(t *testing.T) {
	ghp := ghtoken.Generate(ghtoken.ClassicPAT, 1)
	ghr := ghtoken.Generate(ghtoken.Refresh, 1)
	jwt := ghtoken.Generate(ghtoken.StatelessInstall, 1)
	fg := ghtoken.Generate(ghtoken.FineGrainedPAT, 1)
	fgBadCheck := fg[:80] + string("AB"[bool2int(fg[80] == 'A')]) + fg[81:] // undocumented check digits broken
	fgPlaceholder := "github_pat_11" + strings.Repeat("A", 20) + "_" + strings.Repeat("x", 59)
	cases := []struct {
		name, text string
		rule       string
		sev        Severity
		covered    string
	}{
		{"classic at end of text", ghp, RuleClassicPAT, SeverityError, ghp},
		{"valid token glued to a letter (gitleaks reports it too)", ghp + "a", RuleClassicPAT, SeverityError, ghp},
		{"placeholder one char too long", "ghp_" + strings.Repeat("x", 37), RuleClassicPAT, SeverityHint, "ghp_" + strings.Repeat("x", 37)},
		{"refresh token whole", "x=" + ghr + ";", RuleRefreshToken, SeverityError, ghr},
		{"refresh cut to 40 is not valid", ghr[:40] + " ", RuleRefreshToken, SeverityHint, ghr[:40]},
		{"stateless JWT whole, full stop trimmed", "token " + jwt + ".", RuleStatelessInstall, SeverityError, jwt},
		{"stateless malformed", "ghs_12345_notajwt.notajwtnotajwtnotajwtnotajwt.sig", RuleStatelessInstall, SeverityHint, "ghs_12345_notajwt.notajwtnotajwtnotajwtnotajwt.sig"},
		{"inside a URL", "https://x-access-token:" + ghp + "@github.com/o/r", RuleClassicPAT, SeverityError, ghp},
		{"fine-grained, check valid", "t=" + fg, RuleFineGrainedPAT, SeverityError, fg},
		// GitHub does not document the check: a random-looking token that
		// fails it still blocks the commit.
		{"fine-grained, random but check fails", "t=" + fgBadCheck, RuleFineGrainedPAT, SeverityError, fgBadCheck},
		{"fine-grained placeholder", "t=" + fgPlaceholder, RuleFineGrainedPAT, SeverityHint, fgPlaceholder},
	}
	for _, c := range cases {
		fs := tokenFindings(Analyze("a.txt", "", []byte(c.text), nil))
		if len(fs) != 1 {
			t.Errorf("%s: %d findings", c.name, len(fs))
			continue
		}
		f := fs[0]
		if f.RuleID != c.rule || f.Severity != c.sev || c.text[f.Range.Start:f.Range.End] != c.covered {
			t.Errorf("%s: rule %s sev %v covers %s", c.name, f.RuleID, f.Severity, ghtoken.Redact(c.text[f.Range.Start:f.Range.End]))
		}
	}
	for _, none := range []string{"ghp_short", "github_pat_", "gh", "ghs_123.456", "light_ghost ghp ghp_ " + strings.Repeat("g", 100)} {
		if fs := tokenFindings(Analyze("a.txt", "", []byte(none), nil)); len(fs) != 0 {
			t.Errorf("%q: unexpected finding %s", none, fs[0].RuleID)
		}
	}
}

func TestConfigDisablesAndOverrides(t *testing.T) {
	text := []byte(`t = "` + ghtoken.Generate(ghtoken.ClassicPAT, 9) + `"`)
	if fs := Analyze("a.py", "", text, &Config{Disabled: map[string]bool{RuleClassicPAT: true}}); len(fs) != 0 {
		t.Errorf("disabled rule still reported")
	}
	fs := Analyze("a.py", "", text, &Config{Severity: map[string]Severity{RuleClassicPAT: SeverityWarning}})
	if len(fs) != 1 || fs[0].Severity != SeverityWarning {
		t.Errorf("severity override not applied: %+v", fs)
	}
}

func bool2int(b bool) int {
	if b {
		return 1
	}
	return 0
}
