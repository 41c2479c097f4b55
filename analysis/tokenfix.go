package analysis

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// maxRewrittenLiteral: a Rust literal longer than this is not rewritten
// as format! around a token (each token's fix would copy it whole).
const maxRewrittenLiteral = 4096

// DefaultTokenVar is the variable a hard-coded token is moved to.
const DefaultTokenVar = "GITHUB_TOKEN"

// fixer builds the fixes for one text; it computes the file-level import
// edit once, however many tokens the file holds.
type fixer struct {
	lang           Lang
	text           []byte
	goImp, pyImp   *Edit
	goDone, pyDone bool
	// The line of the last token and the literals read on it: tokens
	// come in order, and many may share one (minified) line.
	lineStart, lineEnd, lineNext int
	lineKnown                    bool
	lits                         aroundCursor
	// noStatelessUntil: statelessAt found no token in the run of its
	// alphabet ending here; a later start inside it finds none either.
	noStatelessUntil int
	// cut are the prefixes not followed by a whole token; decode.go reads
	// a quoted-printable soft line break there.
	cut []int
}

// line is lineAt(fx.text, off), computed once per line.
func (fx *fixer) line(off int) (start, end, next int) {
	if !fx.lineKnown || off < fx.lineStart || off > fx.lineEnd {
		fx.lineStart, fx.lineEnd, fx.lineNext = lineAt(fx.text, off)
		fx.lineKnown = true
	}
	return fx.lineStart, fx.lineEnd, fx.lineNext
}

func (fx *fixer) goImport() *Edit {
	if !fx.goDone {
		fx.goImp, fx.goDone = goImportEdit(fx.text), true
	}
	return fx.goImp
}

func (fx *fixer) pyImport() *Edit {
	if !fx.pyDone {
		fx.pyImp, fx.pyDone = pythonImportEdit(fx.text), true
	}
	return fx.pyImp
}

// tokenFixes offers, for a token at [start,end): reading it from the
// environment in the file's own language (preferred), and a suppression
// comment for false positives.
func (fx *fixer) tokenFixes(start, end int, valid bool) []Fix {
	return fx.fixesFor(fx.plainSite(start, end), true, start, valid)
}

// fixesFor offers the fixes of a token written at site (when haveSite;
// see splitSite) whose first byte is at start.
func (fx *fixer) fixesFor(site tokenSite, haveSite bool, start int, valid bool) []Fix {
	lang, text := fx.lang, fx.text
	var fixes []Fix
	if write, ok := envFixWriters[lang]; ok && haveSite {
		if edits, title := write(site); edits != nil {
			fixes = append(fixes, Fix{Title: title, Edits: edits, Preferred: true})
		}
	}
	if lang == LangWorkflow && haveSite {
		// A PAT cannot be stored as a secret named GITHUB_*: offer a named one too.
		fixes = append(fixes, Fix{
			Title: "Replace with ${{ secrets.GH_PAT }} (store the token as a repository secret)",
			Edits: []Edit{{Range: Range{site.start, site.end}, NewText: "${{ secrets.GH_PAT }}"}},
		})
	}
	ls, le, _ := fx.line(start)
	if e, ok := allowCommentEdit(lang, text, ls, le); ok {
		title := "Mark as a placeholder (gitleaks:allow)"
		if valid {
			title = "Mark as a known false positive (gitleaks:allow)"
		}
		fixes = append(fixes, Fix{Title: title, Edits: []Edit{e}})
	}
	return fixes
}

// enclosingString finds the string literal the token at [start,end) sits
// in, on the token's line. Multi-line strings are not followed: the fix then
// falls back to replacing the token alone.
func (fx *fixer) enclosingString(start, end int) (strLit, bool) {
	ls, le, _ := fx.line(start)
	return fx.lits.around(fx.lang, fx.text, ls, le, start, end)
}

func isIdentByte(c byte) bool { return ghtoken.IsAlnum(c) || c == '_' }

func lineCommentAt(lang Lang, text []byte, i int) bool {
	lc := lang.LineComment()
	return lc != "" && bytes.HasPrefix(text[i:], []byte(lc))
}

// plainSite is where a token written out whole at [start,end) is.
func (fx *fixer) plainSite(start, end int) tokenSite {
	site := tokenSite{fx: fx, start: start, end: end}
	site.lit, site.inString = fx.enclosingString(start, end)
	site.whole = site.inString && site.lit.open == start-1 && site.lit.close == end
	return site
}

