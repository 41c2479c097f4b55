package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/report"
)

// Every report is written whole through scrubbed: whatever field a byte
// came from (a path, a revision the user typed, a commit subject, a field
// added later), no token leaves in full. The fields are redacted where
// they are made too; this is the edge that does not depend on it.

// scrubbed renders a report with write and writes it to w through
// ghtoken.RedactAll, in one piece (so no token is cut between writes).
func scrubbed(w io.Writer, write func(io.Writer) error) error {
	var b strings.Builder
	if err := write(&b); err != nil {
		return err
	}
	_, err := io.WriteString(w, ghtoken.RedactAll(b.String()))
	return err
}

// Output is a report as its writer gets it, with the reader's choices.
type Output struct {
	Report *Report
	Color  bool // text: ANSI colours (a terminal)
	Quiet  bool // text: the findings alone (scan --quiet): no summary, no advice, nothing for none
}

// Formats are the scan report's formats, the default (text) first: the
// command line's --format help, its check and the choice of the writer
// read this list. Each writer goes through scrubbed.
var Formats = report.Formats[Output]{
	// Findings grouped by file as "file:line:col: rule [severity]:
	// message", then a one-line summary and the advice.
	{Name: "text", Write: func(w io.Writer, o Output) error {
		return scrubbed(w, func(w io.Writer) error { return writeText(w, o.Report, o.Color, o.Quiet) })
	}},
	// Indented JSON, the documented schema.
	{Name: "json", Write: func(w io.Writer, o Output) error {
		return scrubbed(w, func(w io.Writer) error { return writeJSON(w, o.Report) })
	}},
	{Name: "sarif", Write: func(w io.Writer, o Output) error { return WriteSARIF(w, o.Report) }},
}

func writeJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

func writeText(w io.Writer, rep *Report, color, quiet bool) error {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	sevColor := map[string]string{"error": "1;31", "warning": "1;33", "info": "1;34", "hint": "2"}
	var b strings.Builder
	prev := ""
	for _, f := range rep.Findings {
		file := textFile(f)
		if file != prev && prev != "" {
			b.WriteByte('\n')
		}
		prev = file
		where := textPath(file)
		if f.Line > 0 { // 0: a finding about the path itself
			where = fmt.Sprintf("%s:%d:%d", where, f.Line, f.Column)
		}
		fmt.Fprintf(&b, "%s: %s [%s]: %s\n",
			paint("1", where), paint("36", f.RuleID), paint(sevColor[f.Severity], f.Severity), f.Message)
		b.WriteString(commitText(f.Commit)) // history scans only
	}
	if quiet {
		_, err := io.WriteString(w, b.String())
		return err
	}
	if len(rep.Findings) > 0 {
		b.WriteByte('\n')
	}
	for _, sk := range rep.SkippedFiles {
		fmt.Fprintf(&b, "%s: %s: %s (%s)\n", paint("1", textPath(sk.File)), paint(sevColor["warning"], "not scanned"), sk.Reason, humanBytes(sk.Size))
	}
	if len(rep.SkippedFiles) > 0 {
		b.WriteByte('\n')
	}
	for _, u := range rep.Unexpanded {
		fmt.Fprintf(&b, "%s: %s: %s\n", paint("1", textPath(u.Path())), paint(sevColor["warning"], "not expanded"), u.Reason)
	}
	if len(rep.Unexpanded) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(summaryLine(rep))
	b.WriteByte('\n')
	b.WriteString(leakAdvice(rep))
	_, err := io.WriteString(w, b.String())
	return err
}

// leakAdvice ends a text report that found a real-looking token (the
// pre-commit hook's failure output) with what to do about it, so that each
// message can stay one short sentence. Placeholders (hints) get none.
func leakAdvice(rep *Report) string {
	for _, f := range rep.Findings {
		r, ok := analysis.RuleByID(f.RuleID)
		leak := ok && (r.Kind == analysis.KindToken || r.Kind == analysis.KindPath)
		if sev, _ := analysis.ParseSeverity(f.Severity); leak && sev <= analysis.SeverityWarning && sev > 0 {
			return "What to do: rotate each real token, then read it from an environment variable or a secret store.\n" +
				"Not a secret: \"gitleaks:allow\" on its line, or sha256:FINGERPRINT in .gitleaksignore (docs/scan.md).\n"
		}
	}
	return ""
}

