// Package scan runs the analysis engine over files on disk, the git index
// (--staged) or the lines added since a revision (--diff), applies the
// suppressions (.gitleaksignore, baseline) and returns findings with
// line/column positions ready for the report writers in this package.
//
// Files are read by a pool of workers, one file at a time each into a
// reused buffer, so memory stays bounded by the worker count times the
// largest file scanned; only findings are kept.
package scan

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"unicode/utf16"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Mode says what was scanned.
type Mode string

const (
	ModeFiles  Mode = "files"
	ModeStaged Mode = "staged"
	ModeDiff   Mode = "diff"
)

// DefaultMaxFileSize is the size above which a file is skipped.
const DefaultMaxFileSize = 10 << 20

// Options configure one scan. The zero value scans "." with the token rules.
type Options struct {
	// Dir is the directory the scan runs from (default: the process's
	// working directory). Relative Paths are resolved against it.
	Dir string
	// Paths are files and directories to scan (default "."). Ignored with
	// Staged or DiffRev.
	Paths []string
	// Staged scans the index content of the staged files.
	Staged bool
	// DiffRev, when set, reports only findings on lines added since this
	// revision (git diff REV: the working tree against REV).
	DiffRev string
	// AllRules adds the header lints to the token rules.
	AllRules bool
	// MaxFileSize skips larger files (0: DefaultMaxFileSize, <0: no limit).
	MaxFileSize int64
	// Workers is the number of parallel readers (0: runtime.NumCPU()).
	Workers int
	// Config is passed to analysis.Analyze (Disabled and Severity are honoured).
	Config *analysis.Config
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
// column kind); End is exclusive.
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
		Binary int `json:"binary"`
		Large  int `json:"large"`
	} `json:"skipped"`
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
	Summary  Summary   `json:"summary"`
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

// file is one unit of work: a path to read, or content already read (from
// the git index).
type file struct {
	rel     string // slash path relative to the root, as reported
	abs     string // path to read; empty when data is set
	data    []byte
	release func() // returns data's buffer to its pool
	large   bool   // over the size limit: not read
	added   lineSet
}

// lineSet is a set of 1-based line numbers (nil: all lines).
type lineSet map[int]bool

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
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.History != nil {
		if opts.Staged || opts.DiffRev != "" || len(opts.Paths) > 0 {
			return nil, errors.New("--history cannot be combined with --staged, --diff or paths (a range is --history=A..B)")
		}
		return runHistory(ctx, opts)
	}
	cfg := analysisConfig(opts)

	rep := &Report{Version: ReportVersion, Mode: ModeFiles, Root: opts.Dir, ColumnKind: "utf16CodeUnits"}
	var src source
	switch {
	case opts.Staged && opts.DiffRev != "":
		return nil, errors.New("--staged and --diff cannot be combined")
	case opts.Staged:
		rep.Mode = ModeStaged
		src, err = stagedSource(ctx, opts.Dir)
	case opts.DiffRev != "":
		rep.Mode = ModeDiff
		src, err = diffSource(ctx, opts.Dir, opts.DiffRev)
	default:
		src, err = pathSource(ctx, opts.Dir, opts.Paths)
	}
	if err != nil {
		return nil, err
	}
	rep.Root = src.root

	ign, err := loadIgnore(opts.IgnoreFile, src.root)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	files := make(chan file, opts.Workers)
	var produceErr error
	go func() {
		defer close(files)
		produceErr = src.produce(ctx, opts.MaxFileSize, files)
	}()

	results := make(chan result, opts.Workers)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for f := range files {
				var r result
				switch {
				case f.large:
					r.large = true
				case f.data != nil:
					r = scanData(f, f.data, opts.MaxFileSize, cfg)
				default:
					r = scanPath(f, opts.MaxFileSize, cfg, &buf)
				}
				if f.release != nil {
					f.release()
				}
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var firstErr error
	for r := range results {
		switch {
		case r.err != nil:
			if firstErr == nil {
				firstErr = r.err
				cancel()
			}
			continue
		case r.large:
			rep.Summary.Skipped.Large++
			continue
		case r.binary:
			rep.Summary.Skipped.Binary++
		}
		rep.Summary.Files++
		rep.Summary.Bytes += r.bytes
		for _, f := range r.findings {
			switch {
			case ign.match(f):
				rep.Summary.Suppressed.GitleaksIgnore++
			case opts.Baseline.contains(f):
				rep.Summary.Suppressed.Baseline++
			default:
				rep.Findings = append(rep.Findings, f)
			}
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if produceErr != nil {
		return nil, produceErr
	}
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
	rep.Summary.Findings = len(rep.Findings)
	rep.Summary.BySeverity = map[string]int{}
	for _, f := range rep.Findings {
		rep.Summary.BySeverity[f.Severity]++
	}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	return rep, nil
}

// analysisConfig copies the user's config and disables the header lints
// unless AllRules is set.
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
		for _, id := range analysis.HeaderRuleIDs {
			cfg.Disabled[id] = true
		}
	}
	return cfg
}

