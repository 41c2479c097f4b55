package ghtoken

import (
	"net/url"
	"strings"
	"testing"
)

// hiddenPart is what Redact hides of tok: no output may hold it.
func hiddenPart(tok string) string {
	shown := len(Redact(tok)) - len("…") - 4
	return tok[shown : len(tok)-4]
}

// Every spelling of the underscores that a URI, a JSON or JavaScript
// string, a C string, Markdown or HTML may use is read as "_".
func TestRedactAllEscapedUnderscores(t *testing.T) {
	spell := map[string]string{
		"percent":       "%5F",
		"percent-lower": "%5f",
		"json":          `\u005f`,
		"json-upper":    `\u005F`,
		"c":             `\x5f`,
		"markdown":      `\_`,
		"html":          "&#95;",
		"html-hex":      "&#x5F;",
		// Other encoders' spellings (the red-team pass): ES6, Rust and
		// Swift escapes, Python's and C's long and octal escapes, Perl's,
		// HTML5's named reference and numeric ones with leading zeros.
		"es6":           `\u{5f}`,
		"long":          `\U0000005f`,
		"octal":         `\137`,
		"perl":          `\x{5f}`,
		"html-named":    "&lowbar;",
		"html-zero":     "&#095;",
		"html-hex-zero": "&#x05f;",
	}
	for i, k := range allKinds {
		tok := Generate(k, uint64(40+i))
		for name, u := range spell {
			s := "see " + strings.ReplaceAll(tok, "_", u) + " here"
			got := RedactAll(s)
			if strings.Contains(got, hiddenPart(tok)) || !strings.Contains(got, Redact(tok)) {
				t.Errorf("%s, underscores as %s: RedactAll left %q", k, name, strings.ReplaceAll(got, hiddenPart(tok), "<hidden>"))
			}
		}
		// url.PathEscape leaves "_" alone, but a client may encode more.
		if got := RedactAll("file:///" + url.PathEscape(tok)); strings.Contains(got, hiddenPart(tok)) {
			t.Errorf("%s: a path-escaped token survived", k)
		}
	}
}

// A token glued to letters, digits or punctuation on either side, or
// repeated without a separator, is still found.
func TestRedactAllGluedTokens(t *testing.T) {
	for i, k := range allKinds {
		tok := Generate(k, uint64(60+i))
		for _, s := range []string{
			"abc" + tok, "9" + tok + "xyz", "_" + tok + "_", tok + tok, "g" + tok, "gh" + tok,
			`{"message":"` + tok + `"}`, "Bearer " + tok, "token=" + tok + "&x=1", "`" + tok + "`",
		} {
			got := RedactAll(s)
			if strings.Contains(got, hiddenPart(tok)) {
				t.Errorf("%s: RedactAll(%q) left the token", k, strings.ReplaceAll(s, tok, "<token>"))
			}
		}
	}
}

// Redacting twice changes nothing: text may pass two scrubbers (a log
// line that quotes an already scrubbed message).
func TestRedactAllIdempotent(t *testing.T) {
	for i, k := range allKinds {
		tok := Generate(k, uint64(80+i))
		once := RedactAll("a " + tok + " b")
		if twice := RedactAll(once); twice != once {
			t.Errorf("%s: %q then %q", k, once, twice)
		}
	}
}

func TestRedactAllKeepsLookalikes(t *testing.T) {
	for _, s := range []string{
		"github_pattern_matching", "ghp%5Fshort", `ghp\u005fabc`, "gh", "g", "ghp_", "github_pat_",
		"git hub ghx_abcdefghijklmnop", "100%5F", `\u005f\u005f`,
	} {
		if got := RedactAll(s); got != s {
			t.Errorf("RedactAll(%q) = %q, want it unchanged", s, got)
		}
	}
}

func BenchmarkRedactAllLogLine(b *testing.B) {
	line := strings.Repeat("textDocument/didChange file:///home/gopher/go/src/github.com/org/repo/main.go (go, 1234 bytes) ", 4)
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		RedactAll(line)
	}
}
