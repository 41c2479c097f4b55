package analysis

import (
	"bytes"
	"path"
	"regexp"
	"sort"
	"strings"
)

// DefaultTokenVarPatterns are the glob patterns (path.Match syntax, matched
// case-insensitively) of variable names treated as GitHub tokens.
var DefaultTokenVarPatterns = []string{"GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_PAT", "*GITHUB*TOKEN*", "*_PAT", "GH_*TOKEN*"}

// envSyntax is one way a language reads a variable. The regexp's group
// "name" is the variable; the whole match is the reference, optionally
// widened over a closing bracket (close) or a ${...} default (shellBrace).
type envSyntax struct {
	re         *regexp.Regexp
	close      string // ")" or "]": include it when it follows the name directly
	shellBrace bool   // ${NAME...}: extend to the matching "}"
	ctx        EnvRefContext
}

const envName = `(?P<name>[A-Za-z_][A-Za-z0-9_]*)`

// q matches NAME inside single, double or backtick quotes (Go's RE2 has no
// backreferences, so the three quote styles are spelled out).
func q(name string) string {
	return `(?:"` + name + `"|'` + name + `'|` + "`" + name + "`)"
}

var (
	reGo      = regexp.MustCompile(`\bos\.(?:Getenv|LookupEnv)\(\s*` + q(envName))
	reJSDot   = regexp.MustCompile(`\b(?:process\.env|import\.meta\.env|Bun\.env)\??\.` + `(?P<name>[A-Za-z_$][A-Za-z0-9_$]*)`)
	reJSIndex = regexp.MustCompile(`\b(?:process\.env|import\.meta\.env|Bun\.env)\??\.?\[\s*` + q(envName))
	reDeno    = regexp.MustCompile(`\bDeno\.env\.get\(\s*` + q(envName))
	rePyIndex = regexp.MustCompile(`\bos\.environ\[\s*` + q(envName))
	rePyCall  = regexp.MustCompile(`\bos\.(?:environ\.get|getenv)\(\s*` + q(envName))
	reRbIndex = regexp.MustCompile(`\bENV\[\s*` + q(envName))
	reRbFetch = regexp.MustCompile(`\bENV\.fetch\(\s*` + q(envName))
	reRust    = regexp.MustCompile(`(?:\bstd::)?\benv::var(?:_os)?\(\s*"` + envName + `"`)
	reJava    = regexp.MustCompile(`\bSystem\.getenv\(\s*"` + envName + `"`)
	// $NAME and ${NAME...}; the caller rejects \$NAME and $$NAME.
	reShellBrace = regexp.MustCompile(`\$\{` + envName)
	reShellBare  = regexp.MustCompile(`\$` + envName)
	// GitHub Actions expressions: secrets.NAME / env.NAME, or the index form.
	reCISecret = regexp.MustCompile(`\bsecrets(?:\.` + envName + `|\[\s*'` + envName + `'\s*\])`)
	reCIEnv    = regexp.MustCompile(`\benv(?:\.` + envName + `|\[\s*'` + envName + `'\s*\])`)
)

func envSyntaxes(lang Lang) []envSyntax {
	shell := []envSyntax{
		{re: reShellBrace, shellBrace: true, ctx: EnvRuntime},
		{re: reShellBare, ctx: EnvRuntime},
	}
	switch lang {
	case LangGo:
		return []envSyntax{{re: reGo, close: ")"}}
	case LangJavaScript:
		return []envSyntax{{re: reJSDot}, {re: reJSIndex, close: "]"}, {re: reDeno, close: ")"}}
	case LangPython:
		return []envSyntax{{re: rePyIndex, close: "]"}, {re: rePyCall, close: ")"}}
	case LangRuby:
		return []envSyntax{{re: reRbIndex, close: "]"}, {re: reRbFetch, close: ")"}}
	case LangRust:
		return []envSyntax{{re: reRust, close: ")"}}
	case LangJava:
		return []envSyntax{{re: reJava, close: ")"}}
	case LangShell, LangDockerfile, LangDotenv, LangYAML:
		return shell
	case LangWorkflow:
		// $NAME in a run: script is read on the runner, not here.
		for i := range shell {
			shell[i].ctx = EnvCIEnv
		}
		return shell
	}
	return nil
}