// textPath quotes a path (already shown through DisplayPath) holding
// control characters (git allows a newline or an escape sequence in a file
// name), so that a name cannot forge report lines or drive the terminal.
func textPath(p string) string {
	if strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return strconv.Quote(p)
	}
	return p
}

func summaryLine(rep *Report) string {
	s := rep.Summary
	var b strings.Builder
	b.WriteString("ghpat-ls: ")
	if len(rep.Findings) == 0 {
		b.WriteString("no findings")
	} else {
		var parts []string
		for _, sev := range []string{"error", "warning", "info", "hint"} {
			if n := s.BySeverity[sev]; n > 0 {
				parts = append(parts, plural(n, sev))
			}
		}
		fmt.Fprintf(&b, "%s (%s)", plural(len(rep.Findings), "finding"), strings.Join(parts, ", "))
	}
	noun := map[Mode]string{ModeStaged: "staged file", ModeDiff: "changed file", ModeHistory: "object"}[rep.Mode]
	if noun == "" {
		noun = "file"
	}
	fmt.Fprintf(&b, " in %s, %s", plural(s.Files, noun), humanBytes(s.Bytes))
	if h := rep.History; h != nil && h.CachedObjects > 0 {
		fmt.Fprintf(&b, " read (%d objects from the cache)", h.CachedObjects)
	}
	if n := s.Suppressed.GitleaksIgnore + s.Suppressed.Baseline; n > 0 {
		fmt.Fprintf(&b, "; suppressed: %d by .gitleaksignore, %d by baseline", s.Suppressed.GitleaksIgnore, s.Suppressed.Baseline)
	}
	if s.Skipped.Large > 0 {
		fmt.Fprintf(&b, "; NOT SCANNED: %s over --max-file-size (listed above)", plural(s.Skipped.Large, "file"))
	}
	if n := s.Skipped.Gitignore; n > 0 {
		fmt.Fprintf(&b, "; %s ignored by .gitignore: scan them with --no-ignore", plural(n, "file"))
	}
	b.WriteString(expandedSummary(s))
	return b.String()
}

// humanBytes shows a size in the largest unit that keeps it at least 1
// (decimal units, as the summary always used): "512 bytes", "3.4 kB".
func humanBytes(n int64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// SARIF 2.1.0 types: only what ghpat-ls writes.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	ColumnKind         string                      `json:"columnKind"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Invocations        []sarifInvocation           `json:"invocations,omitempty"`
	Properties         map[string]any              `json:"properties,omitempty"`
	// VersionControlProvenance names the repository of a history scan.
	VersionControlProvenance []sarifVersionControl `json:"versionControlProvenance,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifMessage   `json:"shortDescription"`
	FullDescription      *sarifMessage  `json:"fullDescription,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConf  `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"` // history: the commit
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"` // none for a finding about the path
}

// sarifInvocation carries the files the user's size limit skipped, as
// tool execution notifications (GitHub shows them on the tool status page).
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// sarifFingerprintKey names ghpat-ls's partial fingerprint in SARIF results.
const sarifFingerprintKey = "ghpatLsFinding/v1"

func sarifLevel(sev string) string {
	switch sev {
	case "error", "warning":
		return sev
	}
	return "note"
}

// WriteSARIF writes the report as SARIF 2.1.0 for GitHub code scanning.
// URIs are relative to the scan root (%SRCROOT%); columns are UTF-16 code
// units, as the run's columnKind says.
func WriteSARIF(w io.Writer, rep *Report) error {
	return scrubbed(w, func(w io.Writer) error { return writeSARIF(w, rep) })
}

