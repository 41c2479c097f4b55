package ghtoken

import (
	"strings"
	"testing"
)

// A token split by invisible characters, anywhere (inside the prefix
// too, several of them, of several kinds), is a token to the scrubber:
// nothing of its hidden part survives, and the text around it stays.
func TestRedactAllInvisibleSplits(t *testing.T) {
	invisibles := []string{"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
	var drop []string
	for _, inv := range invisibles {
		drop = append(drop, inv, "")
	}
	visible := strings.NewReplacer(drop...)
	for i, k := range allKinds {
		tok := Generate(k, uint64(60+i))
		for j, inv := range invisibles {
			for _, cut := range []int{1, 3, len(tok) / 2, len(tok) - 1} {
				split := tok[:cut] + inv + tok[cut:]
				if j%2 == 1 {
					split = tok[:cut] + inv + inv + tok[cut:len(tok)-1] + invisibles[(j+1)%len(invisibles)] + tok[len(tok)-1:]
				}
				in := "before «" + split + "» after é\u00a0"
				out := RedactAll(in)
				if strings.Contains(visible.Replace(out), hiddenPart(tok)) || strings.Contains(out, hiddenPart(tok)[:8]) {
					t.Errorf("%s split by %U at %d: not redacted", k, []rune(inv)[0], cut)
				}
				if !strings.HasPrefix(out, "before «") || !strings.HasSuffix(out, "» after é\u00a0") || !strings.Contains(out, Redact(tok)) {
					t.Errorf("%s split by %U at %d: %q", k, []rune(inv)[0], cut, out)
				}
			}
		}
	}
}

// Text with invisible characters but no token, and text without them,
// comes back unchanged.
func TestRedactAllInvisibleNoToken(t *testing.T) {
	for _, s := range []string{"a\u200bb ghp\u200b_short", "\ufeffpackage main", "soft\u00adhyphen", "– — “quotes” …", "\xe2\x80", "\xc2"} {
		if got := RedactAll(s); got != s {
			t.Errorf("RedactAll(%q) = %q", s, got)
		}
	}
}
