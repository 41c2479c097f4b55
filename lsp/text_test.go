package lsp

import (
	"encoding/json"
	"testing"
)

func TestWireTextFlagsInvalidUnicode(t *testing.T) {
	for raw, want := range map[string]bool{
		`"plain ascii"`:                    false,
		`"emoji 😀 and 中文"`:                 false,
		`"pair \ud83d\ude00 ok"`:           false,
		`"escaped \\ud800 text"`:           false, // a backslash, then the letters ud800
		`"lone high \ud83d x"`:             true,
		`"lone high at end \ud83d"`:        true,
		`"lone high then escape \ud83d\n"`: true,
		`"lone low \ude00"`:                true,
		`"high high \ud83d\ud83d"`:         true,
		"\"raw invalid \xff\xfe\"":         true,
		`"\\\ud800"`:                       true, // an escaped backslash, then a lone surrogate
	} {
		var w wireText
		if err := json.Unmarshal([]byte(raw), &w); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if w.Invalid != want {
			t.Errorf("%s: Invalid = %v, want %v", raw, w.Invalid, want)
		}
	}
}
