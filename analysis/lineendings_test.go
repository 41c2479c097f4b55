package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestOldMacLinesAreLines: in a file with lone "\r" line endings, an
// inline allow marker covers its own line only, as in a "\n" file; a marker
// elsewhere in the file must not hide a token.
func TestOldMacLinesAreLines(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 5)
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		src := strings.Join([]string{
			"// a comment gitleaks:allow",
			`const t = "` + tok + `";`,
			`const u = "` + ghtoken.Generate(ghtoken.ClassicPAT, 6) + `"; // gitleaks:allow`,
		}, eol) + eol
		fs := tokenFindings(Analyze("a.js", "", []byte(src), nil))
		if len(fs) != 1 || src[fs[0].Range.Start:fs[0].Range.End] != tok {
			t.Errorf("line ending %q: %d token findings, want the one on line 2", eol, len(fs))
		}
	}
}
