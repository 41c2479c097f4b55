package analysis

import (
	"bytes"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// Inserting a header "in the same syntax as the neighbouring headers": the
// new header is written in front of a header that is already there, copying
// its form (curl -H, object property, dict entry, hash pair, Set call,
// subscript assignment, YAML key), its quotes and its indentation. Putting
// it in front means the new entry is never the last one, so it always takes
// a trailing separator and the neighbour's own punctuation stays valid.

// insertHeader returns an edit that adds "name: value" next to the nearest
// neighbouring header that allows it (neigh is sorted by distance), or, for
// a curl command without headers, right after its "curl" (curlEnd; 0: the
// request is no curl command).
func insertHeader(lang Lang, tl *textLines, neigh []int, curlEnd int, name, value string) (Edit, bool) {
	for _, at := range neigh {
		n := neighbourLen(tl.text, at)
		if n == 0 {
			continue
		}
		if e, ok := insertBefore(lang, tl, at, at+n, name, value); ok {
			return e, true
		}
	}
	return curlInsert(lang, curlEnd, name, value)
}

func neighbourLen(text []byte, at int) int {
	for _, n := range neighbourNames {
		if hasPrefixFold(text[at:], n) {
			return len(n)
		}
	}
	return 0
}

// insertBefore writes the header in front of the neighbour header whose
// name is text[nameStart:nameEnd].
func insertBefore(lang Lang, tl *textLines, nameStart, nameEnd int, name, value string) (Edit, bool) {
	text := tl.text
	n := newNeighbour(lang, tl, nameStart, nameEnd)
	h := header{name, value}
	switch {
	case n.quote != 0 && nameEnd < n.lineEnd && text[nameEnd] == ':':
		return n.insertCurlHeader(h)
	case n.quote != 0 && n.quote != '`' && nameEnd < n.lineEnd && text[nameEnd] == n.quote:
		return n.insertAfterQuotedKey(h)
	case n.quote == 0:
		return n.insertBareKey(h)
	}
	return Edit{}, false
}

// header is the name and value of the header to insert.
type header struct{ name, value string }

// neighbour is a header already written next to a request, whose form the
// inserted one copies.
type neighbour struct {
	lang               Lang
	text               []byte
	tl                 *textLines // the text's indexed lines: a minified line is read once, not per fix
	nameStart, nameEnd int
	lineStart, lineEnd int
	first              int    // the line's first non-blank byte
	eol                string // the line's terminator
	semi               string // ";" when the line ends with one
	quote              byte   // the quote just before the name, or 0
}

func newNeighbour(lang Lang, tl *textLines, nameStart, nameEnd int) neighbour {
	text := tl.text
	ls, le, next := tl.line(nameStart)
	n := neighbour{lang: lang, text: text, tl: tl, nameStart: nameStart, nameEnd: nameEnd, lineStart: ls, lineEnd: le}
	n.first = skipBlanks(text, ls, le)
	n.eol = "\n" // the last line
	if next > le {
		n.eol = string(text[le:next])
	}
	if bytes.HasSuffix(bytes.TrimRight(text[n.first:le], " \t"), []byte(";")) {
		n.semi = ";"
	}
	if nameStart > ls && isQuote(text[nameStart-1]) {
		n.quote = text[nameStart-1]
	}
	return n
}

// newLine inserts entry as a line of its own above the neighbour's line,
// with the same indentation.
func (n neighbour) newLine(entry string) (Edit, bool) {
	indent := string(n.text[n.lineStart:n.first])
	return Edit{Range: Range{n.lineStart, n.lineStart}, NewText: indent + entry + n.eol}, true
}

// inline inserts entry at offset at on the neighbour's line.
func (n neighbour) inline(at int, entry string) (Edit, bool) {
	return Edit{Range: Range{at, at}, NewText: entry}, true
}

// beforeOpenQuote is the offset after the last non-blank byte before the
// neighbour's opening quote.
func (n neighbour) beforeOpenQuote() int {
	return skipBlanksBack(n.text, n.lineStart, n.nameStart-1)
}

// insertCurlHeader handles "Name: value" in one string: only curl's
// -H/--header is understood.
func (n neighbour) insertCurlHeader(h header) (Edit, bool) {
	text, j := n.text, n.beforeOpenQuote()
	flagStart, flag := -1, ""
	for _, f := range []string{"--header", "-H"} {
		s := j - len(f)
		if s >= n.lineStart && string(text[s:j]) == f && (s == n.lineStart || text[s-1] == ' ' || text[s-1] == '\t') {
			flagStart, flag = s, f
			break
		}
	}
	if flagStart < 0 || n.quote == '`' {
		return Edit{}, false
	}
	q := string(n.quote)
	entry := flag + " " + q + h.name + ": " + h.value + q
	if flagStart == n.first && prevLineContinues(n.tl, n.lineStart) {
		return n.newLine(entry + ` \`)
	}
	return n.inline(flagStart, entry+" ")
}

// insertAfterQuotedKey handles a quoted name followed by its closing quote:
// a map entry, a setter call or a subscript assignment.
func (n neighbour) insertAfterQuotedKey(h header) (Edit, bool) {
	k := skipBlanks(n.text, n.nameEnd+1, n.lineEnd)
	switch {
	case k >= n.lineEnd:
		return Edit{}, false
	case n.text[k] == ':' || bytes.HasPrefix(n.text[k:n.lineEnd], []byte("=>")):
		return n.insertMapEntry(h, k)
	case n.text[k] == ',':
		return n.insertSetterCall(h)
	case n.text[k] == ']':
		return n.insertSubscript(h, k)
	}
	return Edit{}, false
}

// insertMapEntry: map/dict/object/hash entry, "Name": value or
// "Name" => value; sep is at text[k].
func (n neighbour) insertMapEntry(h header, k int) (Edit, bool) {
	text, le := n.text, n.lineEnd
	sep, valueStart := ": ", k+1
	if text[k] == '=' {
		sep, valueStart = " => ", k+2
	}
	valueStart = skipBlanks(text, valueStart, le)
	wrapOpen, wrapClose := "", ""
	if n.lang == LangGo {
		// http.Header{"Name": {"v"}} or map[string][]string{...: []string{"v"}}
		for _, p := range []string{"[]string{", "{"} {
			if bytes.HasPrefix(text[valueStart:le], []byte(p)) {
				wrapOpen, wrapClose = p, "}"
				valueStart = skipBlanks(text, valueStart+len(p), le)
				break
			}
		}
	}
	keyQuote, valueQuote := n.quote, n.quote
	if valueStart < le && (text[valueStart] == '"' || text[valueStart] == '\'') {
		valueQuote = text[valueStart]
	}
	if n.lang == LangGo || n.lang == LangJSON {
		keyQuote, valueQuote = '"', '"'
	}
	kq, vq := string(keyQuote), string(valueQuote)
	entry := kq + h.name + kq + sep + wrapOpen + vq + h.value + vq + wrapClose
	if n.nameStart-1 == n.first {
		return n.newLine(entry + ",")
	}
	return n.inline(n.nameStart-1, entry+", ")
}

// insertSetterCall: req.Header.Set("Name", v), xhr.setRequestHeader(...),
// .header(...).
func (n neighbour) insertSetterCall(h header) (Edit, bool) {
	text, j := n.text, n.beforeOpenQuote()
	if j <= n.first || text[j-1] != '(' || !headerSetter(text[n.first:j-1]) {
		return Edit{}, false
	}
	prefix, q := string(text[n.first:j]), string(n.quote)
	entry := prefix + q + h.name + q + ", " + q + h.value + q + ")"
	if prefix[0] != '.' {
		entry += n.semi // a chained .header(...) line keeps the chain open
	}
	return n.newLine(entry)
}

// insertSubscript: subscript assignment, headers["Name"] = v; the "]" is at
// text[k].
func (n neighbour) insertSubscript(h header, k int) (Edit, bool) {
	text, le := n.text, n.lineEnd
	m := skipBlanks(text, k+1, le)
	if m >= le || text[m] != '=' || (m+1 < le && text[m+1] == '=') {
		return Edit{}, false
	}
	j := n.beforeOpenQuote()
	if j <= n.first || text[j-1] != '[' || !identPath(text[n.first:j-1]) {
		return Edit{}, false
	}
	q := string(n.quote)
	return n.newLine(string(text[n.first:j]) + q + h.name + q + "] = " + q + h.value + q + n.semi)
}

// insertBareKey handles an unquoted name: a JS/Ruby object key, a YAML
// mapping key, a raw HTTP header.
func (n neighbour) insertBareKey(h header) (Edit, bool) {
	text, le := n.text, n.lineEnd
	k := skipBlanks(text, n.nameEnd, le)
	if k >= le || text[k] != ':' || (k+1 < le && text[k+1] == ':') {
		return Edit{}, false
	}
	if j := skipBlanksBack(text, n.lineStart, n.nameStart); j > n.lineStart && text[j-1] != '{' && text[j-1] != ',' {
		return Edit{}, false
	}
	ownLine := n.nameStart == n.first
	switch n.lang {
	case LangYAML, LangWorkflow:
		v := h.value
		if h.name == ghhost.APIVersionHeader {
			v = `"` + h.value + `"` // unquoted, YAML reads a date
		}
		if ownLine {
			return n.newLine(h.name + ": " + v)
		}
		return n.inline(n.nameStart, h.name+": "+v+", ") // flow mapping {A: b}
	case LangMarkdown, LangText:
		if ownLine { // a raw HTTP request
			return n.newLine(h.name + ": " + h.value)
		}
	case LangJavaScript, LangRuby:
		return n.insertObjectKey(h, k, ownLine)
	}
	return Edit{}, false
}

// insertObjectKey: a JS or Ruby object key (quoted when it holds a "-"),
// with the neighbour's value quote; its ":" is at text[k].
func (n neighbour) insertObjectKey(h header, k int, ownLine bool) (Edit, bool) {
	q := `"`
	if v := skipBlanks(n.text, k+1, n.lineEnd); v < n.lineEnd && n.text[v] == '\'' {
		q = `'`
	}
	key := h.name
	if strings.Contains(h.name, "-") {
		key = q + h.name + q
	}
	entry := key + ": " + q + h.value + q
	if ownLine {
		return n.newLine(entry + ",")
	}
	return n.inline(n.nameStart, entry+", ")
}

// headerSetter reports whether callee (text before "(") is a method that
// sets one header: req.Header.Set, xhr.setRequestHeader, .header, ...
func headerSetter(callee []byte) bool {
	if !identPath(callee) {
		return false
	}
	m := callee[bytes.LastIndexByte(callee, '.')+1:]
	switch string(m) {
	case "Set", "Add", "set", "append", "setRequestHeader", "setHeader", "header", "add_header", "putheader", "insert_header":
		return len(m) < len(callee) // a method, not a bare function
	}
	return false
}

// identPath: an expression made of identifiers and dots (req.Header,
// @request, $ch, self.session.headers).
func identPath(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isIdentByte(c) && c != '.' && c != '$' && c != '@' {
			return false
		}
	}
	return true
}

// prevLineContinues reports whether the line before the one starting at ls
// ends with a shell line continuation.
func prevLineContinues(tl *textLines, ls int) bool {
	if ls == 0 {
		return false
	}
	prevStart, prevEnd, _ := tl.line(ls - 1)
	return lineContinues(tl.text, prevStart, prevEnd)
}

// lineContinues reports whether the line text[start:end] ends with a shell
// line continuation.
func lineContinues(text []byte, start, end int) bool {
	return bytes.HasSuffix(bytes.TrimRight(text[start:end], " \t"), []byte(`\`))
}

// curlInsert adds -H "name: value" right after the "curl" of the request's
// own command, for curl commands that have no header to copy. In JSON the
// command is a string's contents, so the header takes single quotes.
func curlInsert(lang Lang, curlEnd int, name, value string) (Edit, bool) {
	if curlEnd == 0 || !shellQuoting(lang) && lang != LangMarkdown && lang != LangText && lang != LangJSON {
		return Edit{}, false
	}
	q := `"`
	if lang == LangJSON {
		q = `'`
	}
	return Edit{Range: Range{curlEnd, curlEnd}, NewText: ` -H ` + q + name + ": " + value + q}, true
}

// curlWord finds the command word "curl" followed by a blank in line.
func curlWord(line []byte) int {
	for off := 0; ; {
		i := bytes.Index(line[off:], []byte("curl"))
		if i < 0 {
			return -1
		}
		at := off + i
		off = at + 4
		if (at == 0 || bytes.IndexByte([]byte(" \t;|&($`'\":"), line[at-1]) >= 0) &&
			off < len(line) && (line[off] == ' ' || line[off] == '\t') {
			return at
		}
	}
}
