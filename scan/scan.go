// Package scan runs the analysis engine over files on disk, the git index
// (--staged) or the lines added since a revision (--diff), applies the
// suppressions (.gitleaksignore, baseline) and returns findings with
// line/column positions ready for the report writers in this package.
//
// It reads every byte it is asked to: binaries as bytes, UTF-16 and UTF-32
// text with or without a byte-order mark, streams and non-regular files
// named by the user, staged blobs of every change type. What it cannot
// read is an error naming the path; only a size limit the user sets skips
// files, and every skipped file is named in the report. Every source is
// streamed in bounded chunks by a pool of workers, so memory stays flat
// whatever the file sizes; only findings are kept.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/filelist"
)

// Mode says what was scanned.
type Mode string

const (
	ModeFiles  Mode = "files"
	ModeStaged Mode = "staged"
	ModeDiff   Mode = "diff"
)

// Options configure one scan. The zero value scans "." with the token rules.
type Options struct {
	// Dir is the directory the scan runs from (default: the process's
	// working directory). Relative Paths are resolved against it.
	Dir string
	// Paths are files and directories to scan (default "."); "-" is
	// standard input. Ignored with Staged or DiffRev.
	Paths []string
	// Stdin is read for the path "-" (default os.Stdin).
	Stdin io.Reader
	// Staged scans the index content of the staged files.
	Staged bool
	// DiffRev, when set, reports only findings on lines added since this
	// revision (git diff REV: the working tree against REV).
	DiffRev string
	// AllRules adds the header lints to the token rules.
	AllRules bool
	// MaxFileSize, when positive, skips larger files; each one is listed
	// in Report.SkippedFiles. 0 (the default) reads everything.
	MaxFileSize int64
	// Workers is the number of parallel readers (0: runtime.NumCPU()).
	Workers int
	// Config is passed to analysis.Analyze (Disabled and Severity are honoured).
	Config *analysis.Config
	// NoIgnore also scans the files .gitignore leaves out (counted in
	// Summary.Skipped.Gitignore otherwise).
	NoIgnore bool
	// IgnoreFile is a .gitleaksignore path ("" : <root>/.gitleaksignore if
	// present; "-": none).
	IgnoreFile string
	// Baseline holds the findings of a previous JSON report; matching
	// findings are dropped.
	Baseline *Baseline
	// History, when set, scans the git history instead (history.go);
	// Paths, Staged and DiffRev must then be unset.
	History *HistoryOptions
}

// Finding is one reported problem with its position in the scanned file.
// Lines are 1-based; columns are 1-based UTF-16 code units (SARIF's default
// column kind); End is exclusive. A finding about the path itself
// (github-token-in-path) has line and column 0.
type Finding struct {
	File        string     `json:"file"`
	Line        int        `json:"line"`
	Column      int        `json:"column"`
	EndLine     int        `json:"endLine"`
	EndColumn   int        `json:"endColumn"`
	RuleID      string     `json:"ruleId"`
	Severity    string     `json:"severity"`
	Message     string     `json:"message"`
	Token       *TokenInfo `json:"token,omitempty"`
	Fingerprint string     `json:"fingerprint"` // gitleaks-style file:rule-id:line (history: commit:file:rule-id:line)
	// Commit is the commit that introduced the finding (history scans only).
	Commit *Commit `json:"commit,omitempty"`
	// Container, for a finding inside an archive or a compressed stream,
	// is the scanned file and the member path that File joins with "!".
	Container *Container `json:"container,omitempty"`
}

// TokenInfo describes a found token without the token itself.
type TokenInfo struct {
	Kind          string `json:"kind"`
	KindName      string `json:"kindName"`
	Redacted      string `json:"redacted"`
	ChecksumValid bool   `json:"checksumValid"`
	// Fingerprint is the hex SHA-256 of the token.
	Fingerprint string `json:"fingerprint"`
}

// SkippedFile is a file the user's size limit kept the scan from reading
// (whole: a stream is read up to the limit, and its findings so far kept).
type SkippedFile struct {
	File   string `json:"file"`
	Size   int64  `json:"size"` // bytes, as far as known
	Reason string `json:"reason"`
}

