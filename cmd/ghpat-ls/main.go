// Command ghpat-ls is a language server and pre-commit scanner for GitHub
// tokens. This file parses the first argument, hands over to the
// sub-command (each lives in its own file) and is the one error path of
// all of them: whatever a sub-command writes to stderr, and every error it
// returns, passes ghtoken.RedactAll on the way out.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// version is set at build time with -ldflags "-X main.version=..."; when
// installed with `go install`, the module version is used instead.
var version = "dev"

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

const usage = `ghpat-ls: find and fix hard-coded GitHub tokens and GitHub API header mistakes

Usage:
  ghpat-ls [serve] [flags]          speak LSP on stdin/stdout for an editor (logs on stderr)
  ghpat-ls scan [flags] [PATH...]   scan files, the git index (--staged) or a diff (--diff REV)
  ghpat-ls whoami [flags] [VAR]     show what GitHub says about the token in $VAR, redacted
  ghpat-ls revoke [flags] < FILE    revoke leaked tokens (one per line on stdin) at GitHub
  ghpat-ls permissions [PATH...]    the GitHub API calls in the code and the least token they need
  ghpat-ls breaking-changes [PATH...]  what breaks, call by call, on the move to a REST API version
  ghpat-ls version                  print the version
  ghpat-ls help [COMMAND]           show this help, or the flags of COMMAND

Run 'ghpat-ls COMMAND --help' for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a sub-command and returns the process exit code:
// 0 success, 1 findings (scan) or failed lookup (whoami), 2 usage or
// runtime error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Messages quote what was typed (flags, paths, variable names), and
	// people paste tokens there: the one scrubber sees every byte.
	stderr = redactWriter{stderr}
	cmd := "serve"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		cmd, args = args[0], args[1:]
	} else if len(args) > 0 && isHelpFlag(args[0]) {
		cmd, args = "help", args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = runServe(args, stdin, stdout, stderr)
	case "scan":
		return runScan(args, stdout, stderr)
	case "whoami":
		err = runWhoami(args, stdout, stderr)
	case "revoke":
		return runRevoke(args, stdin, stdout, stderr)
	case "permissions":
		err = runPermissions(args, stdout, stderr)
	case "breaking-changes":
		err = runBreakingChanges(args, stdout, stderr)
	case "version":
		err = runVersion(args, stdout)
	case "help":
		if len(args) > 0 && args[0] != "help" && !strings.HasPrefix(args[0], "-") {
			return run([]string{args[0], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "ghpat-ls: unknown command %q\nRun 'ghpat-ls --help' for usage.\n", cmd)
		return 2
	}
	return fail(stderr, cmd, err)
}

// cmdError is an error with the exit code it stands for. Usage errors
// (code 2) add a pointer to the command's help.
type cmdError struct {
	code  int
	usage bool
	err   error
}

func (e *cmdError) Error() string { return e.err.Error() }
func (e *cmdError) Unwrap() error { return e.err }

// usagef is a usage error: exit 2 and a pointer to --help.
func usagef(format string, a ...any) error {
	return &cmdError{code: 2, usage: true, err: fmt.Errorf(format, a...)}
}

// failf is a runtime error with exit code code.
func failf(code int, format string, a ...any) error {
	return &cmdError{code: code, err: fmt.Errorf(format, a...)}
}

// exitCode is a silent exit with code: the command has said why already.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

// fail prints err for sub-command cmd through the scrubber (stderr is a
// redactWriter; RedactAll runs here too, for callers that pass a raw
// writer) and returns the exit code: 0 for nil, 2 unless err says.
func fail(stderr io.Writer, cmd string, err error) int {
	var code exitCode
	if err == nil {
		return 0
	}
	if errors.As(err, &code) {
		return int(code)
	}
	msg := ghtoken.RedactAll(fmt.Sprintf("ghpat-ls %s: %v\n", cmd, err))
	var ce *cmdError
	if !errors.As(err, &ce) {
		ce = &cmdError{code: 2}
	}
	if ce.usage {
		msg += ghtoken.RedactAll(fmt.Sprintf("Run 'ghpat-ls %s --help' for usage.\n", cmd))
	}
	io.WriteString(stderr, msg)
	return ce.code
}

// runVersion prints the version.
func runVersion(args []string, stdout io.Writer) error {
	fs := newFlagSet("version")
	rest, help, err := parseArgs(fs, args, stdout, "Usage: ghpat-ls version\n\nPrints the version of ghpat-ls.\n")
	if help || err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("takes no arguments (got %q)", rest[0])
	}
	fmt.Fprintln(stdout, versionLine())
	return nil
}

// redactWriter passes each write through ghtoken.RedactAll. Every message
// is written with one Fprint, so a token is never split between two
// writes.
type redactWriter struct{ w io.Writer }

func (r redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, ghtoken.RedactAll(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