func writeSARIF(w io.Writer, rep *Report) error {
	rules, index := sarifRules(rep.Findings)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: rep.Tool.Name, Version: rep.Tool.Version,
			InformationURI: "https://github.com/ghpat-ls/ghpat-ls", Rules: rules,
		}},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
		// History scans: the repository, HEAD and branch.
		VersionControlProvenance: versionControl(rep.History),
	}
	if rep.Root != "" {
		root := (&url.URL{Scheme: "file", Path: path.Clean("/"+strings.TrimPrefix(toSlash(rep.Root), "/")) + "/"}).String()
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{"%SRCROOT%": {URI: root}}
	}
	for _, f := range rep.Findings {
		phys := sarifPhysical{ArtifactLocation: sarifURI(f.File)}
		if f.Line > 0 {
			phys.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn}
		}
		msg, props := f.Message, commitProperties(f.Commit)
		if f.Container != nil { // the outer file, with the member stated (sarifContainer)
			phys, msg, props = sarifContainer(f, props)
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: sarifLevel(f.Severity),
			Message:             sarifMessage{Text: msg},
			Locations:           []sarifLocation{{PhysicalLocation: phys}},
			PartialFingerprints: map[string]string{sarifFingerprintKey: findingHash(f)},
			Properties:          props,
		})
		if f.Commit != nil {
			run.Results[len(run.Results)-1].PartialFingerprints[sarifCommitKey] = f.Commit.SHA
		}
	}
	if n := rep.Summary.Skipped.Gitignore; n > 0 {
		// Not a finding and not a failure: what a reader of the results
		// should know was not looked at.
		run.Properties = map[string]any{"filesIgnoredByGitignore": n}
	}
	if len(rep.SkippedFiles) > 0 || len(rep.Unexpanded) > 0 {
		inv := sarifInvocation{ExecutionSuccessful: true}
		for _, sk := range rep.SkippedFiles {
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level:     "warning",
				Message:   sarifMessage{Text: fmt.Sprintf("Not scanned: %s: %s (%s)", sk.File, sk.Reason, humanBytes(sk.Size))},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifURI(sk.File)}}},
			})
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, unexpandedNotifications(rep.Unexpanded)...)
		run.Invocations = []sarifInvocation{inv}
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifRules describes every rule a scan can report, from the rule
// registry, plus any id a finding carries that the registry lacks (it
// would otherwise point at no rule). index maps an id to its position.
func sarifRules(findings []Finding) ([]sarifRule, map[string]int) {
	ids := analysis.RuleIDs(analysis.KindToken, analysis.KindPath, analysis.KindHeader, analysis.KindAPIChange, analysis.KindWorkflow)
	for _, f := range findings {
		if !contains(ids, f.RuleID) {
			ids = append(ids, f.RuleID)
		}
	}
	index := map[string]int{}
	rules := make([]sarifRule, 0, len(ids))
	for i, id := range ids {
		index[id] = i
		rules = append(rules, sarifRuleOf(id))
	}
	return rules, index
}

func sarifRuleOf(id string) sarifRule {
	r, ok := analysis.RuleByID(id)
	if !ok {
		return sarifRule{ID: id, ShortDescription: sarifMessage{Text: id}, DefaultConfiguration: sarifRuleConf{Level: "warning"}}
	}
	return sarifRule{
		ID:                   id,
		ShortDescription:     sarifMessage{Text: r.Summary},
		FullDescription:      &sarifMessage{Text: r.Help},
		HelpURI:              analysis.HelpURL(id),
		DefaultConfiguration: sarifRuleConf{Level: sarifLevel(r.DefaultSeverity.String())},
		Properties:           map[string]any{"tags": r.Tags, "security-severity": r.SecuritySeverity},
	}
}

// sarifURI locates a report path (already shown through DisplayPath):
// relative to %SRCROOT%, or a file URI outside the root.
func sarifURI(p string) sarifArtifactLoc {
	if strings.HasPrefix(p, "/") {
		return sarifArtifactLoc{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	return sarifArtifactLoc{URI: (&url.URL{Path: p}).EscapedPath(), URIBaseID: "%SRCROOT%"}
}

// findingHash identifies a finding across commits: a token by its hash
// (wherever it moves in the file), anything else by its line.
func findingHash(f Finding) string {
	key := f.File + "\x00" + f.RuleID + "\x00"
	if f.Token != nil {
		key += f.Token.Fingerprint
	} else {
		key += fmt.Sprint(f.Line)
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

func toSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }
