package analysis

import "bytes"

// headerValue is where a header's value is written, as literal text, next to
// its name: "Name: value" in one string (curl -H), "Name": "value" (maps,
// dicts, hashes), Set("Name", "value"), x["Name"] = "value", or a bare YAML
// value. Only the literal part is known; what is concatenated to it is
// described by more/moreLiteral/emptyNext.
type headerValue struct {
	start, end int  // the literal text of the value
	quote      byte // quote of the literal holding it, 0 for a bare value
	inline     bool // "Name: value" in one string: leading blanks are HTTP's own
	// more: something is concatenated after the literal ("Bearer " + t).
	more bool
	// moreLiteral: the next operand is itself a string literal.
	moreLiteral bool
	// emptyNext: the next operand is an empty literal; the range covers the
	// operator and that literal (" + \"\"").
	emptyNext Range
}

// bareValueLangs may write a header value without quotes (YAML mappings,
// .env lines, documentation).
func bareValueLangs(lang Lang) bool {
	switch lang {
	case LangYAML, LangWorkflow, LangDotenv, LangText, LangMarkdown:
		return true
	}
	return false
}

// parseHeaderValue finds the value written for the header name at
// text[nameStart:nameEnd]; ok is false when the name is not followed by a
// value in a form we understand (a constant holding the name, a lookup, ...).
func parseHeaderValue(lang Lang, tl *textLines, nameStart, nameEnd int) (headerValue, bool) {
	text := tl.text
	ls, le, _ := tl.line(nameStart)
	var q byte
	if nameStart > ls && isQuote(text[nameStart-1]) {
		q = text[nameStart-1]
	}
	afterName := skipBlanks(text, nameEnd, le)
	colonNext := afterName < le && text[afterName] == ':'
	switch {
	case q != 0 && nameEnd < le && text[nameEnd] == q:
		valueStart, ok := afterQuotedKey(text, ls, le, nameStart, nameEnd)
		if !ok {
			return headerValue{}, false
		}
		return literalValue(lang, text, valueStart, le)
	case q != 0 && colonNext:
		return inlineValue(lang, text, ls, le, nameStart, afterName)
	case q == 0 && colonNext:
		return bareKeyValue(lang, text, afterName+1, le)
	}
	return headerValue{}, false
}

// afterQuotedKey returns where the value starts after a quoted key:
// "Name": v, "Name", v, "Name" => v, ["Name"] = v.
func afterQuotedKey(text []byte, ls, le, nameStart, nameEnd int) (int, bool) {
	i := skipBlanks(text, nameEnd+1, le)
	switch {
	case i >= le:
		return 0, false
	case text[i] == ':':
		i++
	case text[i] == ',':
		// Only as the first argument of a call or pair: Set("Name", v),
		// [["Name", v]]; not a list of names ("Name", "Other").
		j := skipBlanksBack(text, ls, nameStart-1)
		if j == ls || (text[j-1] != '(' && text[j-1] != '[') {
			return 0, false
		}
		i++
	case bytes.HasPrefix(text[i:le], []byte("=>")):
		i += 2
	case text[i] == ']':
		i = skipBlanks(text, i+1, le)
		if i+1 >= le || text[i] != '=' || text[i+1] == '=' {
			return 0, false
		}
		i++
	default:
		return 0, false
	}
	return skipBlanks(text, i, le), true
}

// inlineValue reads "Name: value" written in one string; the colon is at
// text[colon].
func inlineValue(lang Lang, text []byte, ls, le, nameStart, colon int) (headerValue, bool) {
	if q := text[nameStart-1]; nameStart-2 >= ls && text[nameStart-2] == '\\' {
		// An escaped quote opens it (\"Name: value\" in a JSON string or a
		// shell "..."): the value ends at the next escaped quote.
		close := escapedQuoteClose(text, colon+1, le, q)
		v := headerValue{start: skipBlanks(text, colon+1, close), end: close, quote: q, inline: true}
		v.after(lang, text, min(close+1, le), le)
		return v, true
	}
	fstring := lang == LangPython && nameStart >= ls+2 && (text[nameStart-2]|0x20) == 'f'
	close, ok := literalEnd(lang, text, nameStart-1, le, fstring)
	if !ok {
		return headerValue{}, false
	}
	v := headerValue{start: skipBlanks(text, colon+1, close), end: close, quote: text[nameStart-1], inline: true}
	v.after(lang, text, close, le)
	return v, true
}

// bareKeyValue reads the value after an unquoted "Name:" (JS/Ruby object
// key, YAML mapping, raw header line), starting at text[i].
func bareKeyValue(lang Lang, text []byte, i, le int) (headerValue, bool) {
	if lang == LangGo || lang == LangPython || lang == LangJSON {
		return headerValue{}, false
	}
	i = skipBlanks(text, i, le)
	if i < le && (isQuote(text[i]) || pyPrefixedQuote(lang, text, i, le) > 0) {
		return literalValue(lang, text, i, le)
	}
	if !bareValueLangs(lang) || i >= le {
		return headerValue{}, false
	}
	return headerValue{start: i, end: skipBlanksBack(text, i, le)}, true
}

// pyPrefixedQuote returns the length of a Python string prefix (f, rb, ...)
// at text[i] that is followed by a quote, or 0.
func pyPrefixedQuote(lang Lang, text []byte, i, le int) int {
	if lang != LangPython {
		return 0
	}
	n := 0
	for n < 2 && i+n < le && bytes.IndexByte([]byte("fFrRbBuU"), text[i+n]) >= 0 {
		n++
	}
	if n > 0 && i+n < le && (text[i+n] == '"' || text[i+n] == '\'') {
		return n
	}
	return 0
}

// literalValue reads a value that starts at text[i] with a string literal,
// possibly inside a Go slice ({"v"}, []string{"v"}), a list ([...]) or a
// fmt.Sprintf call.
func literalValue(lang Lang, text []byte, i, le int) (headerValue, bool) {
	for _, p := range []string{"[]string{", "fmt.Sprintf(", "{", "[", "("} {
		if bytes.HasPrefix(text[i:le], []byte(p)) {
			i = skipBlanks(text, i+len(p), le)
			break
		}
	}
	fstring := false
	if n := pyPrefixedQuote(lang, text, i, le); n > 0 {
		fstring = bytes.ContainsAny(text[i:i+n], "fF")
		i += n
	}
	if i >= le || !isQuote(text[i]) {
		return headerValue{}, false
	}
	close, ok := literalEnd(lang, text, i, le, fstring)
	if !ok {
		return headerValue{}, false
	}
	v := headerValue{start: i + 1, end: close, quote: text[i]}
	v.after(lang, text, close, le)
	return v, true
}

// after records what follows the literal closing at text[close].
func (v *headerValue) after(lang Lang, text []byte, close, le int) {
	j := close + 1
	if shellQuoting(lang) {
		// Shell concatenates adjacent words: 'Bearer '"$T".
		if j >= le || bytes.IndexByte([]byte(" \t;|&)\\"), text[j]) >= 0 {
			return
		}
		v.more = true
		if isQuote(text[j]) {
			v.moreLiteral = true
			if j+1 < le && text[j+1] == text[j] && (j+2 >= le || bytes.IndexByte([]byte(" \t;|&)\\"), text[j+2]) >= 0) {
				v.emptyNext = Range{j, j + 2}
			}
		}
		return
	}
	j = skipBlanks(text, j, le)
	if j >= le {
		return
	}
	switch c := text[j]; {
	case c == '+':
		v.more = true
		k := skipBlanks(text, j+1, le)
		if k < le && isQuote(text[k]) {
			v.moreLiteral = true
			if k+1 < le && text[k+1] == text[k] {
				v.emptyNext = Range{close + 1, k + 2}
			}
		}
	case c == '.' || (c == '%' && lang == LangPython):
		v.more = true // "token {}".format(t), "token %s" % t, "token ".concat(t)
	case isQuote(c) && lang == LangPython:
		v.more, v.moreLiteral = true, true
	}
}
