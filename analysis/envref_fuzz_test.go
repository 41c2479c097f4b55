package analysis

import "testing"

// braceEndByScan is how a ${...} expansion's end was found before
// matchShellBraces: a depth count from the name to the line's end. The
// fuzz target holds the one-pass matching to it.
func braceEndByScan(text []byte, nameEnd int) int {
	depth := 1
	for j := nameEnd; j < len(text) && text[j] != '\n' && text[j] != '\r'; j++ {
		switch text[j] {
		case '{':
			if j > 0 && text[j-1] == '$' {
				depth++
			}
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return nameEnd
}

// FuzzShellBraces: every ${NAME expansion ends where the depth count ends
// it, and EnvRefs' ranges stay inside the text.
func FuzzShellBraces(f *testing.F) {
	for _, s := range []string{
		"${GH_TOKEN:-${X:-y}} ${A", "$${GH_TOKEN} ${{ secrets.GH_PAT }}", "${A}}${B${C}\n${D}", "${A\r}",
		"echo ${GITHUB_TOKEN:-${GH_TOKEN ${X}}}}", "}${A{${B}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		ends := matchShellBraces(text)
		for _, m := range reShellBrace.FindAllSubmatchIndex(text, -1) {
			_, nameEnd := nameSpan(m)
			got, ok := ends[m[0]]
			if !ok {
				got = nameEnd
			}
			if want := braceEndByScan(text, nameEnd); got != want {
				t.Fatalf("%q at %d: end %d, want %d", s, m[0], got, want)
			}
		}
		for _, r := range EnvRefs("a.sh", "", text, []string{"*"}) {
			if r.Range.Start < 0 || r.Range.End > len(text) || r.Range.Start > r.Range.End {
				t.Fatalf("%q: range %+v", s, r.Range)
			}
		}
	})
}
