package main

import (
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// listJoinFiles: a token split over the elements of a list joined with
// the empty string, in Python, JavaScript and Go; the decoys* files hold
// the same pieces in lists that are not so joined.
var listJoinFiles = []struct{ name, template string }{
	{"join.py", "import os\n\nTOKEN = \"\".join([\"{{ghp[:9]}}\", \"{{ghp[9:]}}\"])\nOTHER = ''.join((\n    '{{gho[:12]}}',\n    '{{gho[12:]}}',\n))\n"},
	{"join.js", "const t = [\"{{ghp[:9]}}\", '{{ghp[9:]}}'].join(\"\");\n"},
	{"join.go", "package p\n\nimport \"strings\"\n\nvar t = strings.Join([]string{\n\t\"{{github_pat[:30]}}\",\n\t\"{{github_pat[30:]}}\",\n}, \"\")\n"},
	{"decoys.py", "A = \"-\".join([\"{{ghp[:9]}}\", \"{{ghp[9:]}}\"])\nB = [\"{{gho[:9]}}\", \"{{gho[9:]}}\"]\n"},
	{"decoys.js", "const a = [\"{{ghp[:9]}}\", \"{{ghp[9:]}}\"].join(\",\");\nf(\"{{ghu[:9]}}\", \"{{ghu[9:]}}\");\n"},
	{"decoys.go", "var a = strings.Join([]string{\"{{ghp[:9]}}\", \"{{ghp[9:]}}\"}, \" \")\nvar b = []string{\"{{gho[:9]}}\", \"{{gho[9:]}}\"}\n"},
}

// TestScanListJoinedTokens: the real binary finds each token joined from
// list elements at its first byte, under its kind's rule, says how it was
// written, leaves the decoys quiet and shows no token in any format.
func TestScanListJoinedTokens(t *testing.T) {
	bin := testbin.Path(t)
	env := scEnv(t, t.TempDir())
	dir := t.TempDir()
	var want []splitWant
	var all []string
	for i, f := range listJoinFiles {
		text, planted := fixture.Expand([]byte(f.template), uint64(300+i))
		scWrite(t, dir, f.name, string(text))
		idx := analysis.NewLineIndex(text)
		for _, p := range planted {
			all = append(all, p.Token)
			if f.name[:6] == "decoys" {
				continue
			}
			line, col := idx.Position(p.Offset)
			rule, _ := ruleOfToken(p.Token)
			want = append(want, splitWant{f.name, rule, line + 1, col + 1, p.Token})
		}
	}
	if len(want) != 4 {
		t.Fatalf("%d tokens planted, want 4", len(want))
	}
	res := scRun(t, env, dir, bin, "scan", "--format", "json", ".")
	scClean(t, res, all...)
	checkSplitReport(t, "files", res, want)
	for _, format := range []string{"text", "sarif"} {
		r := scRun(t, env, dir, bin, "scan", "--format", format, ".")
		scClean(t, r, all...)
		if r.code != 1 {
			t.Errorf("--format %s: exit %d", format, r.code)
		}
	}
}
