package analysis

import "unicode/utf8"

// UTF16Len is the number of UTF-16 code units b encodes to: the unit of LSP
// positions and of SARIF columns. A byte that is not valid UTF-8 counts as
// one unit, as it becomes U+FFFD in the client.
func UTF16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}
