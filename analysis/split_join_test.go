package analysis

import (
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// TestListJoinDecoysQuiet: a token's pieces in list elements are one
// token only when the list is joined with the empty string (the positive
// forms are in splitCases): another separator, a list that is not
// joined, a join of strings that are no token, a join of something else
// than the list, or an element that is not a literal stay quiet.
func TestListJoinDecoysQuiet(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 78)
	a, b := tok[:9], tok[9:]
	g := fixture.Watch(t, tok)
	cases := []struct{ path, text string }{
		{"a.py", `t = "-".join(["` + a + `", "` + b + `"])`},
		{"a.py", `t = " ".join(("` + a + `", "` + b + `"))`},
		{"a.py", `t = ["` + a + `", "` + b + `"]`},
		{"a.py", `t = "".join(["ghp_` + b[:5] + `", "` + b[5:] + `"])`},
		{"a.py", `t = "".join(["` + a + `", x, "` + b + `"])`},
		{"a.py", `t = "".join(sorted(["` + a + `", "` + b + `"]))`},
		{"a.py", `f("".join, ["` + a + `", "` + b + `"])`},
		{"a.py", `t = """.join(["` + a + `", "` + b + `"])`},
		{"a.js", `const t = ["` + a + `", "` + b + `"].join(",");`},
		{"a.js", `const t = ["` + a + `", "` + b + `"].join(" ");`},
		{"a.js", `const t = ["` + a + `", "` + b + `"];`},
		{"a.js", `const t = ["` + a + `", "` + b + `"].map(f).join("");`},
		{"a.js", `f("` + a + `", "` + b + `");`},
		{"a.go", `var t = strings.Join([]string{"` + a + `", "` + b + `"}, " ")`},
		{"a.go", `var t = []string{"` + a + `", "` + b + `"}`},
		{"a.go", `var t = strings.Join([]string{"` + a + `", "` + b + `"}, sep)`},
		{"a.go", `var t = map[string]string{"` + a + `": "` + b + `"}`},
		{"a.json", `{"t": ["` + a + `", "` + b + `"]}`},
	}
	for _, c := range cases {
		for _, f := range Analyze(c.path, "", []byte(c.text), nil) {
			if f.Token != nil {
				t.Errorf("%s %s: %s", c.path, g.Redact(c.text), f.Message)
			}
		}
	}
}

// TestListJoinFix: "read from the environment" replaces the joined
// elements, leaving a join of one string that reads the variable.
func TestListJoinFix(t *testing.T) {
	cases := []struct{ path, template, want string }{
		{"a.py", "import os\nTOKEN = \"\".join([\"{{ghp[:9]}}\", \"{{ghp[9:]}}\"])\n", "import os\nTOKEN = \"\".join([os.environ[\"GITHUB_TOKEN\"]])\n"},
		{"a.js", "const t = [\"{{ghp[:9]}}\", \"{{ghp[9:]}}\"].join(\"\");\n", "const t = [process.env.GITHUB_TOKEN].join(\"\");\n"},
	}
	for i, c := range cases {
		text, planted := fixture.Expand([]byte(c.template), uint64(710+i))
		fs := Analyze(c.path, "", text, nil)
		if len(fs) != 1 || fs[0].Token == nil {
			t.Errorf("%s: %d findings", c.path, len(fs))
			continue
		}
		if tok, ok := TokenText(text, fs[0]); !ok || tok != planted[0].Token {
			t.Errorf("%s: TokenText does not give the joined token", c.path)
		}
		if len(fs[0].Fixes) == 0 || !fs[0].Fixes[0].Preferred {
			t.Errorf("%s: no environment fix: %+v", c.path, fs[0].Fixes)
			continue
		}
		if got := string(applyFix(t, text, fs[0].Fixes[0])); got != c.want {
			t.Errorf("%s: fix gives\n%s\nwant\n%s", c.path, got, c.want)
		}
	}
}
