package analysis

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

// breakingFixes are the rewrites of the read at u, in the form it is
// written: .name (code and jq), ["name"] or ['name'], [:name] (Ruby).
// Go's fields and getters, .get("name") and request keys get none.
func breakingFixes(lang Lang, text []byte, u BreakingUse) []Fix {
	if lang == LangGo || len(u.What) < 6 || u.What[:6] != "reads " {
		return nil
	}
	name := string(text[u.Range.Start:u.Range.End])
	rewrites, ok := readRewrites[name]
	if !ok {
		return nil
	}
	s, e := u.Range.Start, u.Range.End
	var bracket, quote string
	switch {
	case s >= 1 && text[s-1] == '.':
	case s >= 2 && e+1 < len(text) && text[s-2] == '[' && isQuote(text[s-1]) && text[e] == text[s-1] && text[e+1] == ']':
		bracket, quote = "[", string(text[s-1])
		s, e = s-2, e+2
	case s >= 2 && e < len(text) && text[s-2] == '[' && text[s-1] == ':' && text[e] == ']':
		bracket, quote = "[", ":"
		s, e = s-2, e+1
	default:
		return nil
	}
	// assignees (the list) replaces a read that ends there, not one
	// that goes on (.login).
	goesOn := e < len(text) && (text[e] == '.' || text[e] == '[')
	var fixes []Fix
	for i, steps := range rewrites {
		if i > 0 && goesOn {
			continue
		}
		out, shown := "", ""
		for j, st := range steps {
			switch {
			case st[0] == '[':
				out += st
			case bracket == "" && j == 0:
				out += st
			case bracket == "":
				out += "." + st
			case quote == ":":
				out += "[:" + st + "]"
			default:
				out += "[" + quote + st + quote + "]"
			}
			if st[0] != '[' && j > 0 {
				shown += "."
			}
			shown += st
		}
		fixes = append(fixes, Fix{
			Title:     "Read " + shown + " instead of " + name + " (" + u.Change.Version + ")",
			Edits:     []Edit{{Range: Range{s, e}, NewText: out}},
			Preferred: i == 0 && (len(rewrites) == 1 || goesOn),
		})
	}
	return fixes
}