// tokenSite is where a token to move to the environment is written.
type tokenSite struct {
	fx         *fixer
	start, end int
	lit        strLit // the literal holding the token, if inString
	inString   bool
	whole      bool // the literal is the token and nothing else
}

// envFixWriters write, per language, the code that reads DefaultTokenVar.
var envFixWriters = map[Lang]func(tokenSite) ([]Edit, string){
	LangGo:         goEnvFix,
	LangJavaScript: jsEnvFix,
	LangPython:     pythonEnvFix,
	LangRuby:       rubyEnvFix,
	LangJava:       javaEnvFix,
	LangRust:       rustEnvFix,
	LangShell:      shellEnvFix,
	LangDockerfile: shellEnvFix,
	LangWorkflow:   placeholderFix("${{ secrets."+DefaultTokenVar+" }}", "Replace with ${{ secrets."+DefaultTokenVar+" }} (the workflow's automatic token)"),
	LangYAML:       placeholderFix("${"+DefaultTokenVar+"}", "Replace with a ${"+DefaultTokenVar+"} placeholder expanded from the environment"),
	LangJSON:       placeholderFix("${"+DefaultTokenVar+"}", "Replace with a ${"+DefaultTokenVar+"} placeholder expanded from the environment"),
	LangDotenv:     placeholderFix("", "Remove the token from this file (set "+DefaultTokenVar+" in your shell or secret manager)"),
	LangMarkdown:   placeholderFix("$"+DefaultTokenVar, "Replace with $"+DefaultTokenVar),
	LangText:       placeholderFix("$"+DefaultTokenVar, "Replace with $"+DefaultTokenVar),
}

func placeholderFix(text, title string) func(tokenSite) ([]Edit, string) {
	return func(s tokenSite) ([]Edit, string) { return s.replaceToken(text), title }
}

func (s tokenSite) replaceToken(with string) []Edit {
	return []Edit{{Range: Range{s.start, s.end}, NewText: with}}
}

// concat splits the literal around the token: "pre" + EXPR + "post"; a
// literal that is the token alone becomes EXPR.
func (s tokenSite) concat(expr, op string) []Edit {
	switch {
	case !s.inString:
		return s.replaceToken(expr)
	case s.whole:
		return []Edit{{Range: Range{s.lit.open, s.lit.close + 1}, NewText: expr}}
	case s.lit.open+1 == s.start:
		// The literal starts with the token: drop its opening quote.
		return []Edit{{Range: Range{s.lit.open, s.end}, NewText: expr + op + string(s.lit.quote)}}
	case s.end == s.lit.close:
		return []Edit{{Range: Range{s.start, s.lit.close + 1}, NewText: string(s.lit.quote) + op + expr}}
	}
	q := string(s.lit.quote)
	return []Edit{{Range: Range{s.start, s.end}, NewText: q + op + expr + op + q}}
}

func goEnvFix(s tokenSite) ([]Edit, string) {
	edits := s.concat(`os.Getenv("`+DefaultTokenVar+`")`, " + ")
	text := s.fx.text
	if ls, _, _ := s.fx.line(s.start); s.inString && bytes.HasPrefix(bytes.TrimLeft(text[ls:s.start], " \t"), []byte("const ")) {
		// A function call is not a constant: make the declaration a var.
		at := ls + bytes.Index(text[ls:s.start], []byte("const "))
		edits = append([]Edit{{Range: Range{at, at + len("const")}, NewText: "var"}}, edits...)
	}
	return withImport(s.fx.goImport(), edits), "Read the token from $" + DefaultTokenVar + " (os.Getenv)"
}

func jsEnvFix(s tokenSite) ([]Edit, string) {
	expr := "process.env." + DefaultTokenVar
	title := "Read the token from " + expr
	if s.inString && s.lit.quote == '`' {
		return s.replaceToken("${" + expr + "}"), title
	}
	if edits, ok := s.dropFallback(expr); ok {
		return edits, title
	}
	return s.concat(expr, " + "), title
}

// dropFallback handles `EXPR || "TOKEN"` (or ??), a fallback to the token
// behind the very read the fix would write: the fix removes the fallback
// rather than write EXPR || EXPR.
func (s tokenSite) dropFallback(expr string) ([]Edit, bool) {
	if !s.whole {
		return nil, false
	}
	text := s.fx.text
	ls, _, _ := s.fx.line(s.start)
	for _, op := range []string{"||", "??"} {
		opEnd := skipBlanksBack(text, ls, s.lit.open)
		opStart := opEnd - len(op)
		if opStart < ls || string(text[opStart:opEnd]) != op {
			continue
		}
		exprEnd := skipBlanksBack(text, ls, opStart)
		exprStart := exprEnd - len(expr)
		if exprStart >= ls && string(text[exprStart:exprEnd]) == expr && (exprStart == ls || !isIdentByte(text[exprStart-1]) && text[exprStart-1] != '.') {
			return []Edit{{Range: Range{exprEnd, s.lit.close + 1}}}, true
		}
	}
	return nil, false
}