type result struct {
	findings      []Finding
	bytes         int64
	binary, large bool
	err           error
}

// chunkSize bounds the memory a worker uses for one file: larger files are
// analysed in chunks that end at a line break.
var chunkSize = 4 << 20 // a variable so tests can shrink it

func scanData(f file, data []byte, max int64, cfg *analysis.Config) result {
	if max > 0 && int64(len(data)) > max {
		return result{large: true}
	}
	r := result{bytes: int64(len(data))}
	if text, ok := decodeUTF16(data); ok {
		data = text
	}
	if isBinary(data) {
		r.binary = true
		return r
	}
	r.findings = analyzeChunk(f, data, cfg, 1, 0)
	return r
}

// decodeUTF16 turns a file that starts with a UTF-16 byte-order mark into
// UTF-8. Windows PowerShell 5 writes .ps1 files (and regedit .reg files) in
// UTF-16LE: their NUL bytes would otherwise make them look binary and hide
// a token. Lines stay lines, and columns are UTF-16 units either way. Files
// larger than a chunk are streamed undecoded (and so skipped as binary).
func decodeUTF16(data []byte) ([]byte, bool) {
	var order binary.ByteOrder
	switch {
	case len(data) < 2:
		return nil, false
	case data[0] == 0xFF && data[1] == 0xFE:
		order = binary.LittleEndian
	case data[0] == 0xFE && data[1] == 0xFF:
		order = binary.BigEndian
	default:
		return nil, false
	}
	units := make([]uint16, (len(data)-2)/2)
	for i := range units {
		units[i] = order.Uint16(data[2+2*i:])
	}
	return []byte(string(utf16.Decode(units))), true
}

// scanPath reads a file into *buf (reused across files). A file that
// vanished since it was listed, or is no longer a regular file, counts as
// empty.
func scanPath(f file, max int64, cfg *analysis.Config, buf *[]byte) result {
	// Stat before opening: opening a FIFO (or a device) blocks until a
	// writer appears, and such files are not source anyway.
	if st, err := os.Stat(f.abs); err == nil && !st.Mode().IsRegular() {
		return result{}
	}
	fh, err := os.Open(f.abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return result{}
		}
		return result{err: err}
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return result{err: err}
	}
	if !st.Mode().IsRegular() {
		return result{}
	}
	if max > 0 && st.Size() > max {
		return result{large: true}
	}
	if cap(*buf) < chunkSize+1 {
		*buf = make([]byte, chunkSize+1)
	}
	b := (*buf)[:cap(*buf)]
	n, err := io.ReadFull(fh, b)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF: // the whole file fits
		return scanData(f, b[:n], max, cfg)
	case err != nil:
		return result{err: fmt.Errorf("read %s: %w", f.abs, err)}
	}
	return scanStream(f, fh, b, max, cfg)
}

