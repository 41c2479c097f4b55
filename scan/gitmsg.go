package scan

import (
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// gitMessage is the meaningful part of what git wrote on stderr, for an
// error: its "fatal:"/"error:" lines without the prefix, or else its other
// lines; never its hints ("hint: …", "Use '--' to separate paths from
// revisions, like this: …") or a usage text, which speak of git's command
// line, not ghpat-ls's. Scrubbed: git quotes refs and paths.
func gitMessage(stderr string) string {
	var fatal, other []string
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimSpace(line)
		lower := strings.ToLower(line)
		switch {
		case strings.HasPrefix(lower, "usage:"):
			return gitMessageOf(fatal, other) // the rest is the usage text
		case line == "", strings.HasPrefix(lower, "hint:"), strings.HasPrefix(line, "Use '--' to separate"),
			strings.HasPrefix(line, "'git "):
		case strings.HasPrefix(lower, "fatal: "), strings.HasPrefix(lower, "error: "):
			_, msg, _ := strings.Cut(line, ": ")
			fatal = append(fatal, msg)
		default:
			other = append(other, line)
		}
	}
	return gitMessageOf(fatal, other)
}

func gitMessageOf(fatal, other []string) string {
	if len(fatal) == 0 {
		fatal = other
	}
	return ghtoken.RedactAll(strings.Join(fatal, "; "))
}
