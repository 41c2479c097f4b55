package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/internal/report"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

const breakingHeader = `Usage: ghpat-ls breaking-changes [flags] [PATH...]

Reviews every GitHub REST API call in the files under PATH (default: .; in a
git work tree, .gitignore is honoured) against a REST API version: the
X-GitHub-Api-Version each call gets today (2022-11-28 when it sends none),
the breaking changes up to the target that touch its route, and the lines
that depend on them. Exit 0 when the code is ready for the target version,
1 when something must change first, 2 on errors.

Flags:
`

// bcReport is the JSON form (docs/breaking-changes.md documents it).
type bcReport struct {
	Target  string    `json:"target"`
	Calls   []bcCall  `json:"calls"`
	Summary bcSummary `json:"summary"`
	Source  string    `json:"source"`
	Page    string    `json:"page"`
	root    string    // the directory paths are relative to (SARIF's root)
}

// breakingFormats are the formats of breaking-changes, text first.
var breakingFormats = report.Formats[*bcReport]{
	{Name: "text", Write: func(w io.Writer, rep *bcReport) error { writeBreakingText(w, rep); return nil }},
	{Name: "json", Write: func(w io.Writer, rep *bcReport) error { return writeJSONTo(w, rep) }},
	{Name: "markdown", Write: func(w io.Writer, rep *bcReport) error { writeBreakingMarkdown(w, rep); return nil }},
	{Name: "sarif", Write: writeBreakingSARIF},
}

type bcSummary struct {
	Calls       int `json:"calls"`
	NeedChanges int `json:"needChanges"`
	// Touched counts the other calls a change touches with no dependent
	// line found: to review by hand.
	Touched int `json:"touched"`
}

type bcCall struct {
	File          string     `json:"file"`
	Line          int        `json:"line"`
	Method        string     `json:"method"`
	Path          string     `json:"path"`
	How           string     `json:"how"`
	Version       string     `json:"version"`
	VersionSource string     `json:"versionSource"`
	VersionLine   int        `json:"versionLine,omitempty"`
	Changes       []bcChange `json:"changes"`
	Uses          []bcUse    `json:"uses"`
	NeedsChange   bool       `json:"needsChange"`
}

type bcChange struct {
	ID       string `json:"id"`
	Version  string `json:"version"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	InEffect bool   `json:"inEffect"` // the call's own version has it
}

type bcUse struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	EndLine     int    `json:"endLine"`
	EndColumn   int    `json:"endColumn"`
	Change      string `json:"change"`
	What        string `json:"what"`
	Replacement string `json:"replacement,omitempty"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
}

// runBreakingChanges: exit 0 when no call needs a change before the
// target, 1 when one does, 2 on a usage error or a file it could not read.
func runBreakingChanges(args []string, stdout, stderr io.Writer) error {
	stdout = redactWriter{stdout}
	fs := newFlagSet("breaking-changes")
	to := fs.String("to", apiversions.Latest(), "target REST API `version` (YYYY-MM-DD; one of "+strings.Join(apiversions.Versions(), ", ")+")")
	format := addFormatFlag(fs, breakingFormats, "output")
	host := fs.String("enterprise-host", "", "GitHub Enterprise Server `host`: its API calls are reviewed too")
	paths, help, err := parseArgs(fs, args, stdout, breakingHeader)
	if help || err != nil {
		return err
	}
	if !apiversions.Known(*to) {
		return usagef("--to must be a published REST API version (%s), not %q", strings.Join(apiversions.Versions(), ", "), *to)
	}
	writer, err := format.chosen()
	if err != nil {
		return usagef("%v", err)
	}
	_, apiHosts, err := enterpriseHostFlag(*host)
	if err != nil {
		return usagef("%v", err)
	}
	dir, err := os.Getwd()
	if err != nil {
		return failf(2, "%v", err)
	}
	rep := &bcReport{Target: *to, Calls: []bcCall{}, Source: apiversions.Source(), Page: apiversions.PageURL, root: dir}
	unread, indexOnly, err := readEachFile(dir, paths, func(rel string, data []byte) {
		rep.Calls = append(rep.Calls, reviewFile(rel, data, *to, apiHosts)...)
	})
	if err != nil {
		return failf(2, "%v", err)
	}
	if indexOnly > 0 {
		fmt.Fprintf(stderr, "ghpat-ls breaking-changes: %d files left out of the work tree by a sparse checkout were not read\n", indexOnly)
	}
	sort.SliceStable(rep.Calls, func(i, j int) bool {
		a, b := rep.Calls[i], rep.Calls[j]
		return a.File < b.File || a.File == b.File && a.Line < b.Line
	})
	rep.Summary = summarize(rep.Calls)
	if err := writer.Write(stdout, rep); err != nil {
		return err
	}
	if err := unreadError(unread); err != nil {
		return err
	}
	if rep.Summary.NeedChanges > 0 {
		return exitCode(1)
	}
	return nil
}

func summarize(calls []bcCall) bcSummary {
	s := bcSummary{Calls: len(calls)}
	for _, c := range calls {
		switch {
		case c.NeedsChange:
			s.NeedChanges++
		case len(c.Changes) > 0:
			s.Touched++
		}
	}
	return s
}

