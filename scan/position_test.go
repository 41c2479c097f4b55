package scan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestChunkedPositionsFollowEveryLineEnding: read whole or in chunks cut
// anywhere (also between the "\r" and "\n" of one line break), each
// finding is where analysis.LineIndex, the editor's position model, puts
// it: lines end at "\n", "\r\n" and a lone "\r".
func TestChunkedPositionsFollowEveryLineEnding(t *testing.T) {
	eols := []string{"\r", "\n", "\r\n", "\r\n", "\r"}
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "x%d é%s", i, eols[i%len(eols)])
		if i%4 == 1 {
			fmt.Fprintf(&b, "t = \"%s\"%s", ghtoken.Generate(ghtoken.ClassicPAT, uint64(100+i)), eols[(i+1)%len(eols)])
		}
		if i%4 == 3 { // suppressed on its own line only, however the chunks fall
			fmt.Fprintf(&b, "u = \"%s\"  # gitleaks:allow%s", ghtoken.Generate(ghtoken.ClassicPAT, uint64(200+i)), eols[(i+2)%len(eols)])
		}
		b.WriteString(strings.Repeat("\r\n", i%3))
		if i%3 == 0 {
			b.WriteString("\r\nab\n") // a cut after "\n" lands in the "\r\n" before
		}
	}
	text := b.String()
	idx := analysis.NewLineIndex([]byte(text))
	var want []string
	for _, f := range analysis.Analyze("x.py", "", []byte(text), nil) {
		sl, sc := idx.Position(f.Range.Start)
		el, ec := idx.Position(f.Range.End)
		want = append(want, fmt.Sprintf("%d:%d-%d:%d", sl+1, sc+1, el+1, ec+1))
	}
	if len(want) < 7 {
		t.Fatalf("only %d findings", len(want))
	}
	read := func() []string {
		r := &reader{cfg: analysisConfig(Options{})}
		fs, _, err := r.stream(&file{rel: "x.py"}, strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, fmt.Sprintf("%d:%d-%d:%d", f.Line, f.Column, f.EndLine, f.EndColumn))
		}
		return got
	}
	if got := read(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("whole read:\n got %v\nwant %v", got, want)
	}
	defer func(n, o int) { chunkSize, overlap = n, o }(chunkSize, overlap)
	overlap = 128
	for size := 60; size < 200; size++ {
		chunkSize = size
		if got := read(); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("chunks of %d:\n got %v\nwant %v", size, got, want)
		}
	}
}

func TestPositionerLineEndings(t *testing.T) {
	text := []byte("a\rb\r\nc\nd")
	p := newPositioner(text)
	for _, c := range []struct{ off, line, col, gitLine int }{
		{0, 1, 1, 1}, {2, 2, 1, 1}, {5, 3, 1, 2}, {7, 4, 1, 3}, {8, 4, 2, 3}, {1, 1, 2, 1},
	} {
		if l, col := p.at(c.off); l != c.line || col != c.col || p.gitLine != c.gitLine {
			t.Errorf("at(%d) = %d:%d (git line %d), want %d:%d (git line %d)", c.off, l, col, p.gitLine, c.line, c.col, c.gitLine)
		}
	}
}

// TestDiffOfOldMacFileKeepsItsFindings: git numbers lines on "\n" only, so a
// "\r"-only file is one line to git; --diff must still report the token
// added to it (at the editor's line:column), not drop it because git's line
// 1 is the editor's line 3.
func TestDiffOfOldMacFileKeepsItsFindings(t *testing.T) {
	dir := gitRepo(t)
	write(t, dir, "a.js", "// config\rconst a = 1;\r")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "base")
	base := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
	added := tok(ghtoken.ClassicPAT, 77)
	write(t, dir, "a.js", "// config\rconst a = 1;\rconst t = \""+added+"\";\r")
	rep := run(t, Options{Dir: dir, DiffRev: base})
	wantWhere(t, rep, "a.js:3:12 github-pat error")
	noFullToken(t, rep, added)
}
