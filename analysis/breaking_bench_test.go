package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
)

// manyCalls is n calls whose results are read, on one line (minified) or
// three lines each; the calls are given, so that only the review is timed.
func manyCalls(n int, sep string) ([]byte, []APICall) {
	var b strings.Builder
	var calls []APICall
	for i := 0; i < n; i++ {
		b.WriteString(`const r=await fetch("`)
		st := b.Len()
		b.WriteString(`https://api.github.com/repos/o/r/pulls/1");` + sep + `const p=await r.json();` + sep + `x(p.merge_commit_sha, p.title);` + sep)
		calls = append(calls, APICall{Method: "GET", Path: "/repos/{owner}/{repo}/pulls/{pull_number}", Range: Range{st, st + 40}, How: "URL"})
	}
	return []byte(b.String()), calls
}

// BenchmarkReviewManyCalls: the review's work per call is bounded (a long
// line is not followed, windows are cut), so ns/op grows with n, not n².
// Compare -bench 'ReviewManyCalls/.*-1000' with '-4000'.
func BenchmarkReviewManyCalls(b *testing.B) {
	for _, sep := range []string{"", "\n"} {
		for _, n := range []int{1000, 4000} {
			text, calls := manyCalls(n, sep)
			name := "lines"
			if sep == "" {
				name = "minified"
			}
			b.Run(name+"-"+itoa(n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					ctx := newUseContext(LangJavaScript, text)
					for _, cv := range callVersions(LangJavaScript, text, calls) {
						ctx.usesOf(cv, apiversions.ForRoute(cv.Call.Method, cv.Call.Path))
					}
				}
			})
		}
	}
}
