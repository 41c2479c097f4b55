package ghtoken

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
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

// A token in any form the scanner decodes is not shown either: base64 at
// every alignment and in both alphabets, hex, every escape, nested.
func TestRedactAllEncodedForms(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	esc := func(s, format string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, format, s[i])
		}
		return b.String()
	}
	for i, k := range allKinds {
		tok := Generate(k, uint64(80+i))
		forms := map[string]string{
			"base64":             "Authorization: Basic " + b64("x-access-token:"+tok),
			"base64 align 2":     "auth=" + b64("me:"+tok) + ";",
			"base64url":          base64.RawURLEncoding.EncodeToString([]byte("\xff" + tok)),
			"base64 twice":       `{"auth":"` + b64(b64("u:"+tok)) + `"}`,
			"base64 three times": b64(b64(b64(tok))),
			"hex":                "0x" + hex.EncodeToString([]byte(tok)),
			"HEX":                strings.ToUpper(hex.EncodeToString([]byte(tok))),
			"hex of base64":      hex.EncodeToString([]byte(b64(tok))),
			"percent":            "q=" + esc(tok, "%%%02X"),
			"json":               `"` + esc(tok, `\u%04x`) + `"`,
			"c":                  esc(tok, `\x%02x`),
			"octal":              esc(tok, `\%03o`),
			"html":               esc(tok, "&#%d;"),
			"html hex":           esc(tok, "&#x%x;"),
			"quoted-printable":   esc(tok, "=%02X"),
		}
		for name, s := range forms {
			got := RedactAll("see " + s + " here")
			if strings.Contains(got, s) || !strings.Contains(got, Redact(tok)) {
				t.Errorf("%s as %s: RedactAll left it (%d of %d bytes changed)", k, name, len(s)-len(got), len(s))
			}
		}
	}
	// Random base64 and hex are left alone.
	for _, s := range []string{b64(strings.Repeat("not a token at all ", 4)), hex.EncodeToString([]byte("0123456789abcdefghij"))} {
		if got := RedactAll(s); got != s {
			t.Errorf("RedactAll changed %q to %q", s, got) // no token in these
		}
	}
}
