package lsp

import (
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// wireText is a document text as it arrives in JSON. encoding/json turns
// invalid UTF-8 bytes and lone UTF-16 surrogate escapes into U+FFFD without
// a word, so the text itself can no longer tell that the client's document
// was not valid Unicode; Invalid records it from the raw JSON.
type wireText struct {
	Text    string
	Invalid bool
}

func (w *wireText) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, &w.Text); err != nil {
		return err
	}
	w.Invalid = !utf8.Valid(raw) || hasLoneSurrogate(raw)
	return nil
}

// hasLoneSurrogate reports whether a JSON string literal holds a \uD800-
// \uDFFF escape that is not half of a surrogate pair (JavaScript strings,
// and so VS Code documents, can hold them).
func hasLoneSurrogate(raw []byte) bool {
	pendingHigh := false // the previous character was a high surrogate escape
	for i := 0; i < len(raw); i++ {
		isU := raw[i] == '\\' && i+6 <= len(raw) && raw[i+1] == 'u'
		if !isU {
			if pendingHigh {
				return true
			}
			if raw[i] == '\\' {
				i++ // skip the escaped character (it may be a backslash)
			}
			continue
		}
		v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		i += 5
		r := rune(v)
		switch {
		case err != nil:
			pendingHigh = false
		case pendingHigh && r >= 0xDC00 && r <= 0xDFFF:
			pendingHigh = false
		case pendingHigh:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			pendingHigh = true
		case utf16.IsSurrogate(r):
			return true
		}
	}
	return pendingHigh
}
