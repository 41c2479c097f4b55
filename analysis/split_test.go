package analysis

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// splitCases are tokens written in pieces, one per form: each must be
// found at its first byte, under its kind's rule, with a message saying
// how it was written.
var splitCases = []struct {
	name, path, template, how string
}{
	{"python plus", "a.py", `TOKEN = "{{ghp[:7]}}" + "{{ghp[7:]}}"` + "\n", "joined from 2 string literals"},
	{"python adjacent lines", "a.py", "TOKEN = (\"{{ghp[:10]}}\"\n         \"{{ghp[10:25]}}\"\n         '{{ghp[25:]}}')\n", "joined from 3 string literals"},
	{"python continuation", "a.py", "TOKEN = \"{{gho[:12]}}\" \\\n    \"{{gho[12:]}}\"\n", "joined from 2 string literals"},
	{"go split in the prefix", "a.go", `var t = "{{ghp[:1]}}" + "{{ghp[1:2]}}" + "{{ghp[2:]}}"` + "\n", "joined from 3 string literals"},
	{"go raw strings", "a.go", "var t = `{{ghu[:9]}}` +\n\t`{{ghu[9:]}}`\n", "joined from 2 string literals"},
	{"javascript mixed quotes", "a.js", `const t = '{{ghp[:4]}}' + "{{ghp[4:]}}";` + "\n", "joined from 2 string literals"},
	{"typescript template", "a.ts", "const t = `{{ghs[:20]}}` + `{{ghs[20:]}}`;\n", "joined from 2 string literals"},
	{"java fine-grained", "A.java", "String t = \"{{github_pat[:30]}}\" +\n    \"{{github_pat[30:]}}\";\n", "joined from 2 string literals"},
	{"kotlin", "a.kt", `val t = "{{ghp[:6]}}" + "{{ghp[6:30]}}" + "{{ghp[30:]}}"` + "\n", "joined from 3 string literals"},
	{"ruby adjacent continuation", "a.rb", "T = \"{{ghr[:40]}}\" \\\n  '{{ghr[40:]}}'\n", "joined from 2 string literals"},
	{"python comments between", "a.py", "TOKEN = (\"{{ghp[:10]}}\"  # part one\n         # part two below\n         \"{{ghp[10:]}}\")\n", "joined from 2 string literals"},
	{"go comment between", "a.go", "var t = \"{{gho[:10]}}\" + // part two\n\t\"{{gho[10:]}}\"\n", "joined from 2 string literals"},
	{"c adjacent", "a.c", `const char *t = "{{ghp[:20]}}" "{{ghp[20:]}}";` + "\n", "joined from 2 string literals"},
	{"c string continuation", "a.c", "const char *t = \"{{ghp[:20]}}\\\n{{ghp[20:]}}\";\n", "continued with a backslash-newline"},
	{"php dot", "a.php", `$t = "{{ghp[:9]}}" . "{{ghp[9:]}}";` + "\n", "joined from 2 string literals"},
	{"lua dots", "a.lua", `local t = "{{ghp[:9]}}" .. "{{ghp[9:]}}"` + "\n", "joined from 2 string literals"},
	{"visual basic ampersand", "a.vb", `Dim t = "{{ghp[:9]}}" & "{{ghp[9:]}}"` + "\n", "joined from 2 string literals"},
	{"sql pipes", "a.sql", `SELECT '{{ghp[:9]}}' || '{{ghp[9:]}}';` + "\n", "joined from 2 string literals"},
	{"shell quoting", "a.sh", `TOKEN='{{ghp[:9]}}'"{{ghp[9:]}}"` + "\n", "joined from 2 string literals"},
	{"shell word", "a.sh", `TOKEN={{ghp[:2]}}'{{ghp[2:20]}}'{{ghp[20:]}}` + "\n", "joined from 3 string literals"},
	{"shell continuation", "a.sh", "export TOKEN={{ghp[:20]}}\\\n{{ghp[20:]}}\n", "continued with a backslash-newline"},
	{"yaml folded", "a.yaml", "token: >-\n  {{ghp[:20]}}\n  {{ghp[20:]}}\nother: 1\n", "joined from 2 lines"},
	{"yaml literal", "a.yaml", "token: |\n  {{github_pat[:50]}}\n  {{github_pat[50:]}}\n", "joined from 2 lines"},
	{"workflow run block", ".github/workflows/ci.yml", "jobs:\n  a:\n    steps:\n      - run: |\n          echo {{ghp[:30]}}\n          {{ghp[30:]}}\n", "joined from 2 lines"},
	{"zero width space", "a.py", "t = \"{{ghp[:10]}}\u200b{{ghp[10:]}}\"\n", "split by U+200B"},
	{"zero width non-joiner", "a.env", "T={{ghp[:1]}}\u200c{{ghp[1:]}}\n", "split by U+200C"},
	{"zero width joiner", "a.md", "{{gho[:3]}}\u200d{{gho[3:]}}\n", "split by U+200D"},
	{"word joiner", "a.json", `{"t": "{{ghu[:30]}}` + "\u2060" + `{{ghu[30:]}}"}` + "\n", "split by U+2060"},
	{"byte order mark", "a.txt", "{{ghp[:4]}}\ufeff{{ghp[4:20]}}\ufeff{{ghp[20:]}}\n", "split by U+FEFF"},
	{"soft hyphen", "a.go", "var t = \"{{github_pat[:11]}}\u00ad{{github_pat[11:]}}\"\n", "split by U+00AD"},
	{"stateless", "a.js", `const t = "{{ghs-jwt[:30]}}" + "{{ghs-jwt[30:]}}";` + "\n", "joined from 2 string literals"},
	{"python join list", "a.py", `TOKEN = "".join(["{{ghp[:9]}}", "{{ghp[9:]}}"])` + "\n", "joined from 2 list elements"},
	{"python join tuple", "a.py", "TOKEN = ''.join((\n    '{{gho[:12]}}',\n    '{{gho[12:30]}}',\n    '{{gho[30:]}}',\n))\n", "joined from 3 list elements"},
	{"python join among elements", "a.py", `url = "".join(["x-", "{{ghu[:9]}}", "{{ghu[9:]}}", "/path"])` + "\n", "joined from 2 list elements"},
	{"javascript join", "a.js", `const t = ["{{ghp[:9]}}", '{{ghp[9:]}}'].join("");` + "\n", "joined from 2 list elements"},
	{"typescript join backticks", "a.ts", "const t = [`{{github_pat[:40]}}`,\n  `{{github_pat[40:]}}`].join(``);\n", "joined from 2 list elements"},
	{"go strings.Join", "a.go", `var t = strings.Join([]string{"{{ghp[:9]}}", "{{ghp[9:20]}}", "{{ghp[20:]}}"}, "")` + "\n", "joined from 3 list elements"},
	{"go strings.Join lines", "a.go", "var t = strings.Join([]string{\n\t`{{ghr[:20]}}`,\n\t\"{{ghr[20:]}}\",\n}, \"\")\n", "joined from 2 list elements"},
	{"literals and invisible", "a.py", "t = \"{{ghp[:5]}}\" + \"{{ghp[5:8]}}\u200b{{ghp[8:]}}\"\n", "joined from 2 string literals, split by U+200B"},
}

