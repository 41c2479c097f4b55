package report

import (
	"fmt"
	"io"
)

// Format is one output format of a report of type R: its name as the
// user types it (--format NAME) and its writer.
type Format[R any] struct {
	Name  string
	Write func(w io.Writer, rep R) error
}

// Formats are the formats of one command, in the order its help names
// them; the first is the default. The flag's help, the check of its value
// and the choice of the writer all read this one list.
type Formats[R any] []Format[R]

// Names lists the formats' names in order.
func (fs Formats[R]) Names() []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// Default is the first format's name.
func (fs Formats[R]) Default() string { return fs[0].Name }

// Phrase names the formats as a sentence does: "text, json or sarif".
func (fs Formats[R]) Phrase() string { return OrList(fs.Names()) }

// Lookup finds the format called name; the error says which there are.
func (fs Formats[R]) Lookup(name string) (Format[R], error) {
	for _, f := range fs {
		if f.Name == name {
			return f, nil
		}
	}
	return Format[R]{}, fmt.Errorf("must be %s, not %q", fs.Phrase(), name)
}
