package scan

import "github.com/ghpat-ls/ghpat-ls/internal/report"

// Option is one choice of Options as an error names it. The library's
// errors do not speak of a command line: a front door words an Option in
// its own terms (cmd/ghpat-ls: OptionHistory is --history).
type Option string

const (
	OptionPaths    Option = "paths"
	OptionStaged   Option = "staged"
	OptionDiff     Option = "diff"
	OptionHistory  Option = "history"
	OptionCache    Option = "cache"
	OptionAllRules Option = "all rules"
)

// OptionError is an error in what one option asks for: a revision that
// names nothing, a cache file that cannot be read, a repository that
// cannot give the history asked for.
type OptionError struct {
	Option Option
	Err    error
}

func (e *OptionError) Error() string { return string(e.Option) + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// ConflictError is options set together that cannot be: Option with any
// of With. Why, when set, says what keeps them apart.
type ConflictError struct {
	Option Option
	With   []Option
	Why    string
}

func (e *ConflictError) Error() string {
	with := make([]string, len(e.With))
	for i, o := range e.With {
		with[i] = string(o)
	}
	msg := string(e.Option) + " cannot be combined with " + report.OrList(with)
	if e.Why != "" {
		msg += ": " + e.Why
	}
	return msg
}
