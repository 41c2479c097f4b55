package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// subcommands are every sub-command with the first line of its help.
var subcommands = map[string]string{
	"serve":            "Usage: ghpat-ls [serve] [flags]",
	"scan":             "Usage: ghpat-ls scan [flags] [PATH...]",
	"whoami":           "Usage: ghpat-ls whoami [flags] [VAR]",
	"revoke":           "Usage: ghpat-ls revoke [flags] < tokens.txt",
	"permissions":      "Usage: ghpat-ls permissions [flags] [PATH...]",
	"breaking-changes": "Usage: ghpat-ls breaking-changes [flags] [PATH...]",
	"version":          "Usage: ghpat-ls version",
}

// TestEverySubcommandHelp: `SUB --help`, `SUB -h` and `help SUB` print
// the command's help on stdout, nothing on stderr, exit 0; flags are
// written --flag (a one-letter flag -q), as the docs write them.
func TestEverySubcommandHelp(t *testing.T) {
	singleDashLong := regexp.MustCompile(`(?m)^\s+-[a-z][a-z-]+\b`)
	for sub, first := range subcommands {
		for _, args := range [][]string{{sub, "--help"}, {sub, "-h"}, {"help", sub}, {sub, "-help"}} {
			code, out, errs := runBinary(t, args...)
			if code != 0 || errs != "" || !strings.HasPrefix(out, first+"\n") {
				t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, code, errs, out)
				continue
			}
			if m := singleDashLong.FindString(out); m != "" {
				t.Errorf("%v: a long flag written with one dash (%q):\n%s", args, m, out)
			}
			if sub != "version" && !strings.Contains(out, "\nFlags:\n") {
				t.Errorf("%v: no flag list:\n%s", args, out)
			}
			for _, line := range strings.Split(out, "\n") {
				if len(line) > helpWidth {
					t.Errorf("%v: line longer than %d: %q", args, helpWidth, line)
				}
			}
		}
	}
	for _, args := range [][]string{{"help", "--help"}, {"help", "-h"}, {"--help", "--help"}, {"help", "help"}} {
		code, out, errs := runBinary(t, args...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "ghpat-ls: ") {
			t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, code, errs, out)
		}
	}
	_, out, _ := runBinary(t, "scan", "--help")
	if !regexp.MustCompile(`(?m)^  -q, --quiet  +\S`).MatchString(out) || !regexp.MustCompile(`(?m)^      --format FORMAT  +\S`).MatchString(out) {
		t.Errorf("scan --help: --quiet/-q or --format FORMAT not listed as expected:\n%s", out)
	}
}

// TestUsageErrorsPointAtHelp: a usage error is the error and one line
// pointing at --help, on stderr, exit 2; nothing on stdout, no usage text
// for the error to scroll away under.
func TestUsageErrorsPointAtHelp(t *testing.T) {
	for sub := range subcommands {
		code, out, errs := runBinary(t, sub, "--bogus")
		want := "ghpat-ls " + sub + ": unknown flag --bogus\nRun 'ghpat-ls " + sub + " --help' for usage.\n"
		if code != 2 || out != "" || errs != want {
			t.Errorf("%s --bogus: exit %d, stdout %q, stderr %q; want exit 2, stderr %q", sub, code, out, errs, want)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--format"}, "ghpat-ls scan: flag --format needs a value\nRun 'ghpat-ls scan --help' for usage.\n"},
		{[]string{"whoami", "--timeout", "soon"}, "ghpat-ls whoami: invalid value \"soon\" for --timeout: parse error\nRun 'ghpat-ls whoami --help' for usage.\n"},
		{[]string{"scan", "-x"}, "ghpat-ls scan: unknown flag -x\nRun 'ghpat-ls scan --help' for usage.\n"},
		{[]string{"revoke", "--timeout", "0s"}, "ghpat-ls revoke: --timeout must be positive\nRun 'ghpat-ls revoke --help' for usage.\n"},
		{[]string{"version", "now"}, "ghpat-ls version: takes no arguments (got \"now\")\nRun 'ghpat-ls version --help' for usage.\n"},
		{[]string{"bogus"}, "ghpat-ls: unknown command \"bogus\"\nRun 'ghpat-ls --help' for usage.\n"},
		{[]string{"help", "bogus"}, "ghpat-ls: unknown command \"bogus\"\nRun 'ghpat-ls --help' for usage.\n"},
		// A flag's value, or flags that cannot go together, are usage
		// errors too, whichever check finds them.
		{[]string{"scan", "--format", "xml"}, "ghpat-ls scan: --format must be text, json or sarif, not \"xml\"\nRun 'ghpat-ls scan --help' for usage.\n"},
		{[]string{"scan", "--color", "pink"}, "ghpat-ls scan: --color must be auto, always or never, not \"pink\"\nRun 'ghpat-ls scan --help' for usage.\n"},
		{[]string{"scan", "--staged", "--diff", "HEAD"}, "ghpat-ls scan: --staged cannot be combined with --diff\nRun 'ghpat-ls scan --help' for usage.\n"},
		{[]string{"breaking-changes", "--to", "2020-01-01"}, "ghpat-ls breaking-changes: --to must be a published REST API version (" + strings.Join(ghhost.KnownAPIVersions(), ", ") + "), not \"2020-01-01\"\nRun 'ghpat-ls breaking-changes --help' for usage.\n"},
	} {
		code, out, errs := runBinary(t, c.args...)
		if code != 2 || out != "" || errs != c.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, stderr %q", c.args, code, out, errs, c.want)
		}
	}
	// Flags may follow arguments, and "--" ends them.
	dir := t.TempDir()
	scWrite(t, dir, "-q", "nothing\n")
	r := scRun(t, os.Environ(), dir, testbin.Path(t), "scan", ".", "--format", "json", "--", "-q")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("scan . --format json -- -q: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestRevokeFromDevNull: standard input that is not a terminal (here
// /dev/null, a character device too) is not announced as the terminal;
// empty, it is refused.
func TestRevokeFromDevNull(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	cmd := exec.Command(testbin.Path(t), "revoke", "--dry-run")
	cmd.Stdin = devnull
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 || string(out) != "ghpat-ls revoke: no tokens on standard input; nothing was sent\n" {
		t.Errorf("revoke < /dev/null: %v\n%s", err, out)
	}
}
