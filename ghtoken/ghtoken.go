// Package ghtoken knows the formats of GitHub tokens: their prefixes, lengths
// and checksums, how to redact them for display, and how to mint fake but
// checksum-valid ones for tests. It does no I/O.
package ghtoken

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"strings"
)

// Name is the human name of a token kind, as GitHub's docs call it.
func (k Kind) Name() string { return k.Traits().Name }

// Lengths of the fixed-format tokens.
const (
	ClassicLen     = 40 // prefix (4) + random (30) + checksum (6)
	RefreshLen     = 80 // prefix (4) + random (70) + checksum (6)
	FineGrainedLen = 93 // "github_pat_" + 22 + "_" + 59
	checksumLen    = 6
	fineCheckStart = 77
	fineCheckLen   = 8
)

// Prefixes returns every token prefix ("github_pat_", "ghp_", ...), each
// once, the longest first.
func Prefixes() []string {
	var out []string
	for _, t := range kinds {
		if len(out) == 0 || out[len(out)-1] != t.Prefix {
			out = append(out, t.Prefix)
		}
	}
	return out
}

// Prefix is the prefix tokens of kind k start with ("" for Unknown).
func (k Kind) Prefix() string { return k.Traits().Prefix }

// Classify returns the kind of a token by its prefix (and, for ghs_, its
// shape: a stateless token is a JWT, with dots). It does not validate the
// token.
func Classify(tok string) Kind {
	for _, t := range kinds {
		if !strings.HasPrefix(tok, t.Prefix) {
			continue
		}
		if t.Checksum == JWTHeader && !strings.Contains(tok, ".") {
			continue
		}
		return t.Kind
	}
	return Unknown
}

// ExpectedLen is the exact length of a token of kind k, or 0 where the
// length varies (stateless installation tokens).
func ExpectedLen(k Kind) int { return k.Traits().Len }

// Verdict is the result of checking a token's built-in integrity check.
type Verdict int

const (
	// Invalid: wrong length, alphabet or checksum: a placeholder or a typo.
	Invalid Verdict = iota
	// Valid: the checksum (or structure, for JWT-format tokens) holds: this
	// is almost certainly a real token.
	Valid
)

// Check validates a token's length and checksum:
//   - ghp_/gho_/ghu_/ghs_/ghr_: the last 6 characters are the base62 CRC32
//     (IEEE) of the random part between the prefix and the checksum;
//   - github_pat_: characters 77..84 are the first 8 characters of the
//     base32 of SHA-256 of the first 77 (undocumented; holds for every
//     public sample);
//   - ghs_<APPID>_<JWT>: the JWT header decodes to a JSON object naming an
//     algorithm (there is no checksum to verify).
func Check(tok string) Verdict {
	k := Classify(tok)
	if k == Unknown {
		return Invalid
	}
	t := k.Traits()
	switch t.Checksum {
	case JWTHeader:
		return checkStateless(tok)
	case FineGrainedDigits:
		if len(tok) != t.Len || tok[33] != '_' || !isWord(tok[11:33]) || !isAlnum(tok[34:]) {
			return Invalid
		}
		if fineGrainedCheck(tok[:fineCheckStart]) == tok[fineCheckStart:fineCheckStart+fineCheckLen] {
			return Valid
		}
		return Invalid
	}
	if len(tok) != t.Len || !isAlnum(tok[len(t.Prefix):]) {
		return Invalid
	}
	body := tok[len(t.Prefix) : len(tok)-checksumLen]
	if crcBase62(body) == tok[len(tok)-checksumLen:] {
		return Valid
	}
	return Invalid
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// crcBase62 is the 6-character, zero-padded base62 CRC32 of s.
func crcBase62(s string) string {
	n := crc32.ChecksumIEEE([]byte(s))
	var out [checksumLen]byte
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = base62[n%62]
		n /= 62
	}
	return string(out[:])
}

func fineGrainedCheck(head string) string {
	sum := sha256.Sum256([]byte(head))
	return base32.StdEncoding.EncodeToString(sum[:])[:fineCheckLen]
}

func checkStateless(tok string) Verdict {
	// ghs_<digits>_<header>.<payload>.<signature>
	rest := tok[4:]
	us := strings.IndexByte(rest, '_')
	if us <= 0 || !isDigits(rest[:us]) {
		return Invalid
	}
	parts := strings.Split(rest[us+1:], ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return Invalid
	}
	hdr, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return Invalid
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(hdr, &h) != nil || h.Alg == "" {
		return Invalid
	}
	return Valid
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !IsAlnum(s[i]) {
			return false
		}
	}
	return true
}

func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !IsAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsAlnum reports whether c is in the base62 alphabet [0-9A-Za-z].
func IsAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Redact shortens a secret for display: the prefix, three characters, an
// ellipsis and the last four ("ghp_abc…wxyz"). Short or unknown strings keep
// at most their first four characters. Every place that shows a token to a
// person goes through this function.
func Redact(tok string) string {
	prefixLen := len(Classify(tok).Prefix())
	if len(tok) < prefixLen+3+4+8 { // too short to show both ends safely
		if len(tok) > 4 {
			return tok[:4] + "…"
		}
		return "…"
	}
	return tok[:prefixLen+3] + "…" + tok[len(tok)-4:]
}