// scanStream analyses a file larger than a chunk. buf holds its first
// len(buf) bytes. Each chunk ends after a line break (or, in a line longer
// than a chunk, after a byte no token contains), so no token is split; the
// rest is carried into the next chunk.
func scanStream(f file, rd io.Reader, buf []byte, max int64, cfg *analysis.Config) result {
	r := result{}
	if isBinary(buf) {
		return result{binary: true, bytes: int64(len(buf))}
	}
	n := len(buf)
	line, col := 1, 0
	for eof := false; !eof || n > 0; {
		if !eof {
			m, err := io.ReadFull(rd, buf[n:])
			n += m
			switch {
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				eof = true
			case err != nil:
				return result{err: fmt.Errorf("read %s: %w", f.abs, err)}
			}
		}
		cut := n
		if !eof {
			cut = bytes.LastIndexByte(buf[:n], '\n') + 1
			if cut == 0 {
				cut = lastBreak(buf[:n]) + 1
			}
			if cut == 0 { // a chunk of nothing but token characters
				cut = n
			}
		}
		part := buf[:cut]
		r.bytes += int64(cut)
		if max > 0 && r.bytes > max { // grew past the limit while read
			return result{large: true}
		}
		r.findings = append(r.findings, analyzeChunk(f, part, cfg, line, col)...)
		if nl := bytes.Count(part, []byte{'\n'}); nl > 0 {
			line += nl
			col = analysis.UTF16Len(part[bytes.LastIndexByte(part, '\n')+1:])
		} else {
			col += analysis.UTF16Len(part)
		}
		n = copy(buf, buf[cut:n])
	}
	return r
}

// lastBreak is the index of the last ASCII byte that no token contains.
func lastBreak(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		c := b[i]
		if c < 0x80 && !ghtoken.IsAlnum(c) && c != '_' && c != '.' && c != '-' {
			return i
		}
	}
	return -1
}

// isBinary uses git's heuristic: a NUL byte in the first 8000 bytes.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

// analyzeChunk runs the engine over text, which starts at 1-based line
// firstLine after col UTF-16 units of that line, and converts byte ranges
// to lines/columns.
func analyzeChunk(f file, text []byte, cfg *analysis.Config, firstLine, col int) []Finding {
	fs := analysis.Analyze(f.rel, "", text, cfg)
	if len(fs) == 0 {
		return nil
	}
	var out []Finding
	pos := &positioner{text: text, firstLine: firstLine, firstCol: col}
	pos.reset()
	for _, a := range fs {
		line, col := pos.at(a.Range.Start)
		if f.added != nil && !f.added[line] {
			continue
		}
		endLine, endCol := pos.at(a.Range.End)
		out = append(out, Finding{
			File: f.rel, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
			RuleID: a.RuleID, Severity: a.Severity.String(), Message: a.Message,
			Token:       tokenInfo(a.Token),
			Fingerprint: fmt.Sprintf("%s:%s:%d", f.rel, a.RuleID, line),
		})
	}
	return out
}

func tokenInfo(t *analysis.TokenInfo) *TokenInfo {
	if t == nil {
		return nil
	}
	return &TokenInfo{Kind: t.Kind, KindName: t.KindName, Redacted: t.Redacted, ChecksumValid: t.ChecksumValid, Fingerprint: t.Fingerprint}
}

// positioner converts increasing byte offsets to 1-based line and UTF-16
// column numbers with one pass over the text. The text may start part-way
// through a file: at line firstLine, firstCol units into it.
type positioner struct {
	text                []byte
	firstLine, firstCol int
	off, line           int // line of offset off
	lineStart           int
}

func newPositioner(text []byte) *positioner {
	p := &positioner{text: text, firstLine: 1}
	p.reset()
	return p
}

func (p *positioner) reset() { p.off, p.line, p.lineStart = 0, p.firstLine, 0 }

func (p *positioner) at(off int) (line, col int) {
	off = max(0, min(off, len(p.text)))
	if off < p.off { // findings are sorted by start; ends may go back
		p.reset()
	}
	for {
		i := bytes.IndexByte(p.text[p.off:off], '\n')
		if i < 0 {
			break
		}
		p.line++
		p.lineStart = p.off + i + 1
		p.off = p.lineStart
	}
	p.off = off
	col = analysis.UTF16Len(p.text[p.lineStart:off]) + 1
	if p.line == p.firstLine {
		col += p.firstCol
	}
	return p.line, col
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
