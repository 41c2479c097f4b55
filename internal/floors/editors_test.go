package floors

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// The editors shorten anything that looks like a whole token in what they
// show before a revocation (defence in depth: the server sends only
// redacted forms). Their patterns are written in TypeScript and Lua; this
// test holds them to ghtoken's table: every kind's token is caught, and
// its prefix is what remains.

func readEditorFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(repoRoot + "/" + rel)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sampleTokens are one generated token of each kind.
func sampleTokens() map[ghtoken.Kind]string {
	out := map[ghtoken.Kind]string{}
	for i, k := range ghtoken.Kinds() {
		out[k.Kind] = ghtoken.Generate(k.Kind, uint64(90+i))
	}
	return out
}

func TestVSCodeTokenPatternFollowsTheTable(t *testing.T) {
	src := readEditorFile(t, "editors/vscode/src/revoke.ts")
	m := regexp.MustCompile(`const FULL_TOKEN = /(.+)/g;`).FindStringSubmatch(src)
	if m == nil {
		t.Fatal("FULL_TOKEN not found in revoke.ts")
	}
	re, err := regexp.Compile(m[1]) // the pattern is in the syntax both share
	if err != nil {
		t.Fatalf("FULL_TOKEN %s: %v", m[1], err)
	}
	for k, tok := range sampleTokens() {
		sm := re.FindStringSubmatch("x " + tok + " y")
		if sm == nil || sm[1] != k.Prefix() {
			t.Errorf("%s: FULL_TOKEN %s does not catch %s by its prefix %s", k, m[1], ghtoken.Redact(tok), k.Prefix())
		}
	}
}

func TestNeovimTokenPatternsFollowTheTable(t *testing.T) {
	src := readEditorFile(t, "editors/neovim/lua/ghpat/revoke.lua")
	var pats []*regexp.Regexp
	for _, m := range regexp.MustCompile(`v:gsub\("([^"]+)"`).FindAllStringSubmatch(src, -1) {
		pats = append(pats, regexp.MustCompile("^"+luaToRegexp(m[1])))
	}
	if len(pats) == 0 {
		t.Fatal("no gsub pattern found in revoke.lua")
	}
	for k, tok := range sampleTokens() {
		caught := false
		for _, re := range pats {
			if loc := re.FindStringIndex(tok); loc != nil && loc[1] > len(k.Prefix()) {
				caught = true
			}
		}
		if !caught {
			t.Errorf("%s: no pattern of revoke.lua catches %s", k, ghtoken.Redact(tok))
		}
	}
}

// luaToRegexp translates the few Lua pattern classes the plugin uses
// (%w, %l, %a, %d), inside a set or alone.
func luaToRegexp(p string) string {
	classes := map[byte]string{'w': "A-Za-z0-9", 'l': "a-z", 'a': "A-Za-z", 'd': "0-9"}
	var b strings.Builder
	inSet := false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '%' && i+1 < len(p) && classes[p[i+1]] != "":
			if inSet {
				b.WriteString(classes[p[i+1]])
			} else {
				b.WriteString("[" + classes[p[i+1]] + "]")
			}
			i++
		case c == '[':
			inSet = true
			b.WriteByte(c)
		case c == ']':
			inSet = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
