package analysis

import (
	"crypto/sha256"
	"encoding/hex"
)

// decodedTokenText re-reads the token of a finding in an encoded run (the
// decoders' findings have no bytes of their own to re-read: their Range is
// the encoding): it decodes the text around the run again and returns the
// token found there whose fingerprint is the finding's. ok is false when
// none is (the text changed, or the finding is not a decoded token). The
// window around the run is bounded, so a revoke costs a few decoder windows
// whatever the document's size.
func decodedTokenText(text []byte, f Finding) (string, bool) {
	if f.Token == nil || f.Range.Start < 0 || f.Range.End > len(text) || f.Range.Start > f.Range.End {
		return "", false
	}
	rules, err := githubRules()
	if err != nil {
		return "", false
	}
	from := max(0, f.Range.Start-2*decodeWindow)
	to := min(len(text), f.Range.End+2*decodeWindow)
	window := text[from:to]
	fx := &fixer{text: window}
	plain := plainTokens(fx, rules) // and the prefixes cut short, for the soft line breaks
	found := append(decodedTokens(window, 0, rules), softBreakTokens(window, fx.cut, plain, rules)...)
	for _, d := range found {
		if d.f.Range.Start+from == f.Range.Start && d.tok != "" && tokenFingerprint(d.tok) == f.Token.Fingerprint {
			return d.tok, true
		}
	}
	return "", false
}

// tokenFingerprint is the fingerprint a token finding carries: the hex
// SHA-256 of the token.
func tokenFingerprint(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}
