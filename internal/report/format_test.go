package report

import (
	"io"
	"testing"
)

func TestFormats(t *testing.T) {
	write := func(io.Writer, int) error { return nil }
	fs := Formats[int]{{"text", write}, {"json", write}, {"sarif", write}}
	if got := fs.Phrase(); got != "text, json or sarif" {
		t.Errorf("Phrase = %q", got)
	}
	if fs.Default() != "text" {
		t.Errorf("Default = %q", fs.Default())
	}
	if f, err := fs.Lookup("json"); err != nil || f.Name != "json" {
		t.Errorf("Lookup(json) = %v, %v", f.Name, err)
	}
	if _, err := fs.Lookup("xml"); err == nil || err.Error() != `must be text, json or sarif, not "xml"` {
		t.Errorf("Lookup(xml): %v", err)
	}
	if got := OrList([]string{"a", "b"}); got != "a or b" {
		t.Errorf("OrList = %q", got)
	}
}
