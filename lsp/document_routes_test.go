package lsp

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// The routes of an open document are found once per snapshot: the copy an
// analysis makes shares them, an edit finds them anew.
func TestDocumentRoutesPerSnapshot(t *testing.T) {
	d := NewDocument("file:///w/call.sh", "shellscript", 1, []byte("curl https://api.github.com/repos/o/r/issues\n"))
	first := d.apiRoutes(nil)
	if len(first) != 1 {
		t.Fatalf("routes of one call: got %d", len(first))
	}
	analysed := d.withFindings(nil, "")
	if got := analysed.apiRoutes(nil); len(got) != 1 || got[0] != first[0] {
		t.Fatalf("analysed copy: got %v, want the snapshot's own %v", got, first)
	}
	edited := analysed.Apply(2, []Change{{Range: &protocol.Range{
		Start: protocol.Position{Line: 0, Character: 0}, End: protocol.Position{Line: 1, Character: 0}}, Text: "echo none\n"}})
	if got := edited.apiRoutes(nil); len(got) != 0 {
		t.Fatalf("after the edit removed the call: got %d routes", len(got))
	}
}

// The engine's findings are kept per snapshot and config: the same config
// answers the same findings in a copy of their own, another config (a
// settings change) analyses again, and an edit starts anew.
func TestBaseAnalysisPerSnapshotAndConfig(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7)
	d := NewDocument("file:///w/a.env", "", 1, []byte("TOKEN="+tok+"\n"))
	on := DefaultSettings().Config()
	first := baseAnalysis(d, on)
	if len(first) != 1 {
		t.Fatalf("findings of one token: got %d", len(first))
	}
	first[0].RuleID = "changed by the caller"
	again := baseAnalysis(d.withFindings(nil, ""), on)
	if len(again) != 1 || again[0].RuleID == "changed by the caller" {
		t.Fatalf("second analysis under the same config: %+v", again)
	}
	off := &analysis.Config{Disabled: map[string]bool{again[0].RuleID: true}}
	if got := baseAnalysis(d, off); len(got) != 0 {
		t.Fatalf("rule disabled by a new config: got %d findings", len(got))
	}
	edited := d.Apply(2, []Change{{Text: "TOKEN=\n"}})
	if got := baseAnalysis(edited, on); len(got) != 0 {
		t.Fatalf("after the edit removed the token: got %d findings", len(got))
	}
}
