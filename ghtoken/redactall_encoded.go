package ghtoken

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// The scrubber also recognises a token in the encoded forms the scanner
// decodes (issue 19): base64 (either alphabet, any alignment), hex, and
// escaped text (percent-encoding, backslash escapes, HTML character
// references, quoted-printable), nested up to maxRedactDepth. A run that
// decodes to text holding a token is replaced whole by a note naming the
// redacted token: "[base64 of ghp_abc…wxyz]". This is the display side
// only; analysis/decode*.go finds and locates encoded tokens.

const (
	maxRedactDepth = 3
	// minEncodedRun: the shortest run worth decoding. A token's base64 is
	// 56 characters or more, its hex 80; shorter runs cannot hold one.
	minEncodedRun = 20
	// maxEncodedRun bounds the work on one run; a longer one is decoded
	// in pieces of this size (overlapping, so a token on a seam is whole
	// in one of them).
	maxEncodedRun = 64 << 10
)

// redactEncoded replaces every encoded run of s that holds a token.
func redactEncoded(s string, depth int) string {
	if len(s) < minEncodedRun || depth >= maxRedactDepth {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		end, note := encodedRunAt(s, i, depth)
		if note == "" {
			i = max(end, i+1)
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(note)
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// encodedRunAt looks at the run of encoded-looking characters that starts
// at s[i]: it returns the run's end and, when the run decodes to text
// holding a token, the note that replaces it.
func encodedRunAt(s string, i, depth int) (int, string) {
	end := i
	for end < len(s) && !escapedRunEnds(s[end]) {
		end++
	}
	if end-i < minEncodedRun {
		return end, ""
	}
	run := s[i:end]
	for start := 0; start < len(run); start += maxEncodedRun / 2 {
		piece := run[start:min(len(run), start+maxEncodedRun)]
		for _, d := range decodings(piece) {
			if toks := tokensIn(d.text, depth); len(toks) > 0 {
				return end, "[" + d.how + " of " + strings.Join(toks, ", ") + "]"
			}
		}
		if start+maxEncodedRun >= len(run) {
			break
		}
	}
	return end, ""
}

// escapedRunEnds: white space, quotes, brackets and separators end a run.
func escapedRunEnds(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '"', '\'', '`', '<', '>', '(', ')', '[', ']', '{', '}', ',':
		return true
	}
	return c < 0x20 || c >= 0x7F
}

type decoding struct{ how, text string }

// decodings are the readings of a run: as escaped text, as hex and as
// base64 at each alignment; a "user:BASE64" or "k=HEX" run is also read
// from after its first separator.
func decodings(run string) []decoding {
	var out []decoding
	if strings.ContainsAny(run, `%\&=`) {
		if d := unescapeAll(run); d != run {
			out = append(out, decoding{"escaped text", d})
		}
	}
	reads := []string{run}
	if sep := strings.IndexAny(run, ":="); sep >= 0 && sep+1 < len(run) {
		reads = append(reads, run[sep+1:])
	}
	for _, r := range reads {
		for off := 0; off < 4 && off < len(r); off++ {
			if h := hexPrefix(r[off:]); len(h) >= minEncodedRun {
				if d, err := hex.DecodeString(h[:len(h)&^1]); err == nil {
					out = append(out, decoding{"hex", string(d)})
				}
			}
			if d, ok := base64Prefix(r[off:]); ok {
				out = append(out, decoding{"base64", d})
			}
		}
	}
	return out
}

func hexPrefix(s string) string {
	n := 0
	for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n]|0x20 >= 'a' && s[n]|0x20 <= 'f') {
		n++
	}
	return s[:n]
}

// base64Prefix decodes the longest prefix of s in either base64 alphabet.
func base64Prefix(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '-':
			b = append(b, '+')
		case c == '_':
			b = append(b, '/')
		case c == '+' || c == '/' || IsAlnum(c):
			b = append(b, c)
		default:
			i = len(s)
		}
	}
	if len(b)%4 == 1 { // a lone last character decodes to nothing
		b = b[:len(b)-1]
	}
	if len(b) < minEncodedRun {
		return "", false
	}
	d, err := base64.RawStdEncoding.DecodeString(string(b))
	return string(d), err == nil
}

// tokensIn are the redacted tokens that text holds, plainly or encoded
// again.
func tokensIn(text string, depth int) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != 'g' {
			continue
		}
		if tok, end := tokenAt(text, i); tok != "" {
			out = append(out, Redact(tok))
			i = end - 1
		}
	}
	if len(out) == 0 && depth+1 < maxRedactDepth && utf8.ValidString(text) {
		if again := redactEncoded(text, depth+1); again != text {
			out = append(out, noteTokens(again)...)
		}
	}
	return out
}

// noteTokens are the redacted tokens named in the notes of s.
func noteTokens(s string) []string {
	var out []string
	for _, part := range strings.Split(s, " of ")[1:] {
		if end := strings.IndexByte(part, ']'); end > 0 {
			out = append(out, part[:end])
		}
	}
	return out
}

// unescapeAll reads every escape the scanner decodes, in any mix: %XX,
// \uXXXX, \u{X…}, \UXXXXXXXX, \xXX, \x{X…}, \NNN, &#D…;, &#xH…;, the
// named references of underscores, and quoted-printable =XX.
func unescapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := escapeAt(s, i)
		if n == 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

func escapeAt(s string, i int) (rune, int) {
	switch s[i] {
	case '%', '=':
		if v, ok := hexN(s, i+1, 2); ok {
			return v, 3
		}
	case '&':
		if n := underscoreAt(s, i); n > 0 {
			return '_', n
		}
		return htmlNumeric(s, i)
	case '\\':
		return backslashEscape(s, i)
	}
	return 0, 0
}

func hexN(s string, i, n int) (rune, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v, err := hex.DecodeString(strings.Repeat("0", n%2) + s[i:i+n])
	if err != nil {
		return 0, false
	}
	var r rune
	for _, c := range v {
		r = r<<8 | rune(c)
	}
	return r, true
}

func htmlNumeric(s string, i int) (rune, int) {
	end := strings.IndexByte(s[i:], ';')
	if !strings.HasPrefix(s[i:], "&#") || end < 3 || end > 12 {
		return 0, 0
	}
	body, base := s[i+2:i+end], 10
	if body[0] == 'x' || body[0] == 'X' {
		body, base = body[1:], 16
	}
	var r rune
	for j := 0; j < len(body); j++ {
		d := strings.IndexByte("0123456789abcdef", body[j]|0x20)
		if d < 0 || d >= base || body[j] < '0' {
			return 0, 0
		}
		r = r*rune(base) + rune(d)
	}
	return r, end + 1
}

func backslashEscape(s string, i int) (rune, int) {
	if i+1 >= len(s) {
		return 0, 0
	}
	switch c := s[i+1]; {
	case (c == 'u' || c == 'x') && strings.HasPrefix(s[i+2:], "{"):
		end := strings.IndexByte(s[i:], '}')
		if end > 3 && end <= 11 {
			if r, ok := hexN(s, i+3, end-3); ok {
				return r, end + 1
			}
		}
	case c == 'u' || c == 'U' || c == 'x':
		n := map[byte]int{'u': 4, 'U': 8, 'x': 2}[c]
		if r, ok := hexN(s, i+2, n); ok {
			return r, n + 2
		}
	case c >= '0' && c <= '7':
		var r rune
		n := 0
		for n < 3 && i+1+n < len(s) && s[i+1+n] >= '0' && s[i+1+n] <= '7' {
			r = r*8 + rune(s[i+1+n]-'0')
			n++
		}
		return r, n + 1
	}
	return 0, 0
}
