package analysis

import "unicode/utf8"

// The byte-by-byte encodings: hex, and the escaped spellings of text
// (percent-encoding, backslash escapes, HTML character references,
// quoted-printable). Each decoder reads from a hit to where its run ends:
// an escape decodes to its character, a plain character stands for
// itself (so "ghp%5F…" and "%67%68%70%5F…" both decode), and the run stops
// at a byte that ends a string in the text (white space, a quote, an
// angle bracket) or at decodeWindow bytes.

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// hexAt reads n hex digits at text[i:], or returns -1.
func hexAt(text []byte, i, n int) int {
	if i+n > len(text) {
		return -1
	}
	v := 0
	for k := i; k < i+n; k++ {
		d := hexVal(text[k])
		if d < 0 {
			return -1
		}
		v = v<<4 | d
	}
	return v
}

// decodeHex decodes pairs of hex digits (either case) from p.
func decodeHex(text []byte, p int) (*view, int, bool) {
	v := newView("hex", min(decodeWindow, len(text)-p)/2)
	i := p
	for ; i+1 < len(text) && i-p < decodeWindow; i += 2 {
		b := hexAt(text, i, 2)
		if b < 0 {
			break
		}
		v.add(byte(b), i)
	}
	v.src = append(v.src, int32(i))
	if len(v.data) == 0 {
		return nil, i, false
	}
	return v, i, i-p >= decodeWindow
}

// runEnds reports whether c ends an escaped run: white space, quotes and
// angle brackets end a string in every syntax the decoders meet.
func runEnds(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '"', '\'', '`', '<', '>', 0:
		return true
	}
	return c >= 0x7F
}

// escapeLabels name each family in a finding's message.
var escapeLabels = [numFamilies]string{
	famPercent:   "percent-encoding",
	famBackslash: "backslash escapes",
	famHTML:      "HTML character references",
	famQP:        "quoted-printable",
}

// decodeEscapes decodes a run of the escape family fam from p.
func decodeEscapes(text []byte, p int, fam family) (*view, int, bool) {
	v := newView(escapeLabels[fam], 64)
	i := p
	for i < len(text) && i-p < decodeWindow && !runEnds(text[i]) {
		r, n := rune(text[i]), 1
		switch {
		case fam == famPercent && text[i] == '%':
			r, n = percentAt(text, i)
		case fam == famPercent && (text[i] == '&' || text[i] == '?' || text[i] == '#'):
			n = 0 // the end of a URL component
		case fam == famBackslash && text[i] == '\\':
			r, n = backslashAt(text, i)
		case fam == famHTML && text[i] == '&':
			r, n = htmlAt(text, i)
		}
		if n == 0 {
			break
		}
		addRune(v, r, i)
		i += n
	}
	v.src = append(v.src, int32(i))
	if len(v.data) == 0 {
		return nil, i, false
	}
	return v, i, i-p >= decodeWindow
}

// addRune appends r as UTF-8, every byte of it from at.
func addRune(v *view, r rune, at int) {
	if r < utf8.RuneSelf {
		v.add(byte(r), at)
		return
	}
	var buf [utf8.UTFMax]byte
	for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
		v.add(c, at)
	}
}

func percentAt(text []byte, i int) (rune, int) {
	if b := hexAt(text, i+1, 2); b >= 0 {
		return rune(b), 3
	}
	return 0, 0
}

// backslashAt reads \uXXXX, \u{X…}, \UXXXXXXXX, \xXX, \x{X…}, \NNN
// (octal) and a backslash before any other character (that character).
func backslashAt(text []byte, i int) (rune, int) {
	if i+1 >= len(text) {
		return 0, 0
	}
	switch c := text[i+1]; {
	case (c == 'u' || c == 'x') && i+2 < len(text) && text[i+2] == '{':
		return bracedHex(text, i+3)
	case c == 'u':
		return fixedHex(text, i+2, 4)
	case c == 'U':
		return fixedHex(text, i+2, 8)
	case c == 'x':
		return fixedHex(text, i+2, 2)
	case c >= '0' && c <= '7':
		v, n := 0, 0
		for n < 3 && i+1+n < len(text) && text[i+1+n] >= '0' && text[i+1+n] <= '7' {
			v = v*8 + int(text[i+1+n]-'0')
			n++
		}
		return rune(v), 1 + n
	case c == 'n' || c == 'r' || c == 't' || runEnds(c):
		return 0, 0 // a control character or the string's end: not a token's
	default:
		return rune(c), 2
	}
}

func fixedHex(text []byte, i, n int) (rune, int) {
	if v := hexAt(text, i, n); v >= 0 {
		return rune(v), 2 + n
	}
	return 0, 0
}

// bracedHex reads "X…}" at i (the part after `\u{`).
func bracedHex(text []byte, i int) (rune, int) {
	v := 0
	for k := i; k < len(text) && k-i <= 8; k++ {
		if text[k] == '}' && k > i {
			return rune(v), k + 1 - (i - 3)
		}
		d := hexVal(text[k])
		if d < 0 {
			return 0, 0
		}
		v = v<<4 | d
	}
	return 0, 0
}

// htmlNamed are the named references of the characters a token, a URL or
// a user:token pair is written with.
var htmlNamed = map[string]rune{
	"lowbar": '_', "UnderBar": '_', "period": '.', "colon": ':', "sol": '/', "amp": '&',
	"quot": '"', "apos": '\'', "equals": '=', "plus": '+', "num": '#', "quest": '?',
	"commat": '@', "percnt": '%', "hyphen": '-', "dash": '-', "lt": '<', "gt": '>',
}

// htmlAt reads &#DDD;, &#xHH; and the named references above.
func htmlAt(text []byte, i int) (rune, int) {
	j := i + 1
	for j < len(text) && j-i <= 12 && text[j] != ';' {
		j++
	}
	if j >= len(text) || text[j] != ';' || j == i+1 {
		return 0, 0
	}
	name := text[i+1 : j]
	if name[0] != '#' {
		if r, ok := htmlNamed[string(name)]; ok {
			return r, j + 1 - i
		}
		return 0, 0
	}
	digits, base := name[1:], 10
	if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, 0
	}
	v := 0
	for _, c := range digits {
		d := hexVal(c)
		if d < 0 || d >= base || v > 0x10FFFF {
			return 0, 0
		}
		v = v*base + d
	}
	return rune(v), j + 1 - i
}

// decodeQP decodes quoted-printable from p: =XX, and "=" at a line's end
// (a soft line break, which joins the lines).
func decodeQP(text []byte, p int) (*view, int, bool) {
	v := newView("quoted-printable", 64)
	i := p
	for i < len(text) && i-p < decodeWindow && !runEnds(text[i]) {
		if text[i] != '=' {
			v.add(text[i], i)
			i++
			continue
		}
		if b := hexAt(text, i+1, 2); b >= 0 {
			v.add(byte(b), i)
			i += 3
			continue
		}
		switch {
		case i+1 < len(text) && text[i+1] == '\n':
			i += 2
		case i+2 < len(text) && text[i+1] == '\r' && text[i+2] == '\n':
			i += 3
		default:
			v.add('=', i)
			i++
		}
	}
	v.src = append(v.src, int32(i))
	if len(v.data) == 0 {
		return nil, i, false
	}
	return v, i, i-p >= decodeWindow
}