func pythonEnvFix(s tokenSite) ([]Edit, string) {
	const v = DefaultTokenVar
	title := "Read the token from os.environ[\"" + v + "\"]"
	if s.inString && strings.ContainsAny(s.lit.prefix, "fF") && !s.whole {
		other := "'" // the quote the f-string does not use
		if s.lit.quote == '\'' {
			other = `"`
		}
		return withImport(s.fx.pyImport(), s.replaceToken("{os.environ["+other+v+other+"]}")), title
	}
	return withImport(s.fx.pyImport(), s.concat(`os.environ["`+v+`"]`, " + ")), title
}

func rubyEnvFix(s tokenSite) ([]Edit, string) {
	expr := `ENV["` + DefaultTokenVar + `"]`
	if s.inString && s.lit.quote == '"' && !s.whole {
		return s.replaceToken("#{" + expr + "}"), "Read the token from " + expr
	}
	return s.concat(expr, " + "), "Read the token from " + expr
}

func javaEnvFix(s tokenSite) ([]Edit, string) {
	expr := `System.getenv("` + DefaultTokenVar + `")`
	return s.concat(expr, " + "), "Read the token from " + expr
}

func rustEnvFix(s tokenSite) ([]Edit, string) {
	expr := `std::env::var("` + DefaultTokenVar + `").unwrap_or_default()`
	title := "Read the token from std::env::var(\"" + DefaultTokenVar + "\")"
	if !s.inString || s.whole {
		return s.concat(expr, ""), title
	}
	if s.lit.close-s.lit.open > maxRewrittenLiteral {
		return nil, "" // one copy of it per token would grow with its square
	}
	text := s.fx.text
	esc := strings.NewReplacer("{", "{{", "}", "}}")
	pre, post := esc.Replace(string(text[s.lit.open+1:s.start])), esc.Replace(string(text[s.end:s.lit.close]))
	return []Edit{{Range: Range{s.lit.open, s.lit.close + 1}, NewText: `format!("` + pre + "{}" + post + `", ` + expr + ")"}}, title
}

func shellEnvFix(s tokenSite) ([]Edit, string) {
	const v = DefaultTokenVar
	title := "Read the token from $" + v
	switch {
	case s.inString && s.lit.quote == '\'':
		return s.replaceToken(`'"${` + v + `}"'`), title
	case s.inString:
		return s.replaceToken("${" + v + "}"), title
	}
	return s.replaceToken(`"${` + v + `}"`), title
}

func withImport(imp *Edit, edits []Edit) []Edit {
	if imp == nil {
		return edits
	}
	return append([]Edit{*imp}, edits...)
}

var (
	goImportsOS = regexp.MustCompile(`^\s*(import\s+)?(\w+\s+)?"os"\s*$`)
	pyImportsOS = regexp.MustCompile(`^\s*import\s+(.*,\s*)?os\b|^\s*from\s+os\s+import\b`)
)

// anyLineMatches reports whether a line containing needle matches re. The
// fixed-string search keeps this cheap on large files: re only sees the few
// lines that can match.
func anyLineMatches(text []byte, needle string, re *regexp.Regexp) bool {
	for i := 0; i < len(text); {
		j := bytes.Index(text[i:], []byte(needle))
		if j < 0 {
			return false
		}
		ls, le, next := lineAt(text, i+j)
		if re.Match(text[ls:le]) {
			return true
		}
		i = next
	}
	return false
}

// goImportEdit adds "os" to a Go file's imports when it is missing.
func goImportEdit(text []byte) *Edit {
	if anyLineMatches(text, `"os"`, goImportsOS) {
		return nil
	}
	// The import block, else the package clause, each at a line start.
	if at := lineStartIndex(text, "import ("); at >= 0 {
		_, le, next := lineAt(text, at)
		if le < len(text) {
			return &Edit{Range: Range{next, next}, NewText: "\t\"os\"\n"}
		}
	}
	// A single `import "fmt"` becomes a block with both, sorted as gofmt
	// and goimports would leave them.
	if at := lineStartIndex(text, "import \""); at >= 0 {
		ls, le, _ := lineAt(text, at)
		spec := strings.TrimSpace(strings.TrimPrefix(string(text[ls:le]), "import"))
		if strings.HasSuffix(spec, `"`) && strings.Count(spec, `"`) == 2 {
			specs := []string{spec, `"os"`}
			if spec > `"os"` {
				specs[0], specs[1] = specs[1], specs[0]
			}
			return &Edit{Range: Range{ls, le}, NewText: "import (\n\t" + specs[0] + "\n\t" + specs[1] + "\n)"}
		}
	}
	if at := lineStartIndex(text, "package "); at >= 0 {
		_, le, _ := lineAt(text, at)
		return &Edit{Range: Range{le, le}, NewText: "\n\nimport \"os\""}
	}
	return nil
}

