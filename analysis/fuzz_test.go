package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// FuzzAnalyze checks the engine's contract on arbitrary input: no panic,
// ranges inside the text, fixes with in-bounds non-overlapping edits, and no
// message that repeats the bytes a token finding covers.
func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		"", "gh", "ghp_", "github_pat_", "ghs_1_a.b.c",
		`token = "` + ghtoken.Generate(ghtoken.ClassicPAT, 1) + `"`,
		"curl -H 'Authorization: token " + ghtoken.Generate(ghtoken.OAuth, 2) + "' https://api.github.com/user",
		"x := `" + ghtoken.Generate(ghtoken.FineGrainedPAT, 3) + "`\n",
		"🎉 " + ghtoken.Generate(ghtoken.Refresh, 4) + "\r\n",
		ghtoken.Generate(ghtoken.StatelessInstall, 5) + "...",
		"'\"`ghp_" + strings.Repeat("A", 36) + "\\",
		"\x00\xff\xfe" + ghtoken.Generate(ghtoken.UserToServer, 6),
		// Issue 18: env scopes, many tokens and headers on one line.
		"env:\n  T: ${{ github.token }}\njobs:\n  a:\n    env:\n      T: x\n    steps:\n      - env: {T: ${{ github.token }}}\n        run: gh pr merge 1\n",
		strings.Repeat(ghtoken.Generate(ghtoken.ClassicPAT, 7)+" ", 4) + "ghs_ghs_ghs_" + strings.Repeat("a", 40),
		strings.Repeat(`fetch("https://api.github.com/user",{headers:{Authorization:"token "+t}});`, 3),
	}
	for _, s := range seeds {
		for _, path := range []string{"a.go", "a.py", "a.sh", ".github/workflows/x.yml", "Dockerfile", "a.json", "main.rs"} {
			f.Add(path, s)
		}
	}
	f.Fuzz(func(t *testing.T, path, text string) {
		b := []byte(text)
		for _, fd := range Analyze(path, "", b, nil) {
			if fd.Range.Start < 0 || fd.Range.End > len(b) || fd.Range.Start > fd.Range.End {
				t.Fatalf("range %+v out of bounds (len %d)", fd.Range, len(b))
			}
			if fd.Token != nil && fd.Range.End-fd.Range.Start >= 20 && strings.Contains(fd.Message, text[fd.Range.Start:fd.Range.End]) {
				t.Fatalf("message repeats the token")
			}
			if !utf8.ValidString(fd.Message) && utf8.ValidString(text) {
				t.Fatalf("message is not UTF-8")
			}
			for _, fix := range fd.Fixes {
				for i, e := range fix.Edits {
					if e.Range.Start < 0 || e.Range.End > len(b) || e.Range.Start > e.Range.End {
						t.Fatalf("fix %q edit out of bounds", fix.Title)
					}
					for _, o := range fix.Edits[i+1:] {
						if e.Range.Start < o.Range.End && o.Range.Start < e.Range.End {
							t.Fatalf("fix %q has overlapping edits", fix.Title)
						}
					}
				}
			}
		}
	})
}
