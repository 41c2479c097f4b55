package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// splitJoiners are ways to write the gap between two pieces of a token
// inside a double-quoted Python literal.
var splitJoiners = []string{`" + "`, `" "`, "\" \\\n \"", "\"\n    \"", "\\\n", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", `" + r"`}

// FuzzSplitJoin fuzzes the joiner: on any text, every finding of a token
// written in pieces has in-bounds, ordered pieces that re-read to the
// token it fingerprinted; and a generated token cut at any two places and
// joined by any of the joiners is found whole, at its first byte.
func FuzzSplitJoin(f *testing.F) {
	f.Add("a.py", `t = "g" + "hp_" + "x"`, uint8(3), uint8(20), uint8(0), uint8(1), uint8(0))
	f.Add("a.sh", `T=gh'p_'"ab"\`+"\n", uint8(1), uint8(2), uint8(5), uint8(6), uint8(2))
	f.Add("a.yaml", "k: >-\n  gh\n  p_", uint8(10), uint8(90), uint8(3), uint8(4), uint8(5))
	f.Add("a.md", "g\u200bh\u00adp_\ufeff", uint8(0), uint8(0), uint8(8), uint8(9), uint8(6))
	f.Add("a.py", `t = "".join(["g", 'hp_', "x"])`, uint8(3), uint8(20), uint8(0), uint8(1), uint8(0))
	f.Add("a.go", "t := strings.Join([]string{`g`, \"hp_\",\n}, \"\")", uint8(3), uint8(20), uint8(0), uint8(1), uint8(0))
	f.Add("a.js", `["gh", "p_"].join('')`, uint8(3), uint8(20), uint8(0), uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, path, text string, cut1, cut2, j1, j2, kindN uint8) {
		checkSplitFindings(t, path, []byte(text))

		kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.OAuth, ghtoken.UserToServer, ghtoken.ServerToServer, ghtoken.Refresh, ghtoken.FineGrainedPAT, ghtoken.StatelessInstall}
		tok := ghtoken.Generate(kinds[int(kindN)%len(kinds)], uint64(cut1)<<8|uint64(cut2))
		a, b := int(cut1)%len(tok), int(cut2)%len(tok)
		if a > b {
			a, b = b, a
		}
		join1, join2 := splitJoiners[int(j1)%len(splitJoiners)], splitJoiners[int(j2)%len(splitJoiners)]
		var sb strings.Builder
		sb.WriteString("TOKEN = \"")
		sb.WriteString(tok[:a])
		if a > 0 {
			sb.WriteString(join1)
		}
		sb.WriteString(tok[a:b])
		if b > a && b < len(tok) {
			sb.WriteString(join2)
		}
		sb.WriteString(tok[b:])
		sb.WriteString("\"\n")
		planted := []byte(sb.String())
		fs := checkSplitFindings(t, "a.py", planted)
		if len(fs) != 1 || fs[0].Range.Start != len("TOKEN = \"") || !fs[0].Token.ChecksumValid {
			t.Fatalf("%d findings in %q", len(fs), ghtoken.RedactAll(string(planted)))
		}
		if got, ok := TokenText(planted, fs[0]); !ok || got != tok {
			t.Fatalf("re-read %v", ok)
		}
	})
}

// checkSplitFindings checks the pieces of every token finding and returns
// the token findings.
func checkSplitFindings(t *testing.T, path string, text []byte) []Finding {
	t.Helper()
	var out []Finding
	for _, f := range Analyze(path, "", text, nil) {
		if f.Token == nil {
			continue
		}
		out = append(out, f)
		if f.Token.Pieces == nil {
			continue
		}
		last := f.Range.Start
		for _, p := range f.Token.Pieces {
			if p.Start < last || p.End <= p.Start || p.End > f.Range.End {
				t.Fatalf("piece %+v out of order or outside %+v", p, f.Range)
			}
			last = p.End
		}
		if last != f.Range.End || f.Token.Pieces[0].Start != f.Range.Start {
			t.Fatalf("pieces do not span the range %+v", f.Range)
		}
		tok, ok := TokenText(text, f)
		if !ok || ghtoken.Check(tok) != ghtoken.Valid || strings.Contains(f.Message, tok) {
			t.Fatalf("finding %q does not re-read to a valid token", f.Message)
		}
	}
	return out
}
