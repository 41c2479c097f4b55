package scan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The library's errors name an Option (or options that conflict), never
// a command-line flag: the front door words them (issue 20).
func TestRunErrorsNameOptionsNotFlags(t *testing.T) {
	dir := gitRepo(t)
	notCache := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notCache, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opts Options
		want Option
	}{
		{Options{History: &HistoryOptions{}, Staged: true}, OptionHistory},
		{Options{History: &HistoryOptions{}, Paths: []string{"."}}, OptionHistory},
		{Options{Staged: true, DiffRev: "HEAD"}, OptionStaged},
		{Options{History: &HistoryOptions{}, AllRules: true}, OptionHistory},
		{Options{History: &HistoryOptions{Revs: []string{"-x"}}}, OptionHistory},
		{Options{History: &HistoryOptions{CacheFile: notCache}}, OptionCache},
		{Options{DiffRev: "no-such-rev"}, OptionDiff},
		{Options{DiffRev: "-x"}, OptionDiff},
	} {
		c.opts.Dir = dir
		_, err := Run(t.Context(), c.opts)
		var oe *OptionError
		var ce *ConflictError
		got := Option("")
		switch {
		case errors.As(err, &ce):
			got = ce.Option
		case errors.As(err, &oe):
			got = oe.Option
		}
		if got != c.want || strings.Contains(err.Error(), "--") {
			t.Errorf("%+v: error %v (option %q), want one of option %q naming no flag", c.opts, err, got, c.want)
		}
	}
}
