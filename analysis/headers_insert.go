package analysis

import (
	"bytes"
	"strings"
)

// Inserting a header "in the same syntax as the neighbouring headers": the
// new header is written in front of a header that is already there, copying
// its form (curl -H, object property, dict entry, hash pair, Set call,
// subscript assignment, YAML key), its quotes and its indentation. Putting
// it in front means the new entry is never the last one, so it always takes
// a trailing separator and the neighbour's own punctuation stays valid.

// insertHeader returns an edit that adds "name: value" next to the nearest
// neighbouring header that allows it (neigh is sorted by distance), or, for
// a curl command without headers, right after "curl".
func insertHeader(lang Lang, text []byte, neigh []int, urlAt int, name, value string) (Edit, bool) {
	for _, at := range neigh {
		n := neighbourLen(text, at)
		if n == 0 {
			continue
		}
		if e, ok := insertBefore(lang, text, at, at+n, name, value); ok {
			return e, true
		}
	}
	return curlInsert(lang, text, urlAt, name, value)
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
// name is text[ns:ne].
func insertBefore(lang Lang, text []byte, ns, ne int, name, value string) (Edit, bool) {
	ls, le, _ := lineAt(text, ns)
	first := skipBlanks(text, ls, le)
	indent := string(text[ls:first])
	eol := eolAt(text, ls)
	newLine := func(entry string) (Edit, bool) {
		return Edit{Range: Range{ls, ls}, NewText: indent + entry + eol}, true
	}
	inline := func(at int, entry string) (Edit, bool) {
		return Edit{Range: Range{at, at}, NewText: entry}, true
	}
	semi := ""
	if bytes.HasSuffix(bytes.TrimRight(text[first:le], " \t"), []byte(";")) {
		semi = ";"
	}
	var q byte
	if ns > ls && isQuote(text[ns-1]) {
		q = text[ns-1]
	}
	qs := string(q)
	switch {
	case q != 0 && ne < le && text[ne] == ':':
		// "Name: value" in one string: only curl's -H/--header is understood.
		j := ns - 1
		for j > ls && (text[j-1] == ' ' || text[j-1] == '\t') {
			j--
		}
		fs := -1
		var flag string
		for _, f := range []string{"--header", "-H"} {
			s := j - len(f)
			if s >= ls && string(text[s:j]) == f && (s == ls || text[s-1] == ' ' || text[s-1] == '\t') {
				fs, flag = s, f
				break
			}
		}
		if fs < 0 || q == '`' {
			return Edit{}, false
		}
		entry := flag + " " + qs + name + ": " + value + qs
		if fs == first && prevLineContinues(text, ls) {
			return newLine(entry + ` \`)
		}
		return inline(fs, entry+" ")

	case q != 0 && q != '`' && ne < le && text[ne] == q:
		k := skipBlanks(text, ne+1, le)
		if k >= le {
			return Edit{}, false
		}
		switch {
		case text[k] == ':' || bytes.HasPrefix(text[k:le], []byte("=>")):
			// Map/dict/object/hash entry: "Name": value, "Name" => value.
			sep, vs := ": ", k+1
			if text[k] == '=' {
				sep, vs = " => ", k+2
			}
			vs = skipBlanks(text, vs, le)
			wrapOpen, wrapClose := "", ""
			if lang == LangGo {
				// http.Header{"Name": {"v"}} or map[string][]string{...: []string{"v"}}
				for _, p := range []string{"[]string{", "{"} {
					if bytes.HasPrefix(text[vs:le], []byte(p)) {
						wrapOpen, wrapClose = p, "}"
						vs = skipBlanks(text, vs+len(p), le)
						break
					}
				}
			}
			vq := q
			if vs < le && (text[vs] == '"' || text[vs] == '\'') {
				vq = text[vs]
			}
			if lang == LangGo || lang == LangJSON {
				q, vq = '"', '"'
				qs = `"`
			}
			entry := qs + name + qs + sep + wrapOpen + string(vq) + value + string(vq) + wrapClose
			if ns-1 == first {
				return newLine(entry + ",")
			}
			return inline(ns-1, entry+", ")

		case text[k] == ',':
			// A call: req.Header.Set("Name", v), xhr.setRequestHeader(...), .header(...).
			j := ns - 1
			for j > ls && (text[j-1] == ' ' || text[j-1] == '\t') {
				j--
			}
			if j <= first || text[j-1] != '(' || !headerSetter(text[first:j-1]) {
				return Edit{}, false
			}
			prefix := string(text[first:j])
			entry := prefix + qs + name + qs + ", " + qs + value + qs + ")"
			if prefix[0] != '.' {
				entry += semi // a chained .header(...) line keeps the chain open
			}
			return newLine(entry)

		case text[k] == ']':
			// Subscript assignment: headers["Name"] = v, req['Name'] = v.
			m := skipBlanks(text, k+1, le)
			if m >= le || text[m] != '=' || (m+1 < le && text[m+1] == '=') {
				return Edit{}, false
			}
			j := ns - 1
			for j > ls && (text[j-1] == ' ' || text[j-1] == '\t') {
				j--
			}
			if j <= first || text[j-1] != '[' || !identPath(text[first:j-1]) {
				return Edit{}, false
			}
			return newLine(string(text[first:j]) + qs + name + qs + "] = " + qs + value + qs + semi)
		}

	case q == 0:
		// A bare key: JS/Ruby object key, YAML mapping key, raw HTTP header.
		k := skipBlanks(text, ne, le)
		if k >= le || text[k] != ':' || (k+1 < le && text[k+1] == ':') {
			return Edit{}, false
		}
		if lang == LangGo || lang == LangPython || lang == LangJSON {
			return Edit{}, false
		}
		j := ns
		for j > ls && (text[j-1] == ' ' || text[j-1] == '\t') {
			j--
		}
		if j > ls && text[j-1] != '{' && text[j-1] != ',' {
			return Edit{}, false
		}
		switch lang {
		case LangYAML, LangWorkflow:
			v := value
			if name == "X-GitHub-Api-Version" {
				v = `"` + value + `"` // unquoted, YAML reads a date
			}
			if ns == first {
				return newLine(name + ": " + v)
			}
			return inline(ns, name+": "+v+", ") // flow mapping {A: b}
		case LangMarkdown, LangText:
			if ns == first { // a raw HTTP request
				return newLine(name + ": " + value)
			}
			return Edit{}, false
		case LangJavaScript, LangRuby:
			vq := byte('"')
			if v := skipBlanks(text, k+1, le); v < le && text[v] == '\'' {
				vq = '\''
			}
			key := name
			if strings.Contains(name, "-") {
				key = string(vq) + name + string(vq)
			}
			entry := key + ": " + string(vq) + value + string(vq)
			if ns == first {
				return newLine(entry + ",")
			}
			return inline(ns, entry+", ")
		}
	}
	return Edit{}, false
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
func prevLineContinues(text []byte, ls int) bool {
	if ls == 0 {
		return false
	}
	pls, ple, _ := lineAt(text, ls-1)
	return bytes.HasSuffix(bytes.TrimRight(text[pls:ple], " \t"), []byte(`\`))
}

// curlInsert adds -H "name: value" right after the "curl" of the command
// holding the URL (on its line or a line it continues), for curl commands
// that have no header to copy.
func curlInsert(lang Lang, text []byte, urlAt int, name, value string) (Edit, bool) {
	if !shellQuoting(lang) && lang != LangMarkdown && lang != LangText {
		return Edit{}, false
	}
	ls, _, _ := lineAt(text, urlAt)
	end := urlAt
	for n := 0; n <= requestWindowLines; n++ {
		if c := curlWord(text[ls:end]); c >= 0 {
			at := ls + c + len("curl")
			return Edit{Range: Range{at, at}, NewText: ` -H "` + name + ": " + value + `"`}, true
		}
		if !prevLineContinues(text, ls) {
			break
		}
		end = ls - 1
		ls, _, _ = lineAt(text, ls-1)
	}
	return Edit{}, false
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
