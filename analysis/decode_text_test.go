package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// TestTokenTextOfDecodedTokens: a revoke re-reads the token of a finding in
// an encoded run (every fixture form, every kind) by decoding the run
// again, and only while the text still holds it; far from the start of a
// long document too (the re-read decodes a window, not the document).
func TestTokenTextOfDecodedTokens(t *testing.T) {
	lead := strings.Repeat("padding line of text\n", 5000) // ~100 KB before the run
	for _, c := range fixture.Encodings {
		for i, kind := range allKinds {
			tok := ghtoken.Generate(kind, uint64(300+i))
			text, _ := c.Make(tok)
			for _, doc := range []string{text, lead + text} {
				name := c.Name + "/" + string(kind)
				fs := Analyze("x.txt", "", []byte(doc), nil)
				if len(fs) != 1 || fs[0].Token == nil {
					t.Errorf("%s: %d findings", name, len(fs))
					continue
				}
				got, ok := TokenText([]byte(doc), fs[0])
				if !ok || got != tok {
					t.Errorf("%s: TokenText ok=%v, the token re-read is not the one found", name, ok)
				}
				// The same range over other text: nothing to send.
				other := []byte(strings.Replace(doc, text, strings.Repeat("x", len(text)), 1))
				if _, ok := TokenText(other, fs[0]); ok {
					t.Errorf("%s: a token re-read from text that no longer holds it", name)
				}
			}
		}
	}
}
