package analysis

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// findWorkflowIssues reports jobs that call the API with GITHUB_TOKEN and
// set no `permissions:`, and blocks that grant more than their jobs use.
func findWorkflowIssues(text []byte, cfg *Config) (out []Finding) {
	defer func() {
		// Advice must not take the token rules (or the server) down with
		// it, should the YAML parser fail on some input.
		if recover() != nil {
			out = nil
		}
	}()
	wf, ok := parseWorkflow(text, cfg.enterpriseHosts())
	if !ok {
		return nil
	}
	pos := wfPositions{text: text, lines: NewLineIndex(text)}
	var inheriting []*wfJob
	for _, j := range wf.jobs {
		switch {
		case j.permsVal != nil:
			if cfg.enabled(RuleWorkflowPermsBroad) {
				out = append(out, pos.broad(j.permsKey, j.permsVal, []*wfJob{j}, "job `"+j.name+"`")...)
			}
		case wf.permsVal == nil:
			if cfg.enabled(RuleWorkflowPermsMissing) {
				out = append(out, pos.missing(j)...)
			}
		default:
			inheriting = append(inheriting, j)
		}
	}
	if len(inheriting) > 0 && cfg.enabled(RuleWorkflowPermsBroad) {
		out = append(out, pos.broad(wf.permsKey, wf.permsVal, inheriting, "this workflow")...)
	}
	return out
}

type wfPositions struct {
	text  []byte
	lines *LineIndex
}

// missing: the job uses the token for API calls and nothing limits it.
func (p wfPositions) missing(j *wfJob) []Finding {
	if j.calls == 0 {
		return nil
	}
	f := Finding{RuleID: RuleWorkflowPermsMissing, Severity: DefaultSeverity(RuleWorkflowPermsMissing), Range: p.nodeRange(j.key)}
	n := needsOf([]*wfJob{j})
	if len(j.unknown) > 0 {
		f.Message = "Job `" + j.name + "` has no `permissions:` for its GITHUB_TOKEN calls; the token also goes to " + j.unknown[0]
		return []Finding{f}
	}
	if len(n.ungrantable) > 0 {
		// No block helps: the call needs another token.
		f.Message = "Job `" + j.name + "` calls the API with GITHUB_TOKEN, which cannot have " + strings.Join(n.ungrantable, ", ")
		return []Finding{f}
	}
	lines := blockLines(n.keys)
	f.Message = withNeeds("Job `"+j.name+"` has no `permissions:` for its GITHUB_TOKEN calls", "; needs ", lines)
	if fix, ok := p.insertFix(j, lines); ok {
		f.Fixes = []Fix{fix}
	}
	return []Finding{f}
}

// broad: the block grants more than the jobs it applies to use.
func (p wfPositions) broad(key, val *yaml.Node, jobs []*wfJob, where string) []Finding {
	g, ok := parseGrant(val)
	if !ok {
		return nil
	}
	for _, j := range jobs {
		if len(j.unknown) > 0 {
			if !g.all {
				return nil // no claim: what the job gives the token to may need it
			}
			msg := "`permissions: " + val.Value + "` grants everything; the token goes to " + j.unknown[0]
			return []Finding{{RuleID: RuleWorkflowPermsBroad, Severity: DefaultSeverity(RuleWorkflowPermsBroad), Range: p.nodeRange(key), Message: msg}}
		}
	}
	n := needsOf(jobs)
	block, broader := g.narrowed(n)
	if !broader {
		return nil
	}
	lines := blockLines(block)
	msg := withNeeds("`permissions:` grants more than "+where+" uses", "; narrow it to ", lines)
	if g.all {
		msg = withNeeds("`permissions: "+val.Value+"` grants everything", "; "+where+" needs ", lines)
	}
	f := Finding{RuleID: RuleWorkflowPermsBroad, Severity: DefaultSeverity(RuleWorkflowPermsBroad), Range: p.nodeRange(key),
		Message: msg + ungrantableNote(n)}
	if fix, ok := p.replaceFix(key, val, lines); ok {
		f.Fixes = []Fix{fix}
	}
	return []Finding{f}
}

// withNeeds adds the needed block to msg when the sentence stays short
// (about 100 characters); the fix's text shows it anyway.
func withNeeds(msg, joint string, lines []string) string {
	if long := msg + joint + needsText(lines); utf8.RuneCountInString(long) <= 100 {
		return long
	}
	return msg
}