// reviewFile reviews the calls of one file.
func reviewFile(rel string, data []byte, target string, apiHosts []string) []bcCall {
	lang := analysis.DetectLanguage(rel, "")
	reviews := analysis.ReviewCalls(lang, data, target, apiHosts)
	if len(reviews) == 0 {
		return nil
	}
	idx := analysis.NewLineIndex(data)
	shown := scan.DisplayPath(rel)
	out := make([]bcCall, 0, len(reviews))
	for _, r := range reviews {
		line, _ := idx.Position(r.Call.Range.Start)
		c := bcCall{File: shown, Line: line + 1, Method: r.Call.Method, Path: r.Call.Path, How: r.Call.How,
			Version: r.Version, VersionSource: string(r.Source), Changes: []bcChange{}, Uses: []bcUse{}, NeedsChange: r.NeedsChange()}
		if r.Pin != (analysis.Range{}) {
			l, _ := idx.Position(r.Pin.Start)
			c.VersionLine = l + 1
		}
		for _, ch := range r.Changes {
			c.Changes = append(c.Changes, bcChange{ID: ch.ID, Version: ch.Version, Kind: string(ch.Kind), Title: ch.Title, InEffect: r.InEffect(ch)})
		}
		for _, u := range r.Uses {
			f := analysis.BreakingFinding(r, u, target)
			l, col := idx.Position(u.Range.Start)
			el, ecol := idx.Position(u.Range.End)
			c.Uses = append(c.Uses, bcUse{File: shown, Line: l + 1, Column: col + 1, EndLine: el + 1, EndColumn: ecol + 1,
				Change: u.Change.ID, What: u.What, Replacement: u.Replacement, Severity: f.Severity.String(), Message: f.Message})
		}
		out = append(out, c)
	}
	return out
}

func summaryLine(rep *bcReport) string {
	s := rep.Summary
	line := fmt.Sprintf("%d of %d calls need changes before %s", s.NeedChanges, s.Calls, rep.Target)
	if s.Touched > 0 {
		line += fmt.Sprintf("; %d more are on a route a change touches, with no dependent line found: review them", s.Touched)
	}
	return line + "."
}

func writeBreakingText(w io.Writer, rep *bcReport) {
	for _, c := range rep.Calls {
		fmt.Fprintf(w, "%s:%d  %s %s  gets %s (%s)\n", scan.TextPath(c.File), c.Line, c.Method, c.Path, c.Version, versionFrom(c))
		for _, ch := range c.Changes {
			state := "on the move to " + rep.Target
			if ch.InEffect {
				state = "in effect now"
			}
			fmt.Fprintf(w, "  %s %s (%s): %s\n", ch.Version, ch.ID, state, ch.Title)
			for _, u := range c.Uses {
				if u.Change == ch.ID {
					fmt.Fprintf(w, "    %s:%d:%d  %s: %s%s\n", scan.TextPath(u.File), u.Line, u.Column, u.Severity, u.What, replacedBy(u))
				}
			}
		}
	}
	if len(rep.Calls) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, summaryLine(rep))
	fmt.Fprintf(w, "Breaking changes: %s\nData: %s\n", rep.Page, rep.Source)
}

func versionFrom(c bcCall) string {
	switch analysis.VersionSource(c.VersionSource) {
	case analysis.VersionFromRequest:
		return fmt.Sprintf("%s on line %d", ghhost.APIVersionHeader, c.VersionLine)
	case analysis.VersionFromClient:
		return fmt.Sprintf("client default header, line %d", c.VersionLine)
	case analysis.VersionExpression:
		return fmt.Sprintf("set from an expression on line %d; taken as %s", c.VersionLine, c.Version)
	}
	return "no " + ghhost.APIVersionHeader
}

func replacedBy(u bcUse) string {
	if u.Replacement == "" {
		return ""
	}
	return " (use " + u.Replacement + ")"
}

func writeBreakingMarkdown(w io.Writer, rep *bcReport) {
	fmt.Fprintf(w, "# GitHub REST API %s: breaking changes, call by call\n\n**%s**\n\n", rep.Target, summaryLine(rep))
	if len(rep.Calls) > 0 {
		fmt.Fprintln(w, "| Call | Route | Version today | Changes | Lines to change |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
	}
	for _, c := range rep.Calls {
		var changes, uses []string
		for _, ch := range c.Changes {
			changes = append(changes, fmt.Sprintf("[%s](%s#version-%s)", ch.ID, rep.Page, ch.Version))
		}
		for _, u := range c.Uses {
			uses = append(uses, fmt.Sprintf("`%s:%d` %s%s", mdCell(u.File), u.Line, mdCell(u.What), mdCell(replacedBy(u))))
		}
		fmt.Fprintf(w, "| `%s:%d` | `%s %s` | %s (%s) | %s | %s |\n", mdCell(c.File), c.Line, c.Method, mdCell(c.Path),
			c.Version, mdCell(versionFrom(c)), strings.Join(changes, ", "), strings.Join(uses, "<br>"))
	}
	fmt.Fprintf(w, "\nBreaking changes: %s. Data: %s.\n", rep.Page, mdCell(rep.Source))
}

// writeBreakingSARIF writes the dependent lines as results of the rule
// github-api-breaking-change, with scan's SARIF writer.
func writeBreakingSARIF(w io.Writer, rep *bcReport) error {
	sr := &scan.Report{Version: scan.ReportVersion, Tool: scan.Tool{Name: "ghpat-ls", Version: buildVersion()},
		Mode: scan.ModeFiles, Root: rep.root, ColumnKind: "utf16CodeUnits"}
	for _, c := range rep.Calls {
		for _, u := range c.Uses {
			sr.Findings = append(sr.Findings, scan.Finding{File: u.File, Line: u.Line, Column: u.Column, EndLine: u.EndLine,
				EndColumn: u.EndColumn, RuleID: analysis.RuleBreakingChange, Severity: u.Severity, Message: u.Message,
				Fingerprint: fmt.Sprintf("%s:%s:%d", u.File, analysis.RuleBreakingChange, u.Line)})
		}
	}
	return scan.WriteSARIF(w, sr)
}
