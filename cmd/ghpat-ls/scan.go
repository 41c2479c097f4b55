package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/internal/report"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

const scanUsage = `Usage: ghpat-ls scan [flags] [PATH...]

Scan files and directories (default .) for hard-coded GitHub tokens, in file
contents (text, UTF-16/UTF-32, binaries) and in file and directory names. "-"
reads standard input; a FIFO or device named here is read as a stream. In a git
work tree, .gitignore is honoured; .git/ is skipped. Nothing else is skipped
unless you set --max-file-size, and then every skipped file is named. With
--history, scan every commit of the git history instead (every blob of every
ref once; docs/history.md).

Exit codes: 0 everything was read and no finding is at or above --fail-on;
1 findings at or above --fail-on; 2 usage or runtime error, or anything that
could not be read (also a file skipped by --max-file-size with --staged or
--diff, unless --allow-size-skips, and an archive or compressed stream that
could not be expanded in full with --staged or --diff, unless
--allow-unexpanded).

Flags:
`

// runScan parses the scan flags, runs the scan and writes the report.
func runScan(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("scan")
	staged := fs.Bool("staged", false, "scan the staged content (the git index) of every file staged for commit; for pre-commit")
	diffRev := fs.String("diff", "", "report only lines added since `REV` (git diff REV), e.g. for pull requests")
	format := addFormatFlag(fs, scan.Formats, "report")
	output := fs.String("output", "", "write the report to `FILE` instead of stdout")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding has this `severity` or worse: error, warning, info, hint, none")
	allRules := fs.Bool("all-rules", false, "also report the advice rules: GitHub API header lints, workflow permissions (not leaks)")
	maxSize := fs.String("max-file-size", "0", "skip files larger than `SIZE` (bytes, or with K/M/G suffix; 0 = no limit); every skipped file is named")
	allowSkips := fs.Bool("allow-size-skips", false, "with --max-file-size and --staged or --diff: do not fail (exit 2) because files were skipped")
	allowUnexpanded := fs.Bool("allow-unexpanded", false, "with --staged or --diff: do not fail (exit 2) because an archive or compressed stream could not be expanded in full (encrypted, corrupt, past a bound); each is still named")
	baseline := fs.String("baseline", "", "ignore findings present in this earlier JSON report `FILE`")
	ignoreFile := fs.String("gitleaksignore", "", "`FILE` of ignores: file:rule-id:line fingerprints and sha256:HASH tokens (default: .gitleaksignore at the scan root; \"-\" for none)")
	disable := fs.String("disable", "", "comma-separated rule `ids` to turn off")
	colorMode := fs.String("color", "auto", "`when` to colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	workers := fs.Int("workers", 0, "parallel file readers (default: number of CPUs)")
	noIgnore := fs.Bool("no-ignore", false, "also scan the files .gitignore leaves out (the summary counts them otherwise)")
	enterprise := fs.String("enterprise-host", "", "GitHub Enterprise Server `host`: with --all-rules, its API calls are linted like github.com's")
	history := addHistoryFlags(fs) // --history, --cache (scan_history.go)
	quiet := addQuietFlag(fs)

	paths, help, err := parseArgs(fs, args, stdout, scanUsage) // flags may follow paths
	if help || err != nil {
		return fail(stderr, "scan", err)
	}

	failErr := func(format string, a ...any) int {
		return fail(stderr, "scan", failf(2, format, a...)) // a failure: exit 2, no --help pointer
	}
	// A flag's value or a mix of flags that cannot be: the error and a
	// pointer to --help, as for an unknown flag.
	flagErr := func(err error) int { return fail(stderr, "scan", usagef("%v", err)) }
	// Without its rules a scan would find nothing and exit 0: refuse.
	if err := rulesError(); err != nil {
		return failErr("cannot look for tokens: the rules failed to load (%v); reinstall ghpat-ls", err)
	}
	writer, err := format.chosen()
	if err != nil {
		return flagErr(err)
	}
	threshold, limit, err := checkScanFlags(*failOn, *maxSize, *allowSkips)
	if err != nil {
		return flagErr(err)
	}
	if (*staged || *diffRev != "") && len(paths) > 0 {
		return flagErr(errors.New("paths cannot be given with --staged or --diff"))
	}
	historyOpts, err := history.options(fs, stderr)
	if err != nil {
		return flagErr(err)
	}
	if historyOpts != nil && *quiet {
		historyOpts.Progress = nil
	}
	color, err := colorChoice(*colorMode, *output, stdout)
	if err != nil {
		return flagErr(err)
	}

	opts := scan.Options{
		Paths: paths, Staged: *staged, DiffRev: *diffRev, AllRules: *allRules,
		MaxFileSize: limit, Workers: *workers, IgnoreFile: *ignoreFile,
		History: historyOpts, NoIgnore: *noIgnore,
	}
	if opts.Config, err = scanConfig(*disable, *enterprise); err != nil {
		return flagErr(err)
	}
	if opts.Baseline, err = loadBaseline(*baseline); err != nil {
		return failErr("%v", err)
	}

	rep, err := scan.Run(context.Background(), opts)
	if err != nil {
		return fail(stderr, "scan", runError(err))
	}
	rep.Tool = scan.Tool{Name: "ghpat-ls", Version: buildVersion()}
	historyWarnings(rep, stderr)
	if err := writeReport(writer, scan.Output{Report: rep, Color: color, Quiet: *quiet}, *output, stdout); err != nil {
		return failErr("%v", err)
	}
	if *output != "" && !*quiet && len(rep.Findings) > 0 {
		// The report went to a file; say why the exit code is what it is.
		fmt.Fprintf(stderr, "ghpat-ls scan: %d findings, report in %s\n", len(rep.Findings), *output)
	}
	strict := *staged || *diffRev != ""
	code := scanExit(rep, threshold, strict && !*allowSkips, stderr)
	notExpanded := unexpandedExit(rep, strict && !*allowUnexpanded, stderr)
	if code == 2 {
		return failErr("%d file(s) not scanned (--max-file-size); they may hold tokens. Scan without the limit, or pass --allow-size-skips to accept it", len(rep.SkippedFiles))
	}
	if notExpanded {
		return failErr("%d archive(s) or compressed stream(s) not expanded in full; they may hold tokens. Pass --allow-unexpanded to accept it", len(rep.Unexpanded))
	}
	return code
}

// rulesError reports whether the token rules loaded (a variable so that a
// test can simulate a broken build).
var rulesError = analysis.RulesError

// checkScanFlags validates the flags that take a value from a fixed set or
// a size (--format aside: formatFlag), and returns the --fail-on threshold
// and the --max-file-size limit.
func checkScanFlags(failOn, maxSize string, allowSkips bool) (analysis.Severity, int64, error) {
	threshold, ok := failThreshold(failOn)
	if !ok {
		return 0, 0, fmt.Errorf("--fail-on must be error, warning, info, hint or none, not %q", failOn)
	}
	limit, err := parseSize(maxSize)
	if err != nil {
		return 0, 0, fmt.Errorf("--max-file-size: %v", err)
	}
	if allowSkips && limit == 0 {
		return 0, 0, errors.New("--allow-size-skips needs --max-file-size")
	}
	return threshold, limit, nil
}

// scanExit says on stderr what the report alone may not (what was not
// scanned) and picks the exit code: 2 when files were
// skipped and strict (--staged/--diff without --allow-size-skips), 1 for
// findings at or above threshold.
func scanExit(rep *scan.Report, threshold analysis.Severity, strict bool, stderr io.Writer) int {
	for _, sk := range rep.SkippedFiles {
		fmt.Fprintf(stderr, "ghpat-ls scan: NOT SCANNED: %s: %s (%d bytes)\n", sk.File, sk.Reason, sk.Size)
	}
	if len(rep.SkippedFiles) > 0 && strict {
		// What a commit or pull request adds must be read whole, or the
		// check did not happen.
		return 2
	}
	if threshold != 0 && rep.Failed(threshold) {
		return 1
	}
	return 0
}

// unexpandedExit names on stderr each container not expanded in full, and
// reports whether that fails the run: what a commit or pull request adds
// must be read whole, archives included (strict: --staged/--diff without
// --allow-unexpanded).
func unexpandedExit(rep *scan.Report, strict bool, stderr io.Writer) bool {
	for _, u := range rep.Unexpanded {
		fmt.Fprintf(stderr, "ghpat-ls scan: NOT EXPANDED: %s: %s\n", scan.TextPath(u.Path()), u.Reason)
	}
	return strict && len(rep.Unexpanded) > 0
}

// failThreshold reads --fail-on; "none" is 0, which never fails.
func failThreshold(s string) (analysis.Severity, bool) {
	if s == "none" {
		return 0, true
	}
	return analysis.ParseSeverity(s)
}

// colorChoice resolves --color: auto means on a terminal, unless NO_COLOR
// is set or the report goes to a file.
func colorChoice(mode, output string, stdout io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return output == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == "", nil
	}
	return false, fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

// disabledRules turns --disable's comma-separated ids into a config. A
// typo would otherwise leave the rule on without a word.
// scanConfig is the analysis configuration of --disable and
// --enterprise-host: the host in the same normal form, and handed over the
// same way, as the editor's ghpat.enterpriseHost.
func scanConfig(disable, enterprise string) (*analysis.Config, error) {
	cfg, err := disabledRules(disable)
	if err != nil {
		return nil, err
	}
	if _, cfg.EnterpriseHosts, err = enterpriseHostFlag(enterprise); err != nil {
		return nil, err
	}
	return cfg, nil
}

func disabledRules(list string) (*analysis.Config, error) {
	cfg := &analysis.Config{Disabled: map[string]bool{}}
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		if err := analysis.CheckRuleID(id); err != nil {
			return nil, fmt.Errorf("--disable: %v", err) // the editor's settings say the same
		}
		cfg.Disabled[id] = true
	}
	return cfg, nil
}

// writeReport writes out with format to output (stdout when empty).
func writeReport(format report.Format[scan.Output], out scan.Output, output string, stdout io.Writer) error {
	w := stdout
	var f *os.File
	if output != "" {
		var err error
		if f, err = os.Create(output); err != nil {
			return err
		}
		w = f
	}
	err := format.Write(w, out)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("write report: %v", err)
	}
	return nil
}

// loadBaseline reads --baseline's report (none when path is empty).
func loadBaseline(path string) (*scan.Baseline, error) {
	if path == "" {
		return nil, nil
	}
	return scan.LoadBaseline(path)
}

// parseSize reads "1048576", "512K", "10M" or "1G".
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-min(1, len(s)):]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return n * mult, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runError is how the command line says scan.Run failed, with its flags:
// options set together that cannot be are a usage error (with the pointer
// to --help), anything else a failure.
func runError(err error) error {
	if conflict := (*scan.ConflictError)(nil); errors.As(err, &conflict) {
		return usagef("%v", scanError(err))
	}
	return failf(2, "%v", scanError(err))
}