func needsText(lines []string) string {
	if len(lines) == 0 {
		return "none"
	}
	if len(lines) > 3 {
		return strings.Join(lines[:3], ", ") + ", …"
	}
	return strings.Join(lines, ", ")
}

func ungrantableNote(n wfNeeds) string {
	if len(n.ungrantable) == 0 {
		return ""
	}
	return " (GITHUB_TOKEN cannot have " + strings.Join(n.ungrantable, ", ") + ")"
}

// insertFix puts the block first in the job's mapping, at its keys'
// indentation; a flow-style job (`build: {runs-on: x}`) gets no fix.
func (p wfPositions) insertFix(j *wfJob, lines []string) (Fix, bool) {
	if j.body.Style&yaml.FlowStyle != 0 || len(j.body.Content) == 0 {
		return Fix{}, false
	}
	first := j.body.Content[0]
	if first.Line <= j.key.Line {
		return Fix{}, false
	}
	ls := p.lineStart(first.Line)
	indent := p.indentAt(ls)
	if len(indent) != first.Column-1 {
		return Fix{}, false // the key does not start its line
	}
	unit := strings.Repeat(" ", max(1, first.Column-j.key.Column))
	eol := eolAt(p.text, ls)
	return Fix{Title: "Add `permissions:` with what job `" + j.name + "` uses", Preferred: true,
		Edits: []Edit{{Range: Range{ls, ls}, NewText: renderBlock(indent, unit, eol, lines)}}}, true
}

// replaceFix rewrites the lines of `permissions: ...` (from its key to its
// last entry); a block that shares a line with other keys gets no fix.
func (p wfPositions) replaceFix(key, val *yaml.Node, lines []string) (Fix, bool) {
	ls := p.lineStart(key.Line)
	indent := p.indentAt(ls)
	if len(indent) != key.Column-1 {
		return Fix{}, false
	}
	last := key.Line
	if len(val.Content) > 0 {
		last = val.Content[len(val.Content)-1].Line
	}
	if val.Style&yaml.FlowStyle != 0 && last != key.Line {
		return Fix{}, false // a flow mapping over lines: its end is not a node
	}
	_, end, next := lineAt(p.text, p.lineStart(last))
	eol := string(p.text[end:next])
	if eol == "" {
		eol = eolAt(p.text, ls)
	}
	unit := "  "
	if len(val.Content) > 0 && val.Style&yaml.FlowStyle == 0 {
		unit = strings.Repeat(" ", max(1, val.Content[0].Column-key.Column))
	}
	newText := renderBlock(indent, unit, eol, lines)
	if next == end { // the last line of the text has no break
		newText = strings.TrimSuffix(newText, eol)
	}
	return Fix{Title: "Narrow `permissions:` to what it is used for", Preferred: true,
		Edits: []Edit{{Range: Range{ls, next}, NewText: newText}}}, true
}

func renderBlock(indent, unit, eol string, lines []string) string {
	if len(lines) == 0 {
		return indent + "permissions: {}" + eol
	}
	var b strings.Builder
	b.WriteString(indent + "permissions:" + eol)
	for _, l := range lines {
		b.WriteString(indent + unit + l + eol)
	}
	return b.String()
}

func (p wfPositions) lineStart(line int) int {
	if line < 1 || line > len(p.lines.starts) {
		return len(p.text)
	}
	return p.lines.starts[line-1]
}

func (p wfPositions) indentAt(ls int) string {
	i := ls
	for i < len(p.text) && p.text[i] == ' ' {
		i++
	}
	return string(p.text[ls:i])
}

// nodeRange covers a scalar node as written on its line (yaml.v3 counts
// columns in characters; a quoted key counts its quotes as the text does).
func (p wfPositions) nodeRange(n *yaml.Node) Range {
	ls := p.lineStart(n.Line)
	_, le, _ := lineAt(p.text, ls)
	start := ls
	for c := 1; c < n.Column && start < le; c++ {
		_, size := utf8.DecodeRune(p.text[start:le])
		start += size
	}
	end := min(le, start+len(n.Value))
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		end = min(le, end+2)
	}
	return Range{start, end}
}
