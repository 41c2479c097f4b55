package gitcmd

import (
	"errors"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// git's hints and usage texts speak of git's command line: an error keeps
// only what went wrong, scrubbed.
func TestMessageKeepsWhatWentWrong(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7)
	stderr := "hint: try this\nfatal: ambiguous argument '" + tok + "': unknown revision\nUse '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'\n"
	got := Message(stderr)
	if !strings.HasPrefix(got, "ambiguous argument '") || strings.Contains(got, tok) || strings.Contains(got, "hint") || strings.Contains(got, "--") {
		t.Errorf("Message = %q", got)
	}
	if got := Message("warning: one\nusage: git foo\n   -x  bar\n"); got != "warning: one" {
		t.Errorf("Message before a usage text = %q", got)
	}
}

func TestErrorNamesTheSubcommand(t *testing.T) {
	cmd := Command(t.Context(), t.TempDir(), "-c", "core.quotePath=false", "diff", "--raw")
	err := Error(cmd, "fatal: not a git repository\n", errors.New("exit status 128"))
	if err.Error() != "git diff: not a git repository" {
		t.Errorf("Error = %q", err)
	}
	if _, err := Output(t.Context(), t.TempDir(), "rev-parse", "--show-toplevel"); err == nil || !strings.HasPrefix(err.Error(), "git rev-parse: ") {
		t.Errorf("Output outside a repository: %v", err)
	}
}
