package main

// The help and usage-error machinery of every sub-command: one parser
// that lets flags and arguments mix, one help printer that writes flags
// the way the docs do (--flag), and one wording for flag errors.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/internal/report"
)

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// newFlagSet is a flag set that prints nothing itself: parseArgs reports
// help and errors.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

func isHelpFlag(s string) bool {
	return s == "-h" || s == "-help" || s == "--help"
}

// parseArgs parses args with fs, flags and arguments in any order (as in
// `scan . --format json`); "--" ends the flags. It returns the arguments.
// --help (-h) prints header and the flags on stdout and returns
// help=true; a bad flag is a usage error for fail to print.
func parseArgs(fs *flag.FlagSet, args []string, stdout io.Writer, header string) (rest []string, help bool, err error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(stdout, fs, header)
				return nil, true, nil
			}
			return nil, false, usagef("%s", flagError(err))
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, false, nil
		}
		if consumed := len(args) - len(left); consumed > 0 && args[consumed-1] == "--" {
			return append(rest, left...), false, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// flagErrorForms are the flag package's messages and how ghpat-ls words
// them, flags written as the help writes them.
var flagErrorForms = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^flag provided but not defined: -(.*)$`), "unknown flag %s"},
	{regexp.MustCompile(`^flag needs an argument: -(.*)$`), "flag %s needs a value"},
	{regexp.MustCompile(`^(invalid (?:boolean )?value ".*") for (?:flag )?-([^:]*)(: .*)?$`), ""},
}

// flagError rewords an error of flag.FlagSet.Parse.
func flagError(err error) string {
	msg := err.Error()
	for _, f := range flagErrorForms {
		m := f.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		if f.with != "" {
			return fmt.Sprintf(f.with, dashed(m[1]))
		}
		return m[1] + " for " + dashed(m[2]) + m[3]
	}
	return msg
}

// dashed writes a flag name as typed on the command line: -v, --format.
func dashed(name string) string {
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

// helpEntry is one line of a flag list: a flag and its aliases (flags
// bound to the same variable, such as -q and --quiet).
type helpEntry struct {
	names []string // short ones first
	arg   string   // the value's name, "" for a boolean flag
	usage string
	def   string // shown default, "" for none
}

// helpEntries groups fs's flags by the variable they set.
func helpEntries(fs *flag.FlagSet) []*helpEntry {
	var entries []*helpEntry
	byValue := map[uintptr]*helpEntry{}
	fs.VisitAll(func(f *flag.Flag) {
		key := uintptr(0)
		if v := reflect.ValueOf(f.Value); v.Kind() == reflect.Pointer {
			key = v.Pointer()
		}
		arg, usage := flag.UnquoteUsage(f)
		if e := byValue[key]; key != 0 && e != nil {
			e.names = append(e.names, f.Name)
			if len(usage) > len(e.usage) {
				e.usage = usage
			}
			return
		}
		e := &helpEntry{names: []string{f.Name}, arg: strings.ToUpper(arg), usage: usage, def: shownDefault(f)}
		entries = append(entries, e)
		byValue[key] = e
	})
	for _, e := range entries {
		sort.Slice(e.names, func(i, j int) bool {
			if len(e.names[i]) != len(e.names[j]) {
				return len(e.names[i]) < len(e.names[j])
			}
			return e.names[i] < e.names[j]
		})
	}
	sort.Slice(entries, func(i, j int) bool { return longName(entries[i]) < longName(entries[j]) })
	return entries
}

func longName(e *helpEntry) string { return e.names[len(e.names)-1] }

// shownDefault is a flag's default worth printing: not the zero value.
func shownDefault(f *flag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "0s":
		return ""
	}
	if g, ok := f.Value.(flag.Getter); ok {
		if _, isString := g.Get().(string); isString {
			return fmt.Sprintf("%q", f.DefValue)
		}
	}
	return f.DefValue
}

// printHelp writes header, then fs's flags as "  -q, --quiet  usage",
// the usage column wrapped to helpWidth.
func printHelp(w io.Writer, fs *flag.FlagSet, header string) {
	entries := helpEntries(fs)
	shortIndent := ""
	for _, e := range entries {
		if len(e.names) > 1 && len([]rune(e.names[0])) == 1 {
			shortIndent = "    " // room for "-q, " before long names
		}
	}
	lefts := make([]string, len(entries))
	col := 0
	for i, e := range entries {
		var names []string
		for _, n := range e.names {
			names = append(names, dashed(n))
		}
		left := "  " + strings.Join(names, ", ")
		if len(e.names) == 1 && len([]rune(e.names[0])) > 1 {
			left = "  " + shortIndent + names[0]
		}
		if e.arg != "" {
			left += " " + e.arg
		}
		lefts[i] = left
		if len(left) <= 30 {
			col = max(col, len(left))
		}
	}
	col += 2
	var b strings.Builder
	b.WriteString(header)
	for i, e := range entries {
		usage := e.usage
		if e.def != "" {
			usage += " (default " + e.def + ")"
		}
		b.WriteString(lefts[i])
		lines := wrapWords(usage, helpWidth-col)
		if len(lefts[i])+2 > col {
			b.WriteString("\n" + strings.Repeat(" ", col))
		} else {
			b.WriteString(strings.Repeat(" ", col-len(lefts[i])))
		}
		b.WriteString(strings.Join(lines, "\n"+strings.Repeat(" ", col)))
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

// wrapWords breaks s into lines of at most width characters where it can.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) > width:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	return append(lines, line)
}

// formatFlag is --format: its help, the check of its value and the writer
// chosen all come from the command's one list of formats.
type formatFlag[R any] struct {
	formats report.Formats[R]
	name    *string
}

// addFormatFlag adds --format to fs; what says what it formats ("report").
func addFormatFlag[R any](fs *flag.FlagSet, formats report.Formats[R], what string) formatFlag[R] {
	return formatFlag[R]{formats, fs.String("format", formats.Default(), what+" `format`: "+formats.Phrase())}
}

// chosen is the format the user named; the error is worded for a usage
// error ("--format must be text, json or sarif, not \"xml\"").
func (f formatFlag[R]) chosen() (report.Format[R], error) {
	format, err := f.formats.Lookup(*f.name)
	if err != nil {
		return format, fmt.Errorf("--format %v", err)
	}
	return format, nil
}
