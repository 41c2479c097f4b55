package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

const scanUsage = `Usage: ghpat-ls scan [flags] [PATH...]

Scan files and directories (default .) for hard-coded GitHub tokens. In a git
work tree, .gitignore is honoured; binary files, files over --max-file-size and
.git/ are skipped. With --history, scan every commit of the git history
instead (every blob of every ref once; docs/history.md).

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above
--fail-on, 2 usage or runtime error.

Flags:
`

// runScan parses the scan flags, runs the scan and writes the report.
func runScan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, scanUsage)
		fs.PrintDefaults()
	}
	staged := fs.Bool("staged", false, "scan the staged content (the git index) of the files in `git diff --cached`; for pre-commit")
	diffRev := fs.String("diff", "", "report only lines added since `REV` (git diff REV), e.g. for pull requests")
	format := fs.String("format", "text", "report `format`: text, json or sarif")
	output := fs.String("output", "", "write the report to `FILE` instead of stdout")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding has this `severity` or worse: error, warning, info, hint, none")
	allRules := fs.Bool("all-rules", false, "also report the GitHub API header lints (advice, not leaks)")
	maxSize := fs.String("max-file-size", "10M", "skip files larger than `SIZE` (bytes, or with K/M/G suffix; 0 = no limit)")
	baseline := fs.String("baseline", "", "ignore findings present in this earlier JSON report `FILE`")
	ignoreFile := fs.String("gitleaksignore", "", "`FILE` of ignored fingerprints (default: .gitleaksignore at the scan root; \"-\" for none)")
	disable := fs.String("disable", "", "comma-separated rule `ids` to turn off")
	colorMode := fs.String("color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	workers := fs.Int("workers", 0, "parallel file readers (default: number of CPUs)")
	history := addHistoryFlags(fs) // --history, --cache (scan_history.go)

	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0)) // flags may follow paths
		args = fs.Args()[1:]
	}

	usageErr := func(format string, a ...any) int {
		return fail(stderr, "scan", failf(2, format, a...)) // run's one error path
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		return usageErr("--format must be text, json or sarif, not %q", *format)
	}
	threshold := analysis.Severity(0) // none: never fail
	if *failOn != "none" {
		s, ok := analysis.ParseSeverity(*failOn)
		if !ok {
			return usageErr("--fail-on must be error, warning, info, hint or none, not %q", *failOn)
		}
		threshold = s
	}
	limit, err := parseSize(*maxSize)
	if err != nil {
		return usageErr("--max-file-size: %v", err)
	}
	if limit == 0 {
		limit = -1
	}
	if (*staged || *diffRev != "") && len(paths) > 0 {
		return usageErr("paths cannot be given with --staged or --diff")
	}
	historyOpts, err := history.options(fs, stderr)
	if err != nil {
		return usageErr("%v", err)
	}
	color := false
	switch *colorMode {
	case "always":
		color = true
	case "never":
	case "auto":
		color = *output == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	default:
		return usageErr("--color must be auto, always or never, not %q", *colorMode)
	}

	opts := scan.Options{
		Paths: paths, Staged: *staged, DiffRev: *diffRev, AllRules: *allRules,
		MaxFileSize: limit, Workers: *workers, IgnoreFile: *ignoreFile,
		Config:  &analysis.Config{Disabled: map[string]bool{}},
		History: historyOpts,
	}
	for _, id := range strings.Split(*disable, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		// A typo would otherwise leave the rule on without a word.
		if !slices.Contains(analysis.TokenRuleIDs, id) && !slices.Contains(analysis.HeaderRuleIDs, id) {
			return usageErr("--disable: unknown rule id %q (rules: %s, %s)", id,
				strings.Join(analysis.TokenRuleIDs, ", "), strings.Join(analysis.HeaderRuleIDs, ", "))
		}
		opts.Config.Disabled[id] = true
	}
	if *baseline != "" {
		b, err := scan.LoadBaseline(*baseline)
		if err != nil {
			return usageErr("%v", err)
		}
		opts.Baseline = b
	}

	rep, err := scan.Run(context.Background(), opts)
	if err != nil {
		return usageErr("%v", err)
	}
	rep.Tool = scan.Tool{Name: "ghpat-ls", Version: buildVersion()}
	historyWarnings(rep, stderr)

	w := stdout
	var f *os.File
	if *output != "" {
		if f, err = os.Create(*output); err != nil {
			return usageErr("%v", err)
		}
		w = f
	}
	switch *format {
	case "json":
		err = scan.WriteJSON(w, rep)
	case "sarif":
		err = scan.WriteSARIF(w, rep)
	default:
		err = scan.WriteText(w, rep, color)
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return usageErr("write report: %v", err)
	}
	if *output != "" && len(rep.Findings) > 0 {
		// The report went to a file; say why the exit code is what it is.
		fmt.Fprintf(stderr, "ghpat-ls scan: %d findings, report in %s\n", len(rep.Findings), *output)
	}
	if threshold != 0 && rep.Failed(threshold) {
		return 1
	}
	return 0
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
