// Package gitcmd is the one way ghpat-ls runs git and reads why it
// failed: the command in a directory, its output, and its error worded
// from git's own message (hints and usage texts left out, scrubbed of
// tokens). Both the workspace listing (filelist) and the scanner use it.
package gitcmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Command runs git in dir without the environment variables that
// override its diff options from outside the command line (GIT_DIFF_OPTS
// takes precedence over -U; GIT_EXTERNAL_DIFF is also off by
// --no-ext-diff). Callers add to Env; exec.Cmd uses a key's last value.
func Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GIT_DIFF_OPTS=") || strings.HasPrefix(kv, "GIT_EXTERNAL_DIFF=")
	})
	return cmd
}

// Output runs git in dir and returns its stdout; the error names the
// subcommand and carries git's own message.
func Output(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return Run(Command(ctx, dir, args...))
}

// Run runs cmd (made by Command) and returns its stdout; the error names
// the subcommand and carries git's own message.
func Run(cmd *exec.Cmd) ([]byte, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, Error(cmd, stderr.String(), err)
	}
	return out, nil
}

// Error is the error of cmd, which ended with err after writing stderr:
// "git SUBCOMMAND: " and git's message (Message), or err when git said
// nothing.
func Error(cmd *exec.Cmd, stderr string, err error) error {
	msg := Message(stderr)
	if msg == "" {
		msg = ghtoken.RedactAll(err.Error())
	}
	return fmt.Errorf("git %s: %s", Subcommand(cmd.Args[1:]), msg)
}

// Subcommand names the git command in args for messages, past "-C dir"
// and "-c k=v".
func Subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		if args[i] == "-c" || args[i] == "-C" {
			i++
		} else if !strings.HasPrefix(args[i], "-") {
			return args[i]
		}
	}
	return ""
}

// Message is the meaningful part of what git wrote on stderr, for an
// error: its "fatal:"/"error:" lines without the prefix, or else its other
// lines; never its hints ("hint: …", "Use '--' to separate paths from
// revisions, like this: …") or a usage text, which speak of git's command
// line, not ghpat-ls's. Scrubbed: git quotes refs and paths.
func Message(stderr string) string {
	var fatal, other []string
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimSpace(line)
		lower := strings.ToLower(line)
		switch {
		case strings.HasPrefix(lower, "usage:"):
			return messageOf(fatal, other) // the rest is the usage text
		case line == "", strings.HasPrefix(lower, "hint:"), strings.HasPrefix(line, "Use '--' to separate"),
			strings.HasPrefix(line, "'git "):
		case strings.HasPrefix(lower, "fatal: "), strings.HasPrefix(lower, "error: "):
			_, msg, _ := strings.Cut(line, ": ")
			fatal = append(fatal, msg)
		default:
			other = append(other, line)
		}
	}
	return messageOf(fatal, other)
}

func messageOf(fatal, other []string) string {
	if len(fatal) == 0 {
		fatal = other
	}
	return ghtoken.RedactAll(strings.Join(fatal, "; "))
}