// Summary counts what a scan did.
type Summary struct {
	Files      int            `json:"files"`
	Bytes      int64          `json:"bytes"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"bySeverity"`
	Suppressed struct {
		GitleaksIgnore int `json:"gitleaksignore"`
		Baseline       int `json:"baseline"`
	} `json:"suppressed"`
	Skipped struct {
		// Binary is always 0: binary files are scanned (kept for schema
		// version 1).
		Binary int `json:"binary"`
		// Large counts SkippedFiles.
		Large int `json:"large"`
		// Gitignore counts the files that .gitignore left out of a
		// files-mode scan in a git work tree (NoIgnore scans them).
		Gitignore int `json:"gitignore"`
		// Unexpanded counts Report.Unexpanded.
		Unexpanded int `json:"unexpanded"`
	} `json:"skipped"`
	// Expanded counts the containers (archives, compressed streams)
	// expanded and the bytes read from them, beyond Bytes.
	Expanded struct {
		Containers int   `json:"containers"`
		Bytes      int64 `json:"bytes"`
	} `json:"expanded"`
}

// Report is the result of a scan and the JSON report's top-level object.
type Report struct {
	Version    int    `json:"version"` // schema version, bumped on incompatible change
	Tool       Tool   `json:"tool"`
	Mode       Mode   `json:"mode"`
	Root       string `json:"root"` // absolute directory that file paths are relative to
	ColumnKind string `json:"columnKind"`
	// Findings are sorted by file, line, column.
	Findings []Finding `json:"findings"`
	// SkippedFiles are the files over the user's --max-file-size, sorted.
	SkippedFiles []SkippedFile `json:"skippedFiles"`
	// Unexpanded are the containers whose raw bytes were read but whose
	// content could not be expanded in full (encrypted, corrupt, past a
	// bound), sorted.
	Unexpanded []Unexpanded `json:"unexpanded"`
	Summary    Summary      `json:"summary"`
	// History describes the commits a history scan covered.
	History *HistoryInfo `json:"history,omitempty"`
}

// Tool names the producer of a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ReportVersion is the JSON schema version written in Report.Version.
const ReportVersion = 1

// fileKind says how a file is read.
type fileKind int

const (
	kindRegular  fileKind = iota // a regular file at abs
	kindLink                     // a symbolic link at abs: its target text is what git stores
	kindStream                   // a FIFO, device or /dev/stdin named by the user: read until EOF
	kindReader                   // the content is rd (standard input, a staged blob)
	kindSkip                     // over the size limit, known without reading (size set)
	kindNameOnly                 // a submodule (gitlink): no content here, only its name to check
	kindClean                    // a work-tree file with working-tree-encoding: read as git commits it
)

// file is one unit of work.
type file struct {
	rel     string // slash path relative to the root, as given (unredacted)
	abs     string
	kind    fileKind
	rd      io.Reader
	release func() // called when rd has been read (or given up on)
	size    int64
	added   lineSet     // nil: every line counts
	newPath bool        // check the path itself for tokens
	in      *inside     // a member of a container in the file rel (container.go)
	at      io.ReaderAt // the content for random access, when it has it (a stored zip member)
	base    *gitBlob    // --diff: the file at REV; a container's findings already there are not new
}

// lineSet is a set of 1-based line numbers (nil: all lines).
type lineSet map[int]bool

type result struct {
	rel      string
	newPath  bool
	findings []Finding
	bytes    int64
	skipped  *SkippedFile
	err      error

	unexpanded    []Unexpanded
	expContainers int
	expBytes      int64
}

