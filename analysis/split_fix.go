package analysis

import "strings"

// The fixes of a token written in pieces. "Read it from the environment"
// replaces the whole expression: every joined literal, the operators
// between them and the pieces' quotes, not just the first literal. Where
// the first literal has text before the token or the last one text after
// it, both are kept ("Bearer " + os.Getenv(...)) when the literals share
// their quote; otherwise only the suppression comment is offered (and the
// revoke action, which the editor adds from TokenInfo.Pieces).

// splitTokenFixes offers the fixes for a token written in pieces.
func (fx *fixer) splitTokenFixes(shell bool, cur *literalCursor, jt joinedToken) []Fix {
	site, ok := fx.splitSite(shell, cur, jt)
	fixes := fx.fixesFor(site, ok, jt.start(), true)
	if !ok && (fx.lang == LangShell || fx.lang == LangDockerfile) {
		if fix, ok := fx.shellSplitFix(cur, jt); ok {
			fixes = append([]Fix{fix}, fixes...)
		}
	}
	return fixes
}

// shellSplitFix puts the variable in place of a token that shares its
// quoted parts with other text ('Bearer gh'"p_…"' tail'): it closes the
// first part's quote, writes "${GITHUB_TOKEN}" and reopens the last part's.
func (fx *fixer) shellSplitFix(cur *literalCursor, jt joinedToken) (Fix, bool) {
	first, inFirst := cur.holding(jt.start())
	e := expressionOf(fx.text, true, first, inFirst, jt)
	if e.inLast && e.lastQuote == 0 {
		return Fix{}, false
	}
	var b strings.Builder
	if inFirst {
		b.WriteByte(first.quote)
	}
	b.WriteString(`"${` + DefaultTokenVar + `}"`)
	if e.inLast {
		b.WriteByte(e.lastQuote)
	}
	_, title := shellEnvFix(tokenSite{})
	return Fix{Title: title, Preferred: true, Edits: []Edit{{Range: Range{jt.start(), jt.end()}, NewText: b.String()}}}, true
}

// splitSite is where the token's expression is written, as the fix writers
// of tokenfix.go read a site: a literal spanning from the first joined
// literal's opening quote to the last one's closing quote, or, where
// the quotes differ, the whole expression as unquoted text. false when no
// replacement keeps the code around it intact.
func (fx *fixer) splitSite(shell bool, cur *literalCursor, jt joinedToken) (tokenSite, bool) {
	text := fx.text
	start, end := jt.start(), jt.end()
	first, inFirst := cur.holding(start)
	if !shell && shellWordGaps(jt) {
		return tokenSite{}, false // gh'p_…' outside shell: no code to rewrite
	}
	e := expressionOf(text, shell, first, inFirst, jt)
	oneQuote := inFirst && !shell && first.prefix == "" && e.lastQuote == first.quote
	if e.whole() {
		if oneQuote {
			lit := strLit{open: first.open, close: e.end - 1, quote: first.quote}
			return tokenSite{fx: fx, start: start, end: end, lit: lit, inString: true, whole: true}, true
		}
		return tokenSite{fx: fx, start: e.start, end: e.end}, true
	}
	if !oneQuote || !e.inLast {
		return tokenSite{}, false
	}
	lastClose := first.close
	if e.lastOpen >= 0 {
		_, le, _ := lineAt(text, e.lastOpen)
		c, ok := literalEnd(fx.lang, text, e.lastOpen, le, false)
		if !ok {
			return tokenSite{}, false
		}
		lastClose = c
	}
	if lastClose < end {
		return tokenSite{}, false
	}
	lit := strLit{open: first.open, close: lastClose, quote: first.quote}
	return tokenSite{fx: fx, start: start, end: end, lit: lit, inString: true}, true
}

// splitExpr is the expression a token written in pieces spans: from the
// first literal's opening quote (with its string prefix) to the last
// literal's closing quote, or from the token's first byte or to its last
// where that end is not quoted.
type splitExpr struct {
	start, end             int
	startsWhole, endsWhole bool // nothing but the token between start and end
	inLast                 bool // the token's last piece is inside a literal,
	lastOpen               int  // opened at lastOpen (-1: the first literal, or unknown in shell)
	lastQuote              byte // with this quote
}

func (e splitExpr) whole() bool { return e.startsWhole && e.endsWhole }

func expressionOf(text []byte, shell bool, first strLit, inFirst bool, jt joinedToken) splitExpr {
	start, end := jt.start(), jt.end()
	e := splitExpr{start: start, end: end, inLast: inFirst, lastOpen: -1, lastQuote: first.quote}
	quoteGaps, toggles := 0, 0
	for _, g := range jt.gaps {
		if g.kind == gapQuote {
			quoteGaps++
			toggles += g.toggles
			if g.open >= 0 {
				e.lastOpen = g.open
			}
		}
	}
	switch {
	case shell:
		e.inLast = inFirst != (toggles%2 == 1)
		if quoteGaps > 0 && e.inLast {
			e.lastQuote = text[e.lastOpen]
		}
	case quoteGaps > 0:
		e.inLast, e.lastQuote = true, text[e.lastOpen]
	}
	// In shell an unquoted edge is always whole: what replaces the token
	// joins the rest of the word.
	switch {
	case inFirst && first.open == start-1:
		e.start, e.startsWhole = first.open-len(first.prefix), true
	case !inFirst && (shell || wordEdge(text, start-1)):
		e.startsWhole = true
	}
	switch {
	case e.inLast && end < len(text) && text[end] == e.lastQuote:
		e.end, e.endsWhole = end+1, true
	case !e.inLast && (shell || wordEdge(text, end)):
		e.endsWhole = true
	}
	return e
}

// shellWordGaps reports whether a quote inside the token only switched
// quoting within a word (gh'p_…').
func shellWordGaps(jt joinedToken) bool {
	for _, g := range jt.gaps {
		if g.kind == gapQuote && g.toggles == 1 {
			return true
		}
	}
	return false
}

// wordEdge reports whether text[i] (or the text's edge) ends a word, so
// that an unquoted token next to it is a whole word.
func wordEdge(text []byte, i int) bool {
	return i < 0 || i >= len(text) || !isIdentByte(text[i]) && !isQuote(text[i]) && text[i] != '\\'
}