// envPrefilter holds the literals one of which must occur in the text for a
// language to have any reference; it keeps EnvRefs cheap on ordinary files.
func envPrefilter(lang Lang) []string {
	switch lang {
	case LangGo:
		return []string{"Getenv", "LookupEnv"}
	case LangRust:
		return []string{"env::"}
	case LangJavaScript:
		return []string{"env"}
	case LangPython:
		return []string{"environ", "getenv"}
	case LangRuby:
		return []string{"ENV"}
	case LangJava:
		return []string{"Getenv", "getenv"}
	case LangShell, LangDockerfile, LangDotenv, LangYAML, LangWorkflow:
		return []string{"$", "secrets.", "secrets[", "env.", "env["}
	}
	return nil
}

// EnvRefs finds references to environment variables whose names look like
// they hold a GitHub token: names matching one of patterns (path.Match
// globs, case-insensitive; DefaultTokenVarPatterns when empty). Range covers
// the reference expression: the call or index up to the name's closing quote,
// widened over a directly following ")" or "]", the whole ${NAME:-default},
// or a whole ${{ secrets.NAME }} expression. NameRange covers just the name.
// The result is sorted by position.
func EnvRefs(filePath, languageID string, text []byte, patterns []string) []EnvRef {
	lang := DetectLanguage(filePath, languageID)
	if !containsAny(text, envPrefilter(lang)) {
		return nil
	}
	refs := envRefSet{match: tokenVarMatcher(patterns), seen: map[int]bool{}}
	if lang == LangWorkflow || lang == LangYAML {
		refs.addCIRefs(text)
	}
	for _, syn := range envSyntaxes(lang) {
		refs.addSyntaxRefs(text, syn)
	}
	sort.Slice(refs.out, func(i, j int) bool { return refs.out[i].Range.Start < refs.out[j].Range.Start })
	return refs.out
}

func containsAny(text []byte, literals []string) bool {
	for _, p := range literals {
		if bytes.Contains(text, []byte(p)) {
			return true
		}
	}
	return false
}

// tokenVarMatcher matches a variable name against the glob patterns,
// case-insensitively.
func tokenVarMatcher(patterns []string) func(string) bool {
	if len(patterns) == 0 {
		patterns = DefaultTokenVarPatterns
	}
	upper := make([]string, len(patterns))
	for i, p := range patterns {
		upper[i] = strings.ToUpper(p)
	}
	return func(name string) bool {
		n := strings.ToUpper(name)
		for _, p := range upper {
			if ok, _ := path.Match(p, n); ok {
				return true
			}
		}
		return false
	}
}

// envRefSet collects the references whose names match, each name once.
type envRefSet struct {
	match func(string) bool
	seen  map[int]bool // name start offsets already reported
	out   []EnvRef
	// braceEnds maps each "${" to the offset after its closing "}",
	// matched once for the whole text (shellBraceEnd per expansion read
	// to the line's end for every unclosed one: quadratic, issue 18).
	braceEnds map[int]int
}

func (s *envRefSet) add(r EnvRef) {
	if s.seen[r.NameRange.Start] || !s.match(r.Name) {
		return
	}
	s.seen[r.NameRange.Start] = true
	s.out = append(s.out, r)
}