// Run performs a scan. A non-nil error means the scan could not be done
// (not a git repository for --staged, unreadable path, ...); findings are
// never an error.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		opts.Dir = wd
	}
	abs, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	opts.Dir = abs
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	src, err := newSource(ctx, opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{Version: ReportVersion, Mode: src.mode(), Root: DisplayPath(src.root()), ColumnKind: "utf16CodeUnits"}
	if err := src.scan(ctx, opts, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// collector gathers the workers' results into a report.
type collector struct {
	rep      *Report
	ign      ignoreSet
	baseline *Baseline
	paths    *pathChecker
}

func (c *collector) add(r result) {
	if r.newPath {
		for _, f := range c.paths.check(r.rel) {
			c.keep(f)
		}
	}
	if r.skipped != nil {
		c.rep.SkippedFiles = append(c.rep.SkippedFiles, *r.skipped)
	}
	if r.skipped == nil || r.bytes > 0 {
		c.rep.Summary.Files++
	}
	c.rep.Unexpanded = append(c.rep.Unexpanded, r.unexpanded...)
	c.rep.Summary.Expanded.Containers += r.expContainers
	c.rep.Summary.Expanded.Bytes += r.expBytes
	c.rep.Summary.Bytes += r.bytes
	for _, f := range r.findings {
		c.keep(f)
	}
}

// keep applies the suppressions to one finding.
func (c *collector) keep(f Finding) {
	switch {
	case c.ign.match(f):
		c.rep.Summary.Suppressed.GitleaksIgnore++
	case c.baseline.contains(f):
		c.rep.Summary.Suppressed.Baseline++
	default:
		c.rep.Findings = append(c.rep.Findings, f)
	}
}

// finish sorts the report and fills in its summary.
func (c *collector) finish() {
	rep := c.rep
	sort.Slice(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	sort.Slice(rep.SkippedFiles, func(i, j int) bool { return rep.SkippedFiles[i].File < rep.SkippedFiles[j].File })
	rep.Summary.Skipped.Large = len(rep.SkippedFiles)
	countFindings(rep)
	sortUnexpanded(rep)
	if rep.SkippedFiles == nil {
		rep.SkippedFiles = []SkippedFile{}
	}
}

// countFindings fills in the summary's finding counts, and gives an empty
// report an empty list (JSON [] rather than null).
func countFindings(rep *Report) {
	rep.Summary.Findings = len(rep.Findings)
	rep.Summary.BySeverity = map[string]int{}
	for _, f := range rep.Findings {
		rep.Summary.BySeverity[f.Severity]++
	}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
}

// analysisConfig copies the user's config and disables the advice rules
// (header lints, workflow permissions) unless AllRules is set.
func analysisConfig(opts Options) *analysis.Config {
	cfg := &analysis.Config{Disabled: map[string]bool{}}
	if opts.Config != nil {
		c := *opts.Config
		cfg = &c
		cfg.Disabled = map[string]bool{}
		for k, v := range opts.Config.Disabled {
			cfg.Disabled[k] = v
		}
	}
	if !opts.AllRules {
		for _, id := range analysis.AdviceRuleIDs {
			cfg.Disabled[id] = true
		}
	}
	return cfg
}

// file reads one unit of work. A file that cannot be read as listed
// (vanished, changed type, unreadable) is an error naming it.
func (r *reader) file(f file) (res result) {
	res = result{rel: f.rel, newPath: f.newPath}
	if f.release != nil {
		defer f.release()
	}
	r.notes, r.expContainers, r.expBytes = nil, 0, 0
	defer func() { res.unexpanded, res.expContainers, res.expBytes = r.notes, r.expContainers, r.expBytes }()
	overLimit := func(size int64, why string) {
		res.skipped = &SkippedFile{File: DisplayPath(f.rel), Size: size, Reason: why}
	}
	var err error
	switch f.kind {
	case kindSkip:
		overLimit(f.size, "larger than --max-file-size")
		return res
	case kindNameOnly:
		return res
	case kindClean:
		res.findings, res.bytes, err = r.clean(&f, &res)
		if res.skipped != nil {
			return res
		}
	case kindReader:
		res.findings, res.bytes, err = r.stream(&f, f.rd)
	case kindLink:
		var target string
		if target, err = os.Readlink(f.abs); err == nil {
			res.findings, res.bytes, err = r.stream(&f, strings.NewReader(target))
		}
	default:
		res.findings, res.bytes, err = r.open(&f, &res)
		if res.skipped != nil {
			return res
		}
	}
	switch {
	case errors.Is(err, errOverLimit):
		overLimit(res.bytes, "grew past --max-file-size while read: read only the first part")
	case err != nil:
		res.err = pathError(f.rel, err)
	}
	return res
}

// open reads a regular file or a stream at f.abs.
func (r *reader) open(f *file, res *result) ([]Finding, int64, error) {
	if f.kind != kindRegular {
		fh, err := os.Open(f.abs) // a stream the user named: read until EOF
		if err != nil {
			return nil, 0, err
		}
		defer fh.Close()
		return r.stream(f, fh)
	}
	// A link or a FIFO put in a listed file's place is neither followed
	// nor waited on (named files were resolved when listed).
	fh, st, err := filelist.OpenListed(f.abs)
	var nf *filelist.NotFileError
	if errors.As(err, &nf) {
		return nil, 0, fmt.Errorf("changed from a regular file to %s while scanned", filelist.DescribeMode(nf.Mode))
	}
	if err != nil {
		return nil, 0, err
	}
	defer fh.Close()
	if r.max > 0 && st.Size() > r.max {
		res.skipped = &SkippedFile{File: DisplayPath(f.rel), Size: st.Size(), Reason: "larger than --max-file-size"}
		return nil, 0, nil
	}
	return r.stream(f, fh)
}

// pathError names the file (redacted) with the cause, without the path
// the os package adds, which is not redacted.
func pathError(rel string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", DisplayPath(rel), err)
}

func tokenInfo(t *analysis.TokenInfo) *TokenInfo {
	if t == nil {
		return nil
	}
	return &TokenInfo{Kind: t.Kind, KindName: t.KindName, Redacted: t.Redacted, ChecksumValid: t.ChecksumValid, Fingerprint: t.Fingerprint}
}

// textPos is a position in a file: the 1-based line and the UTF-16 column
// (0-based here) as editors count them (analysis.LineIndex: lines end at
// "\n", "\r\n" or a lone "\r"), and the line as git counts it (on "\n"
// only), which the added-line sets of --diff and --staged use.
type textPos struct{ line, col, gitLine int }

var fileStart = textPos{line: 1, gitLine: 1}

// positioner converts increasing byte offsets to 1-based line and UTF-16
// column numbers with one pass over the text. The text may start part-way
// through a file, at position first.
type positioner struct {
	text      []byte
	first     textPos
	line      int // line of lineStart
	gitLine   int // git's line number of the last offset asked for
	lineStart int
	// The next line's start, once found, and two offsets on this line
	// whose columns are known: each finding's start and end (an end may
	// pass the next finding's start). Many findings on one (minified)
	// line then read it once, not once each (issue 18).
	next      int
	nextKnown bool
	cols      [2]colMark
}

// colMark is an offset on the current line and its UTF-16 column.
type colMark struct{ off, col int }

func (p *positioner) reset() {
	p.line, p.gitLine, p.lineStart = p.first.line, p.first.gitLine, 0
	p.nextKnown, p.cols = false, [2]colMark{}
}

func (p *positioner) at(off int) (line, col int) {
	off = max(0, min(off, len(p.text)))
	if off < p.lineStart { // findings are sorted by start; ends may go back
		p.reset()
	}
	for {
		if !p.nextKnown {
			p.next, p.nextKnown = analysis.NextLineStart(p.text, p.lineStart), true
		}
		next := p.next
		if next < 0 || next > off {
			break
		}
		if p.text[next-1] == '\n' {
			p.gitLine++
		}
		p.line++
		p.lineStart = next
		p.nextKnown, p.cols = false, [2]colMark{{next, 0}, {next, 0}}
	}
	col = p.colAt(off) + 1
	if p.line == p.first.line {
		col += p.first.col
	}
	return p.line, col
}

// colAt is the UTF-16 column of off on the current line, as
// analysis.UTF16Len(text[lineStart:off]) counts it: from the nearest known
// column at or before off, over whole characters (the last one, if off
// cuts it, counted as UTF16Len counts a cut one).
func (p *positioner) colAt(off int) int {
	from := colMark{off: p.lineStart}
	for _, m := range p.cols {
		if m.off >= p.lineStart && m.off <= off && m.off >= from.off {
			from = m
		}
	}
	at, col := from.off, from.col
	for at < off {
		r, size := rune(p.text[at]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(p.text[at:])
		}
		if at+size > off {
			break
		}
		col += 1 + boolInt(r >= 0x10000)
		at += size
	}
	// Keep it in place of the mark it did not start from.
	k := 0
	if p.cols[0] == from {
		k = 1
	}
	p.cols[k] = colMark{at, col}
	return col + analysis.UTF16Len(p.text[at:off])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// advance moves a position over part, which must not end between the
// "\r" and "\n" of one line break.
func advance(part []byte, pos textPos) textPos {
	lineStart := 0
	for {
		next := analysis.NextLineStart(part, lineStart)
		if next < 0 {
			break
		}
		if part[next-1] == '\n' {
			pos.gitLine++
		}
		pos.line++
		pos.col = 0
		lineStart = next
	}
	pos.col += analysis.UTF16Len(part[lineStart:])
	return pos
}

// Failed reports whether any finding is at or above the severity threshold
// (analysis severities: lower is more severe).
func (r *Report) Failed(threshold analysis.Severity) bool {
	for _, f := range r.Findings {
		if s, ok := analysis.ParseSeverity(f.Severity); ok && s <= threshold {
			return true
		}
	}
	return false
}
