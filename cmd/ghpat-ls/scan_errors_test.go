package main

import (
	"os"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

// The scan library names options, not flags (scan.OptionError,
// scan.ConflictError): the command line words them with its own.
func TestScanErrorsNameTheFlags(t *testing.T) {
	dir := t.TempDir()
	fcGit(t, os.Environ(), dir, "init", "-q")
	bin := testbin.Path(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--history", "--staged"}, "--history cannot be combined with --staged, --diff or paths (a range is --history=A..B)"},
		{[]string{"--staged", "--diff", "HEAD"}, "--staged cannot be combined with --diff"},
		{[]string{"--history", "--all-rules"}, "--history cannot be combined with --all-rules: "},
		{[]string{"--diff", "no-such-rev"}, `--diff: "no-such-rev" does not name one revision`},
		{[]string{"--history=-x"}, `--history: "-x" is not a revision`},
	} {
		r := scRun(t, os.Environ(), dir, bin, append([]string{"scan"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("scan %v: exit %d, want 2 and %q\n%s", c.args, r.code, c.want, r.stderr)
		}
	}
}

// Each report command's --format help, the check of its value and its
// writers come from one list: every name the help gives is accepted, and
// the usage error names the same ones.
func TestFormatsHelpCheckAndWritersAgree(t *testing.T) {
	dir := t.TempDir()
	bin := testbin.Path(t)
	for cmd, formats := range map[string][]string{
		"scan":             scan.Formats.Names(),
		"permissions":      permissionsFormats.Names(),
		"breaking-changes": breakingFormats.Names(),
	} {
		phrase := strings.Join(formats[:len(formats)-1], ", ") + " or " + formats[len(formats)-1]
		help := scRun(t, os.Environ(), dir, bin, cmd, "--help")
		if !strings.Contains(strings.Join(strings.Fields(help.stdout), " "), "format: "+phrase) {
			t.Errorf("%s --help does not name the formats %q:\n%s", cmd, phrase, help.stdout)
		}
		bad := scRun(t, os.Environ(), dir, bin, cmd, "--format", "xml", ".")
		if bad.code != 2 || !strings.Contains(bad.stderr, "--format must be "+phrase+`, not "xml"`) {
			t.Errorf("%s --format xml: exit %d\n%s", cmd, bad.code, bad.stderr)
		}
		for _, f := range formats {
			r := scRun(t, os.Environ(), dir, bin, cmd, "--format", f, ".")
			if r.code == 2 || r.stdout == "" && f != "text" {
				t.Errorf("%s --format %s: exit %d, %d bytes\n%s", cmd, f, r.code, len(r.stdout), r.stderr)
			}
		}
	}
}
