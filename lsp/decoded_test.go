package lsp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// TestDiagnosticsDecodedTokens: an open file holding a token in any of
// the decoded forms (issue 19: a Secret manifest, a Docker config, a
// percent-encoded URL, ...) gets one error diagnostic with the plain
// token's rule, where the token's encoding starts (line and UTF-16
// column), saying how it was written; no frame shows the token in any
// form (the harness's guard greps for the encoded forms too).
func TestDiagnosticsDecodedTokens(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer,
		ghtoken.ServerToServer, ghtoken.Refresh, ghtoken.StatelessInstall}
	for i, enc := range fixture.Encodings {
		tok := ghtoken.Generate(kinds[i%len(kinds)], uint64(1900+i))
		h.secrets = append(h.secrets, tok)
		// A non-ASCII lead line: columns are UTF-16, not bytes.
		text, start := enc.Make(tok)
		text = "# ключ 🔑\n" + text
		if start >= 0 {
			start += len("# ключ 🔑\n")
		}
		uri := fmt.Sprintf("file:///w/enc%02d.yaml", i)
		h.open(uri, "yaml", text, 1)
		ds := h.diagnostics(uri, 1).Diagnostics
		if len(ds) != 1 {
			t.Errorf("%s: %d diagnostics, want 1", enc.Name, len(ds))
			continue
		}
		d := ds[0]
		if d.Severity != 1 || !strings.HasSuffix(d.Message, "written as "+enc.How) || !strings.HasPrefix(d.Code, "github-") {
			t.Errorf("%s: %+v", enc.Name, d)
		}
		// Revoke applies to a decoded token as to a plain one: the action is
		// offered, with the redacted token the server re-read by decoding.
		if kinds[i%len(kinds)] == ghtoken.ClassicPAT {
			var actions []wireAction
			h.mustCall("textDocument/codeAction", map[string]any{
				"textDocument": map[string]any{"uri": uri},
				"range":        map[string]any{"start": d.Range.Start, "end": d.Range.Start},
				"context":      map[string]any{"diagnostics": []any{}},
			}, &actions)
			revokes := 0
			for _, a := range actions {
				if a.Command != nil && a.Command.Command == RevokeCommand && len(a.Command.Arguments) == 1 &&
					a.Command.Arguments[0].Redacted == ghtoken.Redact(tok) {
					revokes++
				}
			}
			if revokes != 1 {
				t.Errorf("%s: %d revoke actions for the decoded token, want 1", enc.Name, revokes)
			}
		}
		if start >= 0 {
			line := strings.Count(text[:start], "\n")
			col := start - (strings.LastIndexByte(text[:start], '\n') + 1) // ASCII after the first line
			if d.Range.Start.Line != line || d.Range.Start.Character != col {
				t.Errorf("%s: starts at %d:%d, want %d:%d", enc.Name, d.Range.Start.Line, d.Range.Start.Character, line, col)
			}
		}
	}
	h.shutdownExit()
}