// addCIRefs adds GitHub Actions secrets./env. references.
func (s *envRefSet) addCIRefs(text []byte) {
	for _, m := range reCISecret.FindAllSubmatchIndex(text, -1) {
		s.add(ciRef(text, m, EnvCISecret))
	}
	for _, m := range reCIEnv.FindAllSubmatchIndex(text, -1) {
		// "env." also occurs in "process.env.X" or "$env.X": only a bare
		// env context counts.
		if m[0] > 0 && (text[m[0]-1] == '.' || text[m[0]-1] == '$') {
			continue
		}
		s.add(ciRef(text, m, EnvCIEnv))
	}
}

// addSyntaxRefs adds the references written in one syntax.
func (s *envRefSet) addSyntaxRefs(text []byte, syn envSyntax) {
	shell := syn.re == reShellBare || syn.re == reShellBrace
	for _, m := range syn.re.FindAllSubmatchIndex(text, -1) {
		start, end := m[0], m[1]
		nameStart, nameEnd := nameSpan(m)
		// \$NAME is escaped; $$NAME is the PID followed by text;
		// ${{ ... }} is an Actions expression, handled by addCIRefs.
		if shell && start > 0 && (text[start-1] == '\\' || text[start-1] == '$') {
			continue
		}
		if syn.shellBrace {
			end = s.shellBraceEnd(text, start, nameEnd)
		}
		if syn.close != "" {
			end = widenClose(text, end, syn.close)
		}
		s.add(EnvRef{Name: string(text[nameStart:nameEnd]), Range: Range{start, end}, NameRange: Range{nameStart, nameEnd}, Context: syn.ctx})
	}
}

// ciRef builds a reference from a secrets./env. match (two alternative name
// groups), widened to the whole ${{ ... }} when the expression is only that.
func ciRef(text []byte, m []int, ctx EnvRefContext) EnvRef {
	nameStart, nameEnd := nameSpan(m)
	start, end := m[0], m[1]
	before := bytes.TrimRight(text[:start], " \t")
	after := bytes.TrimLeft(text[end:], " \t")
	if bytes.HasSuffix(before, []byte("${{")) && bytes.HasPrefix(after, []byte("}}")) {
		start = len(before) - 3
		end = len(text) - len(after) + 2
	}
	return EnvRef{Name: string(text[nameStart:nameEnd]), Range: Range{start, end}, NameRange: Range{nameStart, nameEnd}, Context: ctx}
}

// nameSpan returns the span of the first group that took part in match m.
// Every pattern's only groups are its alternative name groups.
func nameSpan(m []int) (int, int) {
	for i := 2; i+1 < len(m); i += 2 {
		if m[i] >= 0 {
			return m[i], m[i+1]
		}
	}
	return m[0], m[1]
}

// widenClose extends end over spaces and close when close follows directly.
func widenClose(text []byte, end int, close string) int {
	i := end
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if bytes.HasPrefix(text[i:], []byte(close)) {
		return i + len(close)
	}
	return end
}

// shellBraceEnd returns the offset after the "}" closing the ${NAME...}
// expansion at start whose name ends at nameEnd, allowing nested ${...} in
// a default value. An unclosed expansion ends at the name.
func (s *envRefSet) shellBraceEnd(text []byte, start, nameEnd int) int {
	if s.braceEnds == nil {
		s.braceEnds = matchShellBraces(text)
	}
	if end, ok := s.braceEnds[start]; ok {
		return end
	}
	return nameEnd
}

// matchShellBraces pairs every "${" with the "}" that closes it on its
// line, nested ${...} included, in one pass: the offset of the "$" maps
// to the offset after the "}".
func matchShellBraces(text []byte) map[int]int {
	ends := map[int]int{}
	var open []int // the "$" of the unclosed "${" on this line
	for j, c := range text {
		switch {
		case c == '\n' || c == '\r':
			open = open[:0]
		case c == '{' && j > 0 && text[j-1] == '$':
			open = append(open, j-1)
		case c == '}' && len(open) > 0:
			ends[open[len(open)-1]] = j + 1
			open = open[:len(open)-1]
		}
	}
	return ends
}
