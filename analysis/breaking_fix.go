package analysis

import "strings"

// Quick fixes for the breaking changes whose migration is a mechanical
// rewrite of the read (GitHub names the replacement and it holds the same
// value): the rest need a person.

// readRewrites maps a removed property to what to read instead, as access
// steps: assignee -> assignees[0] (the list's first; the list itself is
// offered too), rate -> resources.core, master_branch -> default_branch.
var readRewrites = map[string][][]string{
	"assignee":      {{"assignees", "[0]"}, {"assignees"}},
	"rate":          {{"resources", "core"}},
	"master_branch": {{"default_branch"}},
}

// readForm is how a property read is written: .name (code and jq),
// ["name"] or ['name'], [:name] (Ruby); quote is "", the quote, or ":".
type readForm struct {
	at      Range // the text the rewrite replaces
	bracket bool
	quote   string
}

func readFormAt(text []byte, s, e int) (readForm, bool) {
	switch {
	case s >= 1 && text[s-1] == '.':
		return readForm{at: Range{s, e}}, true
	case s >= 2 && e+1 < len(text) && text[s-2] == '[' && isQuote(text[s-1]) && text[e] == text[s-1] && text[e+1] == ']':
		return readForm{at: Range{s - 2, e + 2}, bracket: true, quote: string(text[s-1])}, true
	case s >= 2 && e < len(text) && text[s-2] == '[' && text[s-1] == ':' && text[e] == ']':
		return readForm{at: Range{s - 2, e + 1}, bracket: true, quote: ":"}, true
	}
	return readForm{}, false
}

// write renders access steps in the form; shown is the dotted name.
func (f readForm) write(steps []string) (out, shown string) {
	var b, sb strings.Builder
	for j, st := range steps {
		if st[0] == '[' {
			b.WriteString(st)
			sb.WriteString(st)
			continue
		}
		if j > 0 {
			sb.WriteString(".")
		}
		sb.WriteString(st)
		switch {
		case !f.bracket && j == 0:
			b.WriteString(st)
		case !f.bracket:
			b.WriteString("." + st)
		case f.quote == ":":
			b.WriteString("[:" + st + "]")
		default:
			b.WriteString("[" + f.quote + st + f.quote + "]")
		}
	}
	return b.String(), sb.String()
}

// breakingFixes are the rewrites of the read at u, in the form it is
// written. Go's fields and getters, .get("name") and request keys get
// none.
func breakingFixes(lang Lang, text []byte, u BreakingUse) []Fix {
	if lang == LangGo || !strings.HasPrefix(u.What, "reads ") {
		return nil
	}
	name := string(text[u.Range.Start:u.Range.End])
	rewrites, ok := readRewrites[name]
	if !ok {
		return nil
	}
	form, ok := readFormAt(text, u.Range.Start, u.Range.End)
	if !ok {
		return nil
	}
	// assignees (the list) replaces a read that ends there, not one
	// that goes on (.login).
	e := form.at.End
	goesOn := e < len(text) && (text[e] == '.' || text[e] == '[')
	var fixes []Fix
	for i, steps := range rewrites {
		if i > 0 && goesOn {
			continue
		}
		out, shown := form.write(steps)
		fixes = append(fixes, Fix{
			Title:     "Read " + shown + " instead of " + name + " (" + u.Change.Version + ")",
			Edits:     []Edit{{Range: form.at, NewText: out}},
			Preferred: i == 0 && (len(rewrites) == 1 || goesOn),
		})
	}
	return fixes
}
