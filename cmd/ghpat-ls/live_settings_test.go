package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestLiveSettings drives the wiring in-process: the editor's settings
// turn lookups off and on, and the rules and expiryWarningDays settings
// shape the diagnostics on references.
func TestLiveSettings(t *testing.T) {
	whoamiClearEnv(t)
	fake := tokeninfotest.NewTLS(t, analysis.DefaultAPIVersion)
	liveHTTPClient = fake.Client()
	t.Cleanup(func() { liveHTTPClient = nil })
	host := strings.TrimPrefix(fake.URL, "https://")
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 501)
	g := fixture.Watch(t, tok)
	fake.Token(tok, tokeninfotest.Classic)
	fake.Expire(tok, time.Now().Add(3*24*time.Hour+time.Hour))
	t.Setenv("GITHUB_TOKEN", tok)

	var logs lsptest.Buffer
	opts := lsp.Options{Logger: lsp.NewLogger(&logs, lsp.LevelDebug)}
	addLiveLookups(&opts) // no server to refresh: nothing to attach
	apply := func(liveLookups, rules string) {
		t.Helper()
		raw := fmt.Sprintf(`{"enterpriseHost": %q, "liveLookups": %s, "rules": %s}`, host, liveLookups, rules)
		st, errs := lsp.ParseSettings(json.RawMessage(raw), lsp.DefaultSettings())
		if len(errs) > 0 {
			t.Fatalf("settings %s: %v", raw, errs)
		}
		opts.OnSettings(st)
	}
	doc := lsp.NewDocument("file:///src/app.js", "javascript", 1, []byte("const t = process.env.GITHUB_TOKEN;\n"))
	diags := func() string {
		var out []string
		for _, f := range opts.ExtraDiagnostics(doc) {
			g.CheckString("a diagnostic", f.Message)
			out = append(out, fmt.Sprintf("%s/%v@%d-%d", f.RuleID, f.Severity, f.Range.Start, f.Range.End))
		}
		return strings.Join(out, " ")
	}

	// Off: no diagnostics and nothing sent.
	apply(`{"enabled": false}`, `{}`)
	if got := diags(); got != "" || fake.Count() != 0 {
		t.Fatalf("disabled: diagnostics %q, requests %v", got, fake.Requests())
	}

	// On: the hover waits (timeoutMs) for the one request.
	apply(`{"enabled": true, "timeoutMs": 9000}`, `{}`)
	refs := analysis.EnvRefs(doc.Path, doc.LanguageID, doc.Text, nil)
	if len(refs) != 1 {
		t.Fatalf("refs %+v", refs)
	}
	md, ok := opts.LiveHover.Hover(context.Background(), refs[0])
	g.CheckString("the hover", md)
	if !ok || !strings.Contains(md, "Owner: **octocat**") || !strings.Contains(md, "(in 3 days)") {
		t.Fatalf("hover: %s", g.Redact(md))
	}
	const ref = "@10-34" // process.env.GITHUB_TOKEN
	if got, want := diags(), tokeninfo.RuleTokenExpiring+"/warning"+ref; got != want {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	// The rules setting applies to the live rules too.
	apply(`{"enabled": true}`, `{"github-token-expiring": {"severity": "error"}}`)
	if got, want := diags(), tokeninfo.RuleTokenExpiring+"/error"+ref; got != want {
		t.Errorf("severity override: %q, want %q", got, want)
	}
	apply(`{"enabled": true}`, `{"github-token-expiring": {"disabled": true}}`)
	if got := diags(); got != "" {
		t.Errorf("disabled rule: %q", got)
	}
	// A one-day warning window: three days left is fine.
	apply(`{"enabled": true, "expiryWarningDays": 1}`, `{}`)
	if got := diags(); got != "" {
		t.Errorf("expiryWarningDays 1: %q", got)
	}
	apply(`{"enabled": true, "expiryWarningDays": 4}`, `{}`)
	if got, want := diags(), tokeninfo.RuleTokenExpiring+"/warning"+ref; got != want {
		t.Errorf("expiryWarningDays 4: %q, want %q", got, want)
	}
	// Diagnostics off, hovers still on.
	apply(`{"enabled": true, "diagnostics": false}`, `{}`)
	if got := diags(); got != "" {
		t.Errorf("diagnostics false: %q", got)
	}
	// Same endpoint all along: the cache held.
	if n := fake.Count(); n != 1 {
		t.Errorf("requests %v", fake.Requests())
	}
	g.CheckString("the log", logs.String())
}