func TestSplitTokens(t *testing.T) {
	for i, c := range splitCases {
		t.Run(c.name, func(t *testing.T) {
			text, planted := fixture.Expand([]byte(c.template), uint64(900+i))
			if len(planted) != 1 {
				t.Fatalf("template plants %d tokens", len(planted))
			}
			p := planted[0]
			g := fixture.Watch(t, p.Token)
			fs := Analyze(c.path, "", text, nil)
			var got []Finding
			for _, f := range fs {
				if f.Token != nil {
					got = append(got, f)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d token findings, want 1: %+v", len(got), got)
			}
			f := got[0]
			g.CheckString("message", f.Message)
			if f.Range.Start != p.Offset {
				t.Errorf("starts at %d, want %d (the token's first byte)", f.Range.Start, p.Offset)
			}
			if f.Severity != SeverityError || !f.Token.ChecksumValid || f.Token.Redacted != ghtoken.Redact(p.Token) {
				t.Errorf("finding %+v %+v", f, *f.Token)
			}
			if !strings.Contains(f.Message, c.how) {
				t.Errorf("message %q does not say %q", f.Message, c.how)
			}
			if _, rule := prefixAt([]byte(p.Token), 0); f.RuleID != rule && f.RuleID != RuleStatelessInstall {
				t.Errorf("rule %s, want %s", f.RuleID, rule)
			}
			if tok, ok := TokenText(text, f); !ok || tok != p.Token {
				t.Errorf("TokenText: %v, not the planted token", ok)
			}
			if _, last := f.Token.Pieces[0], f.Token.Pieces[len(f.Token.Pieces)-1]; last.End != f.Range.End {
				t.Errorf("range ends at %d, the last piece at %d", f.Range.End, last.End)
			}
		})
	}
}

// TestSplitDecoysQuiet: pieces that do not join into a checksum-valid
// token stay quiet, however token-like they look.
func TestSplitDecoysQuiet(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 77)
	tampered := tok[:39] + "A"
	if tok[39] == 'A' {
		tampered = tok[:39] + "B"
	}
	g := fixture.Watch(t, tok)
	cases := []struct{ path, text string }{
		{"a.py", `t = "ghp_" + "` + strings.Repeat("a", 36) + `"`},
		{"a.py", `t = "` + tampered[:9] + `" + "` + tampered[9:] + `"`},
		{"a.js", `const t = ["` + tok[:9] + `", "` + tok[9:] + `"];`},
		{"a.sh", `echo '` + tok[:9] + `' '` + tok[9:] + `'`},
		{"a.go", `var t = "` + tok[:9] + `" - "` + tok[9:] + `"`},
		{"a.txt", tok[:9] + "\u200b \u200b" + tok[9:]},
		{"a.yaml", "a: " + tok[:20] + "\n\nb: " + tok[20:]},
		{"a.go", "import (\n\t\"log\"\n\t\"os\"\n)\n"},
		{"a.py", `t = "g" + "h" + "p_" + "` + strings.Repeat("g", 500) + `"`},
	}
	for _, c := range cases {
		for _, f := range Analyze(c.path, "", []byte(c.text), nil) {
			if f.Token != nil {
				t.Errorf("%s %q: %s", c.path, g.Redact(c.text), f.Message)
			}
		}
	}
}

