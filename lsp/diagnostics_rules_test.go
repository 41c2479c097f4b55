package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestDiagnosticsLinkTheirRule: every diagnostic carries codeDescription.href
// to its rule's section of docs/rules.md, and its message is one short
// sentence (the explanation is behind the link and in the hover).
func TestDiagnosticsLinkTheirRule(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7)
	h.secrets = append(h.secrets, tok)
	const uri = "file:///work/a.js"
	text := "const t = \"" + tok + "\";\nfetch(\"https://api.github.com/user\", { headers: { Authorization: `token ${t}` } });\n"
	h.open(uri, "javascript", text, 1)
	raw, err := h.c.WaitNotification(h.ctx(), "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), uri)
	})
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Diagnostics []struct {
			Code            string `json:"code"`
			Message         string `json:"message"`
			CodeDescription *struct {
				Href string `json:"href"`
			} `json:"codeDescription"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, d := range p.Diagnostics {
		codes[d.Code] = true
		if d.CodeDescription == nil || d.CodeDescription.Href != analysis.HelpURL(d.Code) {
			t.Errorf("%s: codeDescription %+v, want href %s", d.Code, d.CodeDescription, analysis.HelpURL(d.Code))
		}
		if r, _ := analysis.RuleByID(d.Code); r.Kind == analysis.KindToken && len([]rune(d.Message)) > 100 {
			t.Errorf("%s: message of %d characters, want at most 100: %q", d.Code, len([]rune(d.Message)), d.Message)
		}
	}
	for _, want := range []string{analysis.RuleClassicPAT, analysis.RuleLegacyAuthScheme} {
		if !codes[want] {
			t.Errorf("no %s diagnostic in %s", want, raw)
		}
	}
	h.shutdownExit()
}

// TestHoverExplainsTheRule: the hover on a finding carries its rule's Help
// from the registry and the link to docs/rules.md, for token and header
// rules alike (the messages themselves stay short).
func TestHoverExplainsTheRule(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 8)
	h.secrets = append(h.secrets, tok)
	const uri = "file:///work/b.sh"
	text := "T=" + tok + "\ncurl -H \"Authorization: token $T\" https://api.github.com/user\n"
	h.open(uri, "shellscript", text, 1)
	diags := h.diagnostics(uri, 1).Diagnostics
	for _, id := range []string{analysis.RuleClassicPAT, analysis.RuleLegacyAuthScheme} {
		d := byCode(diags, id)
		if len(d) != 1 {
			t.Fatalf("no %s diagnostic: %+v", id, diags)
		}
		var hov struct {
			Contents struct{ Value string } `json:"contents"`
		}
		h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": d[0].Range.Start}, &hov)
		r, _ := analysis.RuleByID(id)
		if !strings.Contains(hov.Contents.Value, analysis.HelpURL(id)) {
			t.Errorf("%s hover lacks the docs link:\n%s", id, hov.Contents.Value)
		}
		if r.Kind == analysis.KindHeader && !strings.Contains(hov.Contents.Value, r.Help) {
			t.Errorf("%s hover lacks the rule's help:\n%s", id, hov.Contents.Value)
		}
		if r.Kind == analysis.KindToken && !strings.Contains(hov.Contents.Value, "gitleaks:allow") {
			t.Errorf("%s hover does not say how to mark a false positive:\n%s", id, hov.Contents.Value)
		}
	}
	h.shutdownExit()
}
