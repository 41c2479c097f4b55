package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/internal/report"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

// historyFlag is --history[=REVS]: alone it selects every ref; with a
// value, the git revisions to scan (rev-list syntax, space-separated:
// "origin/main..HEAD", "v1.0..", "main ^old"). "false" turns it off.
type historyFlag struct {
	set  bool
	revs []string
}

func (h *historyFlag) IsBoolFlag() bool { return true }

func (h *historyFlag) String() string {
	if h == nil || !h.set {
		return ""
	}
	return strings.Join(h.revs, " ")
}

func (h *historyFlag) Set(v string) error {
	switch v {
	case "true":
		h.set, h.revs = true, nil
	case "false":
		h.set, h.revs = false, nil
	default:
		revs := strings.Fields(v)
		if len(revs) == 0 {
			return fmt.Errorf("empty revision list")
		}
		h.set, h.revs = true, revs
	}
	return nil
}

// unwrapRedact is the writer under the scrubber, for the terminal check.
func unwrapRedact(w io.Writer) io.Writer {
	if r, ok := w.(redactWriter); ok {
		return r.w
	}
	return w
}

// historyFlags are the flags of `scan --history`.
type historyFlags struct {
	history historyFlag
	cache   *string
}

func addHistoryFlags(fs *flag.FlagSet) *historyFlags {
	h := &historyFlags{}
	fs.Var(&h.history, "history", "scan every commit of every ref (git rev-list --all); --history=REVS limits it to git revisions, e.g. --history=origin/main..HEAD (docs/history.md)")
	h.cache = fs.String("cache", "", "with --history: keep per-blob results in `FILE` so the next run reads only new blobs")
	return h
}

// options turns the flags into scan.HistoryOptions (nil without
// --history). Progress goes to stderr only when it is a terminal.
func (h *historyFlags) options(fs *flag.FlagSet, stderr io.Writer) (*scan.HistoryOptions, error) {
	if !h.history.set {
		if *h.cache != "" {
			return nil, fmt.Errorf("--cache needs --history")
		}
		return nil, nil
	}
	var bad error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "max-file-size" {
			bad = fmt.Errorf("--max-file-size cannot be used with --history: every blob is read whole")
		}
	})
	if bad != nil {
		return nil, bad
	}
	opts := &scan.HistoryOptions{Revs: h.history.revs, CacheFile: *h.cache}
	if isTerminal(unwrapRedact(stderr)) {
		opts.Progress = stderr // numbers only, but through the scrubber like every byte
	}
	return opts, nil
}

// historyWarnings tells on stderr what a complete history scan could not
// do besides scanning (write the --cache file).
func historyWarnings(rep *scan.Report, stderr io.Writer) {
	if rep.History != nil && rep.History.CacheError != "" {
		fmt.Fprintf(stderr, "ghpat-ls scan: warning: %s (the scan is complete; the next one will not be faster)\n", rep.History.CacheError)
	}
}

// scanOptionFlags names each option of a scan by its flag, for the
// library's errors (scan.OptionError, scan.ConflictError).
var scanOptionFlags = map[scan.Option]string{
	scan.OptionPaths:    "paths",
	scan.OptionStaged:   "--staged",
	scan.OptionDiff:     "--diff",
	scan.OptionHistory:  "--history",
	scan.OptionCache:    "--cache",
	scan.OptionAllRules: "--all-rules",
}

// scanError words an error of scan.Run with the command line's flags.
func scanError(err error) error {
	var conflict *scan.ConflictError
	var option *scan.OptionError
	switch {
	case errors.As(err, &conflict):
		with := make([]string, len(conflict.With))
		for i, o := range conflict.With {
			with[i] = scanOptionFlags[o]
		}
		msg := scanOptionFlags[conflict.Option] + " cannot be combined with " + report.OrList(with)
		if conflict.Option == scan.OptionHistory && slices.Contains(conflict.With, scan.OptionPaths) {
			msg += " (a range is --history=A..B)"
		}
		if conflict.Why != "" {
			msg += ": " + conflict.Why
		}
		return errors.New(msg)
	case errors.As(err, &option):
		return fmt.Errorf("%s: %v", scanOptionFlags[option.Option], option.Err)
	}
	return err
}
