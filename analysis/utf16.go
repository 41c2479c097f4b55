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

// UTF16Offset is the byte offset in b of UTF-16 column col (the inverse of
// UTF16Len): past the end it is len(b), inside a surrogate pair the start
// of that character.
func UTF16Offset(b []byte, col int64) int {
	var units int64
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		w := int64(1)
		if r >= 0x10000 {
			w = 2
		}
		if units+w > col {
			break
		}
		units += w
		i += size
	}
	return i
}
