package ghtoken

import (
	"encoding/base64"
	"strings"
	"testing"
)

var allKinds = []Kind{ClassicPAT, FineGrainedPAT, OAuth, UserToServer, ServerToServer, Refresh, StatelessInstall}

// Known answers computed independently (Python zlib.crc32 and a base62
// conversion with GitHub's alphabet 0-9A-Za-z).
func TestCRCBase62KnownAnswers(t *testing.T) {
	for in, want := range map[string]string{
		"123456789": "3jZRME", // CRC32 0xCBF43926, the standard check value
		"62":        "005Arq", // a small CRC: zero-padded to six characters
	} {
		if got := crcBase62(in); got != want {
			t.Errorf("crcBase62(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGeneratedTokensAreValid(t *testing.T) {
	for _, k := range allKinds {
		for seed := uint64(0); seed < 50; seed++ {
			tok := Generate(k, seed)
			if got := Classify(tok); got != k {
				t.Fatalf("Classify(%s) = %q, want %q", Redact(tok), got, k)
			}
			if Check(tok) != Valid {
				t.Fatalf("Check(%s) = Invalid for a generated %s token", Redact(tok), k)
			}
			if n := ExpectedLen(k); n > 0 && len(tok) != n {
				t.Fatalf("%s token is %d characters, want %d", k, len(tok), n)
			}
		}
		if Generate(k, 1) == Generate(k, 2) {
			t.Errorf("%s: different seeds gave the same token", k)
		}
		if first, again := Generate(k, 7), Generate(k, 7); first != again {
			t.Errorf("%s: the same seed gave different tokens", k)
		}
	}
}

// CRC32 detects every single-character substitution, so each one must turn
// a valid token into a placeholder; for fine-grained tokens the check
// covers the first 77 characters.
func TestCheckRejectsEverySingleCharacterChange(t *testing.T) {
	for _, k := range []Kind{ClassicPAT, OAuth, UserToServer, ServerToServer, Refresh, FineGrainedPAT} {
		tok := Generate(k, 3)
		end := len(tok)
		start := 4
		if k == FineGrainedPAT {
			start, end = len("github_pat_"), fineCheckStart+fineCheckLen
		}
		for i := start; i < end; i++ {
			if tok[i] == '_' {
				continue
			}
			b := []byte(tok)
			if b[i] == 'a' {
				b[i] = 'b'
			} else {
				b[i] = 'a'
			}
			if Check(string(b)) != Invalid {
				t.Fatalf("%s: changing character %d kept the token valid", k, i)
			}
		}
	}
}

func TestCheckRejectsShapes(t *testing.T) {
	classic := Generate(ClassicPAT, 9)
	for name, tok := range map[string]string{
		"empty":             "",
		"prefix only":       "ghp_",
		"placeholder":       "ghp_" + strings.Repeat("x", 36),
		"one short":         classic[:len(classic)-1],
		"one long":          classic + "A",
		"bad alphabet":      classic[:10] + "-" + classic[11:],
		"unknown prefix":    "ghx_" + classic[4:],
		"refresh too short": "ghr_" + classic[4:],
		"jwt no dots":       "ghs_123456_" + strings.Repeat("a", 60),
		"jwt bad header":    "ghs_123456_bm90IGpzb24.e30.c2ln",
		"jwt no app id":     "ghs__eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
	} {
		if Check(tok) != Invalid {
			t.Errorf("%s: Check(%s) = Valid", name, Redact(tok))
		}
	}
	// Built at run time so that this file holds no token-shaped literal.
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256"}`))
	if Check("ghs_"+"123456_"+hdr+".e30.c2ln") != Valid {
		t.Error("a well-formed ghs_<APPID>_<JWT> with an alg header should be Valid")
	}
}

func TestRedact(t *testing.T) {
	classic := Generate(ClassicPAT, 1)
	fine := Generate(FineGrainedPAT, 1)
	jwt := Generate(StatelessInstall, 1)
	cases := []struct{ in, want string }{
		{classic, classic[:7] + "…" + classic[len(classic)-4:]},
		{fine, fine[:14] + "…" + fine[len(fine)-4:]},
		{jwt, jwt[:7] + "…" + jwt[len(jwt)-4:]},
		{"ghp_short", "ghp_…"},
		{"abc", "…"},
		{"", "…"},
	}
	for _, c := range cases {
		got := Redact(c.in)
		if got != c.want {
			t.Errorf("Redact(len %d) = %q, want %q", len(c.in), got, c.want)
		}
		// At most 7 leading and 4 trailing characters (14 for github_pat_) survive.
		if len(c.in) > 20 && strings.Contains(got, c.in[:len(c.in)-5]) {
			t.Errorf("Redact kept too much: %q", got)
		}
	}
}
