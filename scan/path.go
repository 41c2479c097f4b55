package scan

import (
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// DisplayPath is how every report format and every error message shows a
// path: with any token in it redacted (a committed path is as public as
// its content). The text report also quotes control characters on top.
func DisplayPath(p string) string { return ghtoken.RedactAll(p) }

// pathChecker finds tokens in the names of scanned files and of their
// directories, reporting each named entity once (a token in a directory's
// name is one finding, however many files are under it).
type pathChecker struct {
	cfg      *analysis.Config
	disabled bool
	severity *analysis.Severity
	seen     map[string]bool
	noun     string // what a name is when not a file or directory ("ref")
}

func newPathChecker(user *analysis.Config) *pathChecker {
	c := &pathChecker{cfg: &analysis.Config{}, seen: map[string]bool{}}
	if user != nil {
		c.disabled = user.Disabled[analysis.RuleTokenInPath]
		if s, ok := user.Severity[analysis.RuleTokenInPath]; ok {
			c.severity = &s
		}
	}
	return c
}

// check returns the findings for the path rel (slash separated), each
// named entity once per checker.
func (c *pathChecker) check(rel string) []Finding {
	var out []Finding
	for _, n := range c.names(rel) {
		if !c.seen[n.named] {
			c.seen[n.named] = true
			out = append(out, n.finding)
		}
	}
	return out
}

// namedFinding is a token in a path: the finding and the entity whose
// name holds it (rel up to the end of that component).
type namedFinding struct {
	named   string
	finding Finding
}

// names finds the tokens in the names along rel.
func (c *pathChecker) names(rel string) []namedFinding {
	if c.disabled || !strings.Contains(rel, "_") { // every token prefix has one
		return nil
	}
	var out []namedFinding
	// All token rules apply to names: --disable github-pat turns off the
	// content rule, not this one.
	for _, a := range analysis.Analyze("", "", []byte(rel), c.cfg) {
		if a.Token == nil {
			continue
		}
		end := len(rel)
		if i := strings.IndexByte(rel[a.Range.End:], '/'); i >= 0 {
			end = a.Range.End + i
		}
		named := rel[:end]
		what := "file"
		switch {
		case c.noun != "":
			what = c.noun
		case end < len(rel):
			what = "directory"
		}
		sev := a.Severity
		if c.severity != nil {
			sev = *c.severity
		}
		shown := DisplayPath(named)
		out = append(out, namedFinding{named: named, finding: Finding{
			File: shown, RuleID: analysis.RuleTokenInPath, Severity: sev.String(),
			Message:     fmt.Sprintf("The %s name holds a %s %s", what, a.Token.KindName, pathReason(a)),
			Token:       tokenInfo(a.Token),
			Fingerprint: fmt.Sprintf("%s:%s:0", shown, analysis.RuleTokenInPath),
		}})
	}
	return out
}

// pathReason restates the content rule's verdict for a name, briefly:
// what to do (rename, revoke) is the rule's help (analysis/rules.go).
func pathReason(a analysis.Finding) string {
	switch {
	case a.Token.ChecksumValid:
		return a.Token.Redacted + " (checksum valid)"
	case a.Severity == analysis.SeverityError:
		return a.Token.Redacted + " (random-looking: treated as real)"
	}
	return a.Token.Redacted + " (looks like a placeholder)"
}
