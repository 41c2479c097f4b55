package analysis

import (
	"sort"
	"strings"

	gitleaks "github.com/zricethezav/gitleaks/v8/config"
)

// Decoded tokens: a token written in base64, hex, percent-encoding,
// backslash escapes, HTML entities or quoted-printable, or in any nesting
// of these (a .dockerconfigjson Secret is base64 of JSON holding
// base64("user:token")). The needles (decode_needles.go) find the encoded
// prefixes in one pass; a decoder turns the run after each hit into a
// view, and the view is searched like a text of its own: for plain tokens
// and, one level deeper, for encoded ones.
//
// A decoded candidate counts only as an error-severity token (checksum
// valid, a stateless ghs_ JWT, or a random-looking github_pat_): a decoded
// placeholder stays quiet, so random base64 or hex never becomes a finding.
// The finding keeps the plain token's rule id (severity settings, allow
// comments and baselines apply alike), covers the token's encoding in the
// file, says how it was written, and offers only the allow comment (the
// "read from the environment" edit is for a plain literal).

const (
	// maxDecodeDepth bounds nesting: a view decoded from a view decoded
	// from the file is depth 2; at most four encodings deep.
	maxDecodeDepth = 4
	// decodeWindow is how many bytes of a run one hit decodes: a hit is
	// where a token's encoding starts, so a window holds the token however
	// deep it is nested (a stateless ghs_ token is under 1 KB; base64
	// three times over makes it 2.4 KB). A longer run is decoded in
	// windows that overlap by decodeReserve, so a token cut by one
	// window's end is whole in the next.
	decodeWindow  = 8 << 10
	decodeReserve = 3 << 10
)

// view is decoded text and where each of its bytes came from.
type view struct {
	data []byte
	// src[i] is the offset in the encoded text where data[i]'s encoding
	// starts; src[len(data)] is the end of the decoded run.
	src   []int32
	label string // how it was written: "base64", "hex", ...
}

// newView makes a view for about n decoded bytes.
func newView(label string, n int) *view {
	return &view{label: label, data: make([]byte, 0, n), src: make([]int32, 0, n+1)}
}

func (v *view) add(c byte, at int) {
	v.data = append(v.data, c)
	v.src = append(v.src, int32(at))
}

// decodedFinding is a token found in a view, with the path of encodings
// from the outermost in.
type decodedFinding struct {
	f   Finding
	how []string
	// tok is the decoded token, kept only for DecodedTokenText (a revoke
	// re-reads it); never put in a Finding.
	tok string
}

// decodedTokens finds the encoded tokens of text (depth views deep).
func decodedTokens(text []byte, depth int, rules map[string]gitleaks.Rule) []decodedFinding {
	if depth >= maxDecodeDepth || len(text) < minNeedle {
		return nil
	}
	var out []decodedFinding
	var next [numFamilies]int // where each family's decoder may start again
	try := func(p int, fam family, phase int) {
		if p < next[fam] {
			return
		}
		v, end, capped := decodeRun(text, p, fam, phase)
		next[fam] = max(p+1, end)
		if capped {
			next[fam] = max(p+1, end-decodeReserve)
		}
		if v != nil {
			out = append(out, tokensInView(v, depth+1, rules)...)
		}
	}
	hit := func(p int, n *needle) { try(p, n.fam, int(n.phase)) }
	theNeedles().scan(text, hit)
	next = [numFamilies]int{} // the seams come in order again
	base64Seams(text, hit)
	return out
}

// decodeRun decodes the run of family fam that starts at p, at most
// decodeWindow bytes of it. end is where the decoded part ends; capped
// says the run goes on.
func decodeRun(text []byte, p int, fam family, phase int) (v *view, end int, capped bool) {
	switch fam {
	case famBase64:
		return decodeBase64(text, p, phase)
	case famHex:
		return decodeHex(text, p)
	case famQP:
		return decodeQP(text, p)
	default:
		return decodeEscapes(text, p, fam)
	}
}

// tokensInView searches a decoded view for plain and encoded tokens and
// maps what it finds back to the encoded text.
func tokensInView(v *view, depth int, rules map[string]gitleaks.Rule) []decodedFinding {
	var out []decodedFinding
	fx := &fixer{text: v.data}
	for _, f := range plainTokens(fx, rules) {
		if f.Severity == SeverityError {
			out = append(out, decodedFinding{f: f, tok: string(v.data[f.Range.Start:f.Range.End])})
		}
	}
	out = append(out, decodedTokens(v.data, depth, rules)...)
	for i := range out {
		r := &out[i].f.Range
		r.Start, r.End = int(v.src[r.Start]), int(v.src[r.End])
		out[i].f.Fixes = nil
		out[i].how = append([]string{v.label}, out[i].how...)
	}
	return out
}

// withDecoded adds the encoded tokens of text to the plain findings. A
// plain placeholder that a decoded token starts at (a quoted-printable
// soft line break cut it short) gives way to it; a token found twice
// (two needles, or a needle and a wrapped block) is reported once.
func withDecoded(fx *fixer, plain []Finding, rules map[string]gitleaks.Rule) []Finding {
	found := decodedTokens(fx.text, 0, rules)
	found = append(found, softBreakTokens(fx.text, fx.cut, plain, rules)...)
	if len(found) == 0 {
		return plain
	}
	type key struct {
		start int
		fp    string
	}
	seen := map[key]bool{}
	starts := map[int]bool{}
	var out []Finding
	for _, d := range found {
		k := key{d.f.Range.Start, d.f.Token.Fingerprint}
		if seen[k] {
			continue
		}
		seen[k] = true
		starts[d.f.Range.Start] = true
		d.f.Message += ", written as " + strings.Join(d.how, " → ")
		// The allow comment applies as to a plain token; the environment
		// fix does not (it would replace the encoding, not the token).
		ls, le, _ := fx.line(d.f.Range.Start)
		if e, ok := allowCommentEdit(fx.lang, fx.text, ls, le); ok {
			d.f.Fixes = []Fix{{Title: "Mark as a known false positive (gitleaks:allow)", Edits: []Edit{e}}}
		}
		out = append(out, d.f)
	}
	for _, f := range plain {
		if !(starts[f.Range.Start] && f.Severity != SeverityError) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start < out[j].Range.Start })
	return out
}

// softBreakTokens reads quoted-printable soft line breaks ("=" at a line's
// end) inside a plain token that came out short (a placeholder finding)
// or not at all (a prefix cut from the rest).
func softBreakTokens(text []byte, cut []int, plain []Finding, rules map[string]gitleaks.Rule) []decodedFinding {
	starts := append([]int(nil), cut...)
	for _, f := range plain {
		if f.Severity != SeverityError && f.Token != nil {
			starts = append(starts, f.Range.Start)
		}
	}
	sort.Ints(starts)
	var out []decodedFinding
	next := 0 // a run decoded once is not decoded again from inside it
	e := 0    // the end of the last run of token characters read
	for _, p := range starts {
		if p < next {
			continue
		}
		if p >= e { // prefixes in one run share its end: read it once
			e = p
			for e < len(text) && e-p < 1024 && isIdentByte(text[e]) {
				e++
			}
		}
		if rest := text[e:]; len(rest) > 1 && rest[0] == '=' && (rest[1] == '\n' || rest[1] == '\r') {
			v, end, _ := decodeQP(text, p)
			next = end
			if v != nil {
				out = append(out, tokensInView(v, 1, rules)...)
			}
		}
	}
	return out
}