// lineStartIndex finds the first occurrence of s at the start of a line.
func lineStartIndex(text []byte, s string) int {
	for i := 0; i < len(text); {
		j := bytes.Index(text[i:], []byte(s))
		if j < 0 {
			return -1
		}
		if at := i + j; at == 0 || text[at-1] == '\n' || text[at-1] == '\r' {
			return at
		}
		i += j + 1
	}
	return -1
}

// pythonImportEdit adds "import os" where PEP 8 puts imports, when the
// module does not import os yet: after the leading comments (shebang,
// encoding line, licence block), the module docstring and the
// "from __future__" imports, which must stay first.
func pythonImportEdit(text []byte) *Edit {
	if anyLineMatches(text, "os", pyImportsOS) {
		return nil
	}
	at, i := 0, 0 // at: after the last header line; i: the next line to read
	docstringSeen := false
	for i < len(text) {
		ls, le, next := lineAt(text, i)
		line := bytes.TrimLeft(text[ls:le], " \t\f")
		switch {
		case len(line) == 0:
			i = next
			continue
		case line[0] == '#' || bytes.HasPrefix(line, []byte("from __future__")):
		case !docstringSeen && pyDocstringQuote(line) != "":
			docstringSeen = true
			next = pyDocstringEnd(text, ls+len(text[ls:le])-len(line), pyDocstringQuote(line))
		default:
			return &Edit{Range: Range{at, at}, NewText: "import os\n"}
		}
		at, i = next, next
	}
	if at == len(text) && at > 0 && text[at-1] != '\n' && text[at-1] != '\r' {
		return &Edit{Range: Range{at, at}, NewText: "\nimport os\n"}
	}
	return &Edit{Range: Range{at, at}, NewText: "import os\n"}
}

// pyDocstringQuote returns the triple quote opening a docstring line
// (optionally r/u-prefixed), or "".
func pyDocstringQuote(line []byte) string {
	line = bytes.TrimLeft(line, "rRuU")
	for _, q := range []string{`"""`, `'''`} {
		if bytes.HasPrefix(line, []byte(q)) {
			return q
		}
	}
	return ""
}

// pyDocstringEnd returns the start of the line after the one closing the
// docstring whose opening quote q is at open (len(text) when unclosed).
func pyDocstringEnd(text []byte, open int, q string) int {
	from := bytes.Index(text[open:], []byte(q)) + open + len(q)
	k := bytes.Index(text[from:], []byte(q))
	if k < 0 {
		return len(text)
	}
	_, _, next := lineAt(text, from+k)
	return next
}

// allowCommentEdit appends a gitleaks:allow comment to the token's line in
// the language's comment syntax. Languages without comments (JSON) and
// Dockerfile instructions other than RUN (where "#" would become part of the
// value) get none.
func allowCommentEdit(lang Lang, text []byte, ls, le int) (Edit, bool) {
	line := text[ls:le]
	comment := ""
	switch lang {
	case LangMarkdown:
		comment = " <!-- gitleaks:allow -->"
	case LangDockerfile:
		// The instruction's word, not the whole line: a line holding a
		// token is not blank after RUN, so trimming its end changes nothing.
		head := bytes.TrimLeftFunc(line, unicode.IsSpace)
		head = head[:min(len(head), 16)]
		if !strings.HasPrefix(strings.ToUpper(string(head)), "RUN ") {
			return Edit{}, false
		}
		comment = " # gitleaks:allow"
	default:
		lc := lang.LineComment()
		if lc == "" {
			return Edit{}, false
		}
		comment = " " + lc + " gitleaks:allow"
	}
	// Keep a trailing line continuation last.
	trimmedEnd := skipBlanksBack(text, ls, le)
	if trimmedEnd > ls && text[trimmedEnd-1] == '\\' {
		return Edit{}, false
	}
	return Edit{Range: Range{trimmedEnd, trimmedEnd}, NewText: comment}, true
}
