package analysis

import "testing"

func TestUTF16Len(t *testing.T) {
	for in, want := range map[string]int{
		"":         0,
		"abc":      3,
		"é":        1, // 2 bytes, 1 unit
		"中文":       2, // 3 bytes each
		"😀":        2, // 4 bytes, a surrogate pair
		"a😀b":      4,
		"\xff\xfe": 2, // invalid bytes: one unit each
		"\xe4\xb8": 2, // a cut-off 3-byte sequence: two invalid bytes
		"x\u0301y": 3, // combining mark is its own unit
	} {
		if got := UTF16Len([]byte(in)); got != want {
			t.Errorf("UTF16Len(%q) = %d, want %d", in, got, want)
		}
	}
}
