package ghtoken

import (
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedactEncoded: the encoded-form scrubber never panics, keeps UTF-8
// text UTF-8, and whatever surrounds a base64-encoded token, the token's
// hidden part does not survive.
func FuzzRedactEncoded(f *testing.F) {
	tok := Generate(ClassicPAT, 1)
	for _, s := range []string{"", "abc", "Z2hwX" + strings.Repeat("A", 60), "%67%68%70%5F", `\u0067`, "&#103;", "=67"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, before, after string) {
		out := RedactAll(before + after)
		if utf8.ValidString(before+after) && !utf8.ValidString(out) {
			t.Fatalf("not UTF-8")
		}
		enc := base64.StdEncoding.EncodeToString([]byte(tok))
		out = RedactAll(before + " " + enc + " " + after)
		if strings.Contains(out, enc) || strings.Contains(out, hiddenPart(tok)) {
			t.Fatalf("the encoded token survived")
		}
	})
}
