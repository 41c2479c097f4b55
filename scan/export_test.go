package scan

import (
	"io"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// What only the tests use. They write reports the way the command line
// does, through Formats; WriteText and WriteJSON name the two writers
// they use most.

func WriteText(w io.Writer, rep *Report, color bool) error {
	return writeFormat(w, "text", Output{Report: rep, Color: color})
}

func WriteJSON(w io.Writer, rep *Report) error {
	return writeFormat(w, "json", Output{Report: rep})
}

func writeFormat(w io.Writer, name string, o Output) error {
	f, err := Formats.Lookup(name)
	if err != nil {
		return err
	}
	return f.Write(w, o)
}

// scanContent is scanBlobContent without what expanding containers did.
func scanContent(name string, rd io.Reader, buf []byte, cfg *analysis.Config) (findings []Finding, n int64, err error) {
	findings, n, _, err = scanBlobContent(name, rd, buf, cfg)
	return findings, n, err
}

// newPositioner positions offsets in text from its start (the reader
// positions chunks part-way through a file: first).
func newPositioner(text []byte) *positioner {
	p := &positioner{text: text, first: fileStart}
	p.reset()
	return p
}