// TestSplitFixes: "read from the environment" replaces the whole
// expression (every literal and operator), keeps the text around the
// token in its literals, and the revoke reads the joined token.
func TestSplitFixes(t *testing.T) {
	cases := []struct{ path, template, want string }{
		{"a.py", "import os\nTOKEN = \"{{ghp[:7]}}\" + \\\n    \"{{ghp[7:]}}\"\n", "import os\nTOKEN = os.environ[\"GITHUB_TOKEN\"]\n"},
		{"a.py", "import os\nTOKEN = (r\"{{ghp[:7]}}\"\n         \"{{ghp[7:]}}\")\n", "import os\nTOKEN = (os.environ[\"GITHUB_TOKEN\"])\n"},
		{"a.go", "package a\n\nimport \"os\"\n\nconst auth = \"Bearer {{ghp[:9]}}\" + \"{{ghp[9:]}}\"\n", "package a\n\nimport \"os\"\n\nvar auth = \"Bearer \" + os.Getenv(\"GITHUB_TOKEN\")\n"},
		{"a.js", "const h = `token {{gho[:12]}}` + `{{gho[12:]}} x`;\n", "const h = `token ${process.env.GITHUB_TOKEN} x`;\n"},
		{"a.js", "const t = '{{ghp[:4]}}' + \"{{ghp[4:]}}\";\n", "const t = process.env.GITHUB_TOKEN;\n"},
		{"a.sh", "curl -H \"Authorization: token \"{{ghp[:2]}}'{{ghp[2:]}}'\n", "curl -H \"Authorization: token \"\"${GITHUB_TOKEN}\"\n"},
		{"a.sh", "TOKEN={{ghp[:20]}}\\\n{{ghp[20:]}}\n", "TOKEN=\"${GITHUB_TOKEN}\"\n"},
		{"a.sh", "H='Bearer {{ghp[:2]}}'\"{{ghp[2:]}} x\"\n", "H='Bearer '\"${GITHUB_TOKEN}\"\" x\"\n"},
		{"a.rb", "T = \"x {{ghp[:9]}}\u200b{{ghp[9:]}} y\"\n", "T = \"x #{ENV[\"GITHUB_TOKEN\"]} y\"\n"},
	}
	for i, c := range cases {
		text, planted := fixture.Expand([]byte(c.template), uint64(700+i))
		fs := Analyze(c.path, "", text, nil)
		if len(fs) != 1 || fs[0].Token == nil {
			t.Errorf("%s: %d findings", c.path, len(fs))
			continue
		}
		f := fs[0]
		if tok, ok := TokenText(text, f); !ok || tok != planted[0].Token {
			t.Errorf("%s: TokenText does not give the joined token", c.path)
		}
		if len(f.Fixes) == 0 || !f.Fixes[0].Preferred {
			t.Errorf("%s: no environment fix: %+v", c.path, f.Fixes)
			continue
		}
		if got := string(applyFix(t, text, f.Fixes[0])); got != c.want {
			t.Errorf("%s: fix gives\n%s\nwant\n%s", c.path, got, c.want)
		}
	}
}

// TestSplitTokenTextRejectsChangedText: the revoke reads the token again
// and sends nothing when the text no longer holds the one fingerprinted.
func TestSplitTokenTextRejectsChangedText(t *testing.T) {
	text, _ := fixture.Expand([]byte(`t = "{{ghp[:9]}}" + "{{ghp[9:]}}"`), 5)
	fs := Analyze("a.py", "", text, nil)
	if len(fs) != 1 {
		t.Fatalf("%d findings", len(fs))
	}
	changed := bytes.Replace(text, []byte(`" + "`), []byte(`"+"`), 1)
	if _, ok := TokenText(changed, fs[0]); ok {
		t.Error("TokenText read a token from pieces that moved")
	}
	if _, ok := TokenText(text, Finding{Range: fs[0].Range}); ok {
		t.Error("TokenText read a token for a finding without one")
	}
}
