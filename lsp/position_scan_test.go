package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

// TestScanAndEditorAgreeOnPositions: with old-Mac "\r" line endings (and
// mixed ones), `scan` names the same line:column as the diagnostic the
// editor shows, because both use analysis.LineIndex.
func TestScanAndEditorAgreeOnPositions(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 31)
	for name, eol := range map[string][]string{
		"cr":    {"\r", "\r", "\r"},
		"crlf":  {"\r\n", "\r\n", "\r\n"},
		"mixed": {"\r", "\n", "\r\n"},
	} {
		t.Run(name, func(t *testing.T) {
			text := "// 密钥 config" + eol[0] + "const a = 1;" + eol[1] + "const t = \"" + tok + "\";" + eol[2]
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "app.js"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := scan.Run(context.Background(), scan.Options{Dir: dir, IgnoreFile: "-"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != 1 {
				t.Fatalf("scan: %d findings, want 1", len(rep.Findings))
			}
			sf := rep.Findings[0]

			h := startServer(t, Options{})
			h.initialize(nil, nil)
			uri := "file://" + filepath.ToSlash(filepath.Join(dir, "app.js"))
			h.open(uri, "javascript", text, 1)
			pats := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleClassicPAT)
			if len(pats) != 1 {
				t.Fatalf("editor: %d github-pat diagnostics, want 1", len(pats))
			}
			d := pats[0].Range

			want := lsptest.Position{Line: 2, Character: len(`const t = "`)}
			if d.Start != want || d.Start != lsptest.PositionOf(text, strings.Index(text, tok)) {
				t.Errorf("editor diagnostic at %+v, want %+v", d.Start, want)
			}
			if sf.Line-1 != d.Start.Line || sf.Column-1 != d.Start.Character || sf.EndLine-1 != d.End.Line || sf.EndColumn-1 != d.End.Character {
				t.Errorf("scan says %d:%d-%d:%d, the editor shows %d:%d-%d:%d (1-based)", sf.Line, sf.Column, sf.EndLine, sf.EndColumn,
					d.Start.Line+1, d.Start.Character+1, d.End.Line+1, d.End.Character+1)
			}
			h.shutdownExit()
		})
	}
}
