package main

import (
	"fmt"
	"runtime/debug"
)

// commit and date are stamped by the release build (.goreleaser.yaml):
//
//	-X main.version={{.Version}} -X main.commit={{.ShortCommit}} -X main.date={{.Date}}
//
// A plain `go build` in a git checkout falls back to the VCS stamp Go
// embeds itself (vcs.revision / vcs.time), so a hand-built binary still
// says which commit it is.
var (
	commit = ""
	date   = ""
)

// versionLine is what `ghpat-ls version` and `--version` print: the version
// first (scripts parse the second field), then where it came from.
func versionLine() string {
	c, d := commit, date
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && c == "":
				c = s.Value
			case s.Key == "vcs.time" && d == "":
				d = s.Value
			}
		}
	}
	if len(c) > 12 {
		c = c[:12]
	}
	if c == "" {
		c = "unknown"
	}
	if d == "" {
		d = "unknown"
	}
	return fmt.Sprintf("ghpat-ls %s (commit %s, built %s)", buildVersion(), c, d)
}
