package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// runBinary runs the built command with args and no input.
func runBinary(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(testbin.Path(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// Every usage error of every sub-command, through the one error path:
// exit 2, the message on stderr, the token typed into argv redacted.
func TestUsageErrorsNeverEchoAToken(t *testing.T) {
	g := fixture.NewGuard(t, 31)
	tok := g.Token(ghtoken.ClassicPAT)
	fine := g.Token(ghtoken.FineGrainedPAT)
	jwt := g.Token(ghtoken.StatelessInstall)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{tok}, "unknown command"},
		{[]string{"serve", tok}, "unexpected argument"},
		{[]string{"--" + fine}, "unknown flag --"},
		{[]string{"serve", "-" + jwt + "=1"}, "unknown flag --"},
		{[]string{"--log-level", tok}, "unknown log level"},
		{[]string{"--log-level=" + jwt}, "unknown log level"},
		{[]string{"--log-file", filepath.Join(dir, "missing", tok)}, "--log-file"},
		{[]string{"--log-file", dir}, "--log-file"}, // a directory
		{[]string{"--log-file", "-"}, "stdout carries the LSP stream"},
		{[]string{"--version=" + tok}, "invalid boolean value"},
		{[]string{"whoami", "--" + tok}, "unknown flag --"},
		{[]string{"whoami", "--timeout", tok}, "invalid value"},
		{[]string{"whoami", "A", fine}, "one variable name at most"},
		{[]string{"whoami", fine}, "looks like a token"},
		{[]string{"version", jwt}, "takes no arguments"},
		{[]string{"scan", "--format", fine, dir}, "--format"},
		{[]string{"scan", "--" + tok}, "unknown flag --"},
	} {
		code, out, errs := runBinary(t, c.args...)
		g.CheckString("stdout of "+g.Redact(strings.Join(c.args, " ")), out)
		g.CheckString("stderr of "+g.Redact(strings.Join(c.args, " ")), errs)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("ghpat-ls %s: exit %d, stderr %q; want exit 2 and %q", g.Redact(strings.Join(c.args, " ")), code, g.Redact(errs), c.want)
		}
		if strings.Contains(strings.Join(c.args, " "), tok) && !strings.Contains(errs, ghtoken.Redact(tok)) && c.want != "invalid boolean value" {
			t.Errorf("ghpat-ls %s: stderr %q does not name the redacted argument", g.Redact(strings.Join(c.args, " ")), g.Redact(errs))
		}
	}
}

// --help lists every sub-command, and each command's --help shows its
// flags on stdout, boolean ones without an argument.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errs := runBinary(t, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		for _, cmd := range []string{"serve", "scan", "whoami", "version", "help"} {
			if !regexp.MustCompile(`(?m)^  ghpat-ls (\[` + cmd + `\]|` + cmd + `) .*\S\s{2,}\S`).MatchString(out) {
				t.Errorf("%v: no one-line entry for %s in:\n%s", args, cmd, out)
			}
		}
	}
	for _, c := range []struct {
		args  []string
		bools []string
	}{
		{[]string{"serve", "--help"}, []string{"stdio", "version"}},
		{[]string{"--help", "serve"}, nil}, // the overview, whatever follows
		{[]string{"help", "serve"}, []string{"stdio", "version"}},
		{[]string{"whoami", "--help"}, []string{"verbose"}},
		{[]string{"version", "--help"}, nil},
	} {
		code, out, errs := runBinary(t, c.args...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "Usage: ghpat-ls") && c.args[0] != "--help" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, out, errs)
		}
		for _, b := range c.bools {
			// "  -v, --verbose  usage" or "      --stdio  usage", never "--stdio STRING".
			if !regexp.MustCompile(`(?m)^ +(-\w, )?--` + b + `  +\S`).MatchString(out) {
				t.Errorf("%v: boolean flag --%s is not shown bare:\n%s", c.args, b, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if m := regexp.MustCompile(`^ +(?:-\w, )?--(\S+) (\S+)`).FindStringSubmatch(line); m != nil && m[2] == "STRING" {
				t.Errorf("%v: flag --%s has no argument name (%q)", c.args, m[1], line)
			}
		}
	}
}

// A log file that is stdout would write log lines into the LSP stream.
func TestServeRefusesStdoutAsLogFile(t *testing.T) {
	cmd := exec.Command(testbin.Path(t), "--log-file", "/dev/stdout")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	// A real file as stdout, so that /dev/stdout names it.
	fh, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	cmd.Stdout = fh
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(errb.String(), "is stdout") {
		t.Errorf("--log-file /dev/stdout: %v, stderr %q", err, errb.String())
	}
}
