package analysis

import (
	"bytes"
	"testing"
)

// checkCursor holds aroundCursor to lineLexer.literalAround: for every
// line of text and spans in increasing order on it (each 1-3 bytes wide,
// every few bytes), the cursor gives the answer literalAround gives
// reading the line from its start.
func checkCursor(t *testing.T, lang Lang, text []byte) {
	t.Helper()
	var c aroundCursor
	for ls := 0; ls <= len(text); {
		_, le, next := lineAt(text, ls)
		lx := lineLexer{lang: lang, text: text, end: le}
		for start := ls; start < le; start += 1 + start%3 {
			end := min(le, start+1+start%3)
			want, wantOK := lx.literalAround(ls, start, end)
			got, gotOK := c.around(lang, text, ls, le, start, end)
			if got != want || gotOK != wantOK {
				t.Fatalf("%s %q [%d,%d): cursor %+v %v, literalAround %+v %v", lang, text[ls:le], start, end, got, gotOK, want, wantOK)
			}
		}
		if next <= ls {
			break
		}
		ls = next
	}
}

var cursorSeeds = []string{
	`x := "a" + "bcd" + f("e", 'g') // "h"`,
	`print(f"a{b}c" rb'd' "e\"f" 'g)`,
	"run: echo \"${A:-\"b\"}\" '$c' `d` # \"e\"\nnext \"line",
	"a = `x${`y`}z` + \"unclosed",
	"s = \"#{a \"b\"}\" # c",
	"\"\"\"\"\"\"",
}

func TestAroundCursorMatchesLiteralAround(t *testing.T) {
	langs := []Lang{LangGo, LangPython, LangShell, LangJavaScript, LangRuby, LangRust, LangWorkflow, LangText}
	for _, s := range cursorSeeds {
		for _, lang := range langs {
			checkCursor(t, lang, []byte(s))
			checkCursor(t, lang, bytes.Repeat([]byte(s+" "), 20))
		}
	}
}

func FuzzAroundCursor(f *testing.F) {
	for _, s := range cursorSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1024 {
			s = s[:1024] // the check itself reads each line once per span
		}
		for _, lang := range []Lang{LangGo, LangPython, LangShell, LangJavaScript, LangRuby} {
			checkCursor(t, lang, []byte(s))
		}
	})
}
