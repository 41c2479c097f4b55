package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

// The routes of an open document are found once per snapshot: the copy an
// analysis makes shares them, an edit finds them anew.
func TestDocumentRoutesPerSnapshot(t *testing.T) {
	d := NewDocument("file:///w/call.sh", "shellscript", 1, []byte("curl https://api.github.com/repos/o/r/issues\n"))
	first := d.apiRoutes()
	if len(first) != 1 {
		t.Fatalf("routes of one call: got %d", len(first))
	}
	analysed := d.withFindings(nil, "")
	if got := analysed.apiRoutes(); len(got) != 1 || got[0] != first[0] {
		t.Fatalf("analysed copy: got %v, want the snapshot's own %v", got, first)
	}
	edited := analysed.Apply(2, []Change{{Range: &protocol.Range{
		Start: protocol.Position{Line: 0, Character: 0}, End: protocol.Position{Line: 1, Character: 0}}, Text: "echo none\n"}})
	if got := edited.apiRoutes(); len(got) != 0 {
		t.Fatalf("after the edit removed the call: got %d routes", len(got))
	}
}
