package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestShellFixSameInDockerfileRun: a Dockerfile RUN line is shell, so the
// token fix reads its quotes as run.sh does ('C:\' ends at its second quote:
// a backslash escapes nothing in single quotes).
func TestShellFixSameInDockerfileRun(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7)
	line := `echo 'C:\' Y="<T>"`
	want := `echo 'C:\' Y="${GITHUB_TOKEN}"`
	for path, prefix := range map[string]string{"run.sh": "", "Dockerfile": "RUN "} {
		src := []byte(prefix + strings.ReplaceAll(line, "<T>", tok) + "\n")
		fs := tokenFindings(Analyze(path, "", src, nil))
		if len(fs) != 1 || len(fs[0].Fixes) == 0 {
			t.Fatalf("%s: want one finding with fixes, got %d", path, len(fs))
		}
		if got := string(applyFix(t, src, fs[0].Fixes[0])); got != prefix+want+"\n" {
			t.Errorf("%s:\n got %q\nwant %q", path, got, prefix+want+"\n")
		}
	}
}

func TestLiteralAround(t *testing.T) {
	cases := []struct {
		lang      Lang
		line, tok string
		wantQuote byte // 0: not in a literal
	}{
		{LangShell, `a='x\' b="TOK"`, "TOK", '"'},
		{LangJavaScript, "a = `x\\` ${'q'} TOK`", "TOK", '`'},
		{LangGo, "a := `x\\` + \"TOK\"", "TOK", '"'},
		{LangGo, `r := 'x'; s := "TOK"`, "TOK", '"'},
		{LangPython, `x = f"{d['k']} TOK"`, "TOK", '"'},
		{LangPython, `x = 1 # "TOK"`, "TOK", 0},
		{LangShell, `x="${A:-"b"}" TOK`, "TOK", 0},
		{LangRuby, `x = "#{h["k"]} TOK"`, "TOK", '"'},
		{LangShell, `x="TOK`, "TOK", 0},
	}
	for _, c := range cases {
		text := []byte(c.line)
		start := strings.Index(c.line, c.tok)
		lit, ok := lineLexer{lang: c.lang, text: text, end: len(text)}.literalAround(0, start, start+len(c.tok))
		if got := map[bool]byte{true: lit.quote, false: 0}[ok]; got != c.wantQuote {
			t.Errorf("%s %q: quote %q, want %q", c.lang, c.line, got, c.wantQuote)
		}
		if ok && (text[lit.open] != lit.quote || text[lit.close] != lit.quote) {
			t.Errorf("%s %q: literal [%d,%d] not bounded by its quote", c.lang, c.line, lit.open, lit.close)
		}
	}
}
