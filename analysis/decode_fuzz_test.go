package analysis

import (
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// decodeSeeds are one text per decoded form, and broken ones.
func decodeSeeds(f *testing.F) {
	for i, enc := range fixture.Encodings {
		text, _ := enc.Make(ghtoken.Generate(allKinds[i%len(allKinds)], uint64(i)))
		f.Add(text, 0)
	}
	for _, s := range []string{"", "Z2hwX", "%67%68%7", `\u0067\u00`, "&#103;&#", "=67=6", "676870", "Z2hw\r\n\r\nX", `\x{67`, `\u{}`} {
		f.Add(s, 1)
	}
}

// checkView is the contract of every decoder: the view maps each decoded
// byte to where its encoding starts, in order, inside [p, end].
func checkView(t *testing.T, text []byte, p int, v *view, end int) {
	if end < p || end > len(text) {
		t.Fatalf("end %d outside [%d, %d]", end, p, len(text))
	}
	if v == nil {
		return
	}
	if len(v.src) != len(v.data)+1 {
		t.Fatalf("%d sources for %d bytes", len(v.src), len(v.data))
	}
	for i := 1; i < len(v.src); i++ {
		if v.src[i] < v.src[i-1] || v.src[i] > int32(end) {
			t.Fatalf("source %d = %d out of order (end %d)", i, v.src[i], end)
		}
	}
	if len(v.data) > decodeWindow {
		t.Fatalf("decoded %d bytes, more than a window", len(v.data))
	}
}

// at picks a start offset in text from the fuzzer's number.
func at(text []byte, n int) int {
	if len(text) == 0 || n < 0 {
		return 0
	}
	return n % len(text)
}

func FuzzDecodeBase64(f *testing.F) {
	decodeSeeds(f)
	f.Fuzz(func(t *testing.T, s string, n int) {
		text := []byte(s)
		p := at(text, n)
		v, end, _ := decodeBase64(text, p, n&3)
		if v != nil && len(v.data) > 0 {
			// It decodes from a little before p (the alignment, a lookback).
			checkView(t, text, int(v.src[0]), v, end)
		}
	})
}

func FuzzDecodeHex(f *testing.F) {
	decodeSeeds(f)
	f.Fuzz(func(t *testing.T, s string, n int) {
		text := []byte(s)
		p := at(text, n)
		v, end, _ := decodeHex(text, p)
		checkView(t, text, p, v, end)
	})
}

func FuzzDecodeEscapes(f *testing.F) {
	decodeSeeds(f)
	f.Fuzz(func(t *testing.T, s string, n int) {
		text := []byte(s)
		p := at(text, n)
		for _, fam := range []family{famPercent, famBackslash, famHTML} {
			v, end, _ := decodeEscapes(text, p, fam)
			checkView(t, text, p, v, end)
		}
	})
}

func FuzzDecodeQP(f *testing.F) {
	decodeSeeds(f)
	f.Fuzz(func(t *testing.T, s string, n int) {
		text := []byte(s)
		p := at(text, n)
		v, end, _ := decodeQP(text, p)
		checkView(t, text, p, v, end)
	})
}

// FuzzDecodedTokens: the whole decoding pass (needles, seams, nested
// views) keeps its findings inside the text and never reports a token
// that is not an error.
func FuzzDecodedTokens(f *testing.F) {
	decodeSeeds(f)
	rules, err := githubRules()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, _ int) {
		text := []byte(s)
		for _, d := range decodedTokens(text, 0, rules) {
			r := d.f.Range
			if r.Start < 0 || r.End > len(text) || r.Start > r.End || d.f.Severity != SeverityError || len(d.how) == 0 {
				t.Fatalf("finding %+v (%v) in %d bytes", r, d.how, len(text))
			}
		}
	})
}
