package main

import "flag"

// addQuietFlag is scan's --quiet (-q): the text report is the findings
// alone, with no summary or advice, and nothing at all when there are
// none; the exit code says the rest. What was not scanned is still said
// on stderr: quiet never hides a gap.
func addQuietFlag(fs *flag.FlagSet) *bool {
	quiet := fs.Bool("quiet", false, "text report: the findings only (no summary, no advice), nothing when clean; the exit code says the rest")
	fs.BoolVar(quiet, "q", false, "")
	return quiet
}
