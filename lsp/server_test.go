package lsp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

func TestInitializeCapabilities(t *testing.T) {
	h := startServer(t, Options{})
	res := h.initialize(map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}}}, nil)
	caps, _ := res["capabilities"].(map[string]any)
	sync, _ := caps["textDocumentSync"].(map[string]any)
	if sync["change"] != float64(2) || sync["openClose"] != true || sync["save"] == nil {
		t.Errorf("textDocumentSync = %v, want incremental (2), openClose, save", sync)
	}
	if caps["hoverProvider"] != true {
		t.Errorf("hoverProvider = %v", caps["hoverProvider"])
	}
	ca, _ := caps["codeActionProvider"].(map[string]any)
	if kinds, _ := ca["codeActionKinds"].([]any); len(kinds) != 1 || kinds[0] != "quickfix" {
		t.Errorf("codeActionProvider = %v, want quickfix", caps["codeActionProvider"])
	}
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding = %v, want utf-16", caps["positionEncoding"])
	}
	if info, _ := res["serverInfo"].(map[string]any); info["name"] != "ghpat-ls" {
		t.Errorf("serverInfo = %v", res["serverInfo"])
	}
	if code := h.shutdownExit(); code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

func TestExitWithoutShutdownIsCode1(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	h.notify("exit", nil)
	if code := h.exitCode(); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
}

func TestEndOfInputWithoutShutdownIsCode1(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	h.stdin.Close()
	if code := h.exitCode(); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
}

func TestLifecycleErrors(t *testing.T) {
	h := startServer(t, Options{})
	hover := map[string]any{"textDocument": map[string]any{"uri": "file:///a.js"}, "position": map[string]any{"line": 0, "character": 0}}
	if err := h.call("textDocument/hover", hover, nil); rpcCode(err) != -32002 {
		t.Errorf("hover before initialize: %v, want ServerNotInitialized (-32002)", err)
	}
	// A notification before initialize is dropped: no diagnostics for it.
	h.open("file:///early.js", "javascript", `const t = "`+ghtoken.Generate(ghtoken.ClassicPAT, 1)+`";`, 1)
	h.secrets = append(h.secrets, ghtoken.Generate(ghtoken.ClassicPAT, 1))
	h.initialize(nil, nil)
	if err := h.call("initialize", map[string]any{"capabilities": map[string]any{}}, nil); rpcCode(err) != -32600 {
		t.Errorf("second initialize: %v, want InvalidRequest", err)
	}
	var actions []any
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": "file:///early.js"},
		"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 99}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("the document opened before initialize was kept: %d actions", len(actions))
	}
	if !strings.Contains(h.log.String(), "ignoring textDocument/didOpen before initialize") {
		t.Errorf("no log line for the early didOpen")
	}
	h.mustCall("shutdown", nil, nil)
	if err := h.call("textDocument/hover", hover, nil); rpcCode(err) != -32600 {
		t.Errorf("hover after shutdown: %v, want InvalidRequest", err)
	}
	h.notify("exit", nil)
	if code := h.exitCode(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

func TestUnknownMethods(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	if err := h.call("textDocument/frobnicate", map[string]any{}, nil); rpcCode(err) != -32601 {
		t.Errorf("unknown request: %v, want MethodNotFound (-32601)", err)
	}
	h.notify("$/setTrace", map[string]any{"value": "off"})
	h.notify("custom/notification", map[string]any{"x": 1})
	if err := h.call("textDocument/hover", "not an object", nil); rpcCode(err) != -32602 {
		t.Errorf("bad params: %v, want InvalidParams (-32602)", err)
	}
	if err := h.call("textDocument/codeAction", nil, nil); rpcCode(err) != -32602 {
		t.Errorf("missing params: %v, want InvalidParams (-32602)", err)
	}
	if code := h.shutdownExit(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

// TestUTF16Positions opens a line with emoji and CJK before a token and
// checks the diagnostic, the code action's edit range and the hover
// against UTF-16 columns computed independently with unicode/utf16.
func TestUTF16Positions(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	text, planted := h.fixture("unicode.js", 7)
	tok := planted[0].Token
	const uri = "file:///work/unicode.js"
	h.open(uri, "javascript", text, 3)
	d := h.diagnostics(uri, 3)

	off := strings.Index(text, tok)
	lineStart := strings.LastIndex(text[:off], "\n") + 1
	col := len(utf16.Encode([]rune(text[lineStart:off])))
	if byteCol := off - lineStart; byteCol == col {
		t.Fatalf("fixture does not exercise UTF-16 (byte column %d == UTF-16 column)", byteCol)
	}
	want := lsptest.Range{
		Start: lsptest.Position{Line: planted[0].Line, Character: col},
		End:   lsptest.Position{Line: planted[0].Line, Character: col + len(tok)},
	}
	pats := byCode(d.Diagnostics, analysis.RuleClassicPAT)
	if len(pats) != 2 {
		t.Fatalf("got %d github-pat diagnostics, want 2 (valid token + placeholder): %+v", len(pats), d.Diagnostics)
	}
	if pats[0].Range != want || pats[0].Severity != 1 || pats[0].Source != "ghpat-ls" {
		t.Errorf("token diagnostic %+v, want range %+v severity 1", pats[0], want)
	}
	if strings.Contains(pats[0].Message, tok) {
		t.Errorf("diagnostic message contains the token")
	}
	// The placeholder on the next line, after 密钥 🚀 and more.
	ph := strings.Index(text, "ghp_aaaa")
	if got, wantPos := pats[1].Range.Start, lsptest.PositionOf(text, ph); got != wantPos || pats[1].Severity != 4 {
		t.Errorf("placeholder at %+v severity %d, want %+v severity 4 (hint)", got, pats[1].Severity, wantPos)
	}

	// Code actions: the edit replaces exactly the token.
	var actions []struct {
		Title string `json:"title"`
		Kind  string `json:"kind"`
		Edit  struct {
			Changes map[string][]lsptest.TextEdit `json:"changes"`
		} `json:"edit"`
	}
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        want,
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}},
	}, &actions)
	var envFix []lsptest.TextEdit
	for _, a := range actions {
		if a.Kind != "quickfix" {
			t.Errorf("action %q has kind %q", a.Title, a.Kind)
		}
		if strings.Contains(a.Title, "process.env") {
			envFix = a.Edit.Changes[uri]
		}
	}
	if len(envFix) == 0 {
		t.Fatalf("no process.env quick fix among %d actions", len(actions))
	}
	fixed, err := lsptest.ApplyEdits(text, envFix)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fixed, tok) || !strings.Contains(fixed, "process.env.GITHUB_TOKEN") {
		t.Errorf("applying the fix left the token or added no env read")
	}
	if !strings.Contains(fixed, `const 名前 = "😀🔑"; const token = `) {
		t.Errorf("the fix damaged the text before the token (wrong UTF-16 range)")
	}

	// Hover inside the token (UTF-16 column), and just before it.
	var hov struct {
		Contents struct{ Kind, Value string } `json:"contents"`
		Range    lsptest.Range                `json:"range"`
	}
	h.mustCall("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     lsptest.Position{Line: planted[0].Line, Character: col + 5},
	}, &hov)
	if hov.Range != want || hov.Contents.Kind != "markdown" {
		t.Errorf("hover range %+v kind %q, want %+v markdown", hov.Range, hov.Contents.Kind, want)
	}
	for _, s := range []string{"classic personal access token", ghtoken.Redact(tok), "Checksum valid", "Revoke", "Personal access tokens", "environment variable"} {
		if !strings.Contains(hov.Contents.Value, s) {
			t.Errorf("hover lacks %q", s)
		}
	}
	var none json.RawMessage
	h.mustCall("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     lsptest.Position{Line: planted[0].Line, Character: col - 2},
	}, &none)
	if string(none) != "null" {
		t.Errorf("hover before the token = %s, want null", none)
	}
	h.shutdownExit()
}

func TestIncrementalChangesAndClose(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	text, planted := h.fixture("app.js", 11)
	tok := planted[0].Token
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	if d := h.diagnostics(uri, 1); len(byCode(d.Diagnostics, analysis.RuleOAuth)) != 1 {
		t.Fatalf("v1: want one github-oauth diagnostic, got %+v", d.Diagnostics)
	}

	// Two changes in one notification; the second's range refers to the
	// text after the first (a line was inserted above the token).
	tokPos := lsptest.PositionOf(text, strings.Index(text, tok))
	h.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{
			map[string]any{"range": lsptest.Range{Start: lsptest.Position{}, End: lsptest.Position{}}, "text": "// 🎉 新しい行\n"},
			map[string]any{"range": lsptest.Range{
				Start: lsptest.Position{Line: tokPos.Line + 1, Character: tokPos.Character},
				End:   lsptest.Position{Line: tokPos.Line + 1, Character: tokPos.Character + len(tok)},
			}, "text": "gho_placeholder"},
		},
	})
	d := h.diagnostics(uri, 2)
	if n := len(byCode(d.Diagnostics, analysis.RuleOAuth)); n != 0 {
		t.Errorf("v2: %d github-oauth diagnostics after replacing the token, want 0", n)
	}

	// A change without a range replaces the whole text.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 3},
		"contentChanges": []any{map[string]any{"text": "// 😀\nx = '" + tok + "'\n"}},
	})
	d = h.diagnostics(uri, 3)
	got := byCode(d.Diagnostics, analysis.RuleOAuth)
	wantStart := lsptest.Position{Line: 1, Character: 5}
	if len(got) != 1 || got[0].Range.Start != wantStart {
		t.Errorf("v3: want the token at %+v, got %+v", wantStart, got)
	}

	h.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if d := h.diagnostics(uri, 3); len(d.Diagnostics) == 0 {
		t.Errorf("didSave republished no diagnostics")
	}

	h.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	d = h.diagnostics(uri, 0)
	if d.Null || len(d.Diagnostics) != 0 {
		t.Errorf("didClose: diagnostics %+v (null=%v), want an empty array", d.Diagnostics, d.Null)
	}
	// A change to a closed document is ignored with a log line.
	h.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 4},
		"contentChanges": []any{map[string]any{"text": "x"}},
	})
	h.shutdownExit()
	if !strings.Contains(h.log.String(), "which is not open") {
		t.Errorf("no log line for a change to a closed document")
	}
}

func TestSettingsPushed(t *testing.T) {
	var seen []Settings
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	// The live lookups are configured from the settings each time they
	// change (and once after initialize).
	rec := &configRecorder{on: func(s Settings) {
		<-mu
		seen = append(seen, s)
		mu <- struct{}{}
	}}
	h := startServer(t, Options{Live: rec})
	rec.srv = h.srv
	h.initialize(nil, map[string]any{"ghpat": map[string]any{"apiVersion": "2022-11-28"}})
	text, _ := h.fixture("app.js", 12)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 || d[0].Severity != 1 {
		t.Fatalf("default: %+v", d)
	}
	push := func(settings any) {
		h.notify("workspace/didChangeConfiguration", map[string]any{"settings": settings})
	}
	push(map[string]any{"ghpat": map[string]any{
		"rules":          map[string]any{"github-oauth": map[string]any{"severity": "warning"}},
		"liveLookups":    map[string]any{"enabled": false, "timeoutMs": 800, "expiryWarningDays": 3},
		"enterpriseHost": "https://GHE.example.com/",
	}})
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 || d[0].Severity != 2 {
		t.Errorf("severity override: %+v", d)
	}
	push(map[string]any{"ghpat": map[string]any{"rules": map[string]any{"github-oauth": map[string]any{"disabled": true}}}})
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 0 {
		t.Errorf("disabled rule still reported: %+v", d)
	}
	// An invalid value is logged and keeps the previous one.
	push(map[string]any{"ghpat": map[string]any{"apiVersion": "latest", "rules": map[string]any{"github-oauth": map[string]any{"disabled": true}}}})
	h.shutdownExit()

	<-mu
	defer func() { mu <- struct{}{} }()
	if len(seen) < 3 {
		t.Fatalf("live lookups configured %d times, want >= 3", len(seen))
	}
	if seen[0].APIVersion != "2022-11-28" {
		t.Errorf("initializationOptions apiVersion = %q", seen[0].APIVersion)
	}
	s1 := seen[1]
	if s1.EnterpriseHost != "ghe.example.com" || s1.LiveLookups.Enabled || s1.LiveLookups.TimeoutMs != 800 ||
		s1.LiveLookups.ExpiryWarningDays != 3 || s1.LiveLookups.CacheTTLSeconds != 300 {
		t.Errorf("pushed settings parsed as %+v", s1)
	}
	if !strings.Contains(h.log.String(), "ghpat.apiVersion") {
		t.Errorf("no log line for the invalid apiVersion")
	}
}

func TestSettingsPulled(t *testing.T) {
	h := startServer(t, Options{})
	pulls := make(chan json.RawMessage, 4)
	answer := make(chan any, 4)
	release := make(chan struct{})
	answer <- map[string]any{"rules": map[string]any{"github-oauth": map[string]any{"severity": "hint"}}}
	h.c.OnRequest = func(method string, params json.RawMessage) (any, *lsptest.Error) {
		if method != "workspace/configuration" {
			return nil, &lsptest.Error{Code: -32601, Message: method}
		}
		pulls <- params
		<-release
		return []any{<-answer}, nil
	}
	h.initialize(map[string]any{"workspace": map[string]any{"configuration": true}}, nil)
	p := <-pulls
	// didOpen reaches the server before the answer to the pull.
	text, _ := h.fixture("app.js", 13)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	close(release)
	if !strings.Contains(string(p), `"section":"ghpat"`) {
		t.Errorf("configuration request %s does not ask for section ghpat", p)
	}
	// Diagnostics wait for the pull too: the first ones already carry the
	// pulled severity (no flash of the default).
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 || d[0].Severity != 4 {
		t.Errorf("first diagnostics after the pull: %+v, want one with severity 4", d)
	}
	// A push without our section (VS Code sends null) triggers a new pull.
	answer <- map[string]any{"rules": map[string]any{"github-oauth": map[string]any{"disabled": true}}}
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	<-pulls
	for {
		d := h.diagnostics(uri, 1)
		if len(byCode(d.Diagnostics, analysis.RuleOAuth)) == 0 {
			break
		}
	}
	h.shutdownExit()
}

// blockingHover blocks until its context ends, like a lookup of a slow
// GitHub.
type blockingHover struct {
	hoverOnly
	started chan analysis.EnvRef
}

func (b blockingHover) Hover(ctx context.Context, ref analysis.EnvRef) (string, bool) {
	b.started <- ref
	<-ctx.Done()
	return "too late", true
}

func TestCancelRequestNumericAndStringIDs(t *testing.T) {
	live := blockingHover{started: make(chan analysis.EnvRef, 1)}
	h := startServer(t, Options{Live: live})
	h.initialize(nil, map[string]any{"liveLookups": map[string]any{"timeoutMs": 10000}})
	text, _ := h.fixture("app.js", 14)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	at := lsptest.PositionOf(text, strings.Index(text, "GITHUB_TOKEN")+2)
	for _, id := range []any{77, "req-abc"} {
		rid, err := h.c.Start(id, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at})
		if err != nil {
			t.Fatal(err)
		}
		ref := <-live.started
		if ref.Name != "GITHUB_TOKEN" {
			t.Errorf("live hover asked about %q", ref.Name)
		}
		// Clients send numeric ids as JSON numbers (decoded as float64 by
		// a naive reader): the raw id is sent back as is.
		h.c.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":` + string(rid) + `}}`)))
		m, err := h.c.Await(h.ctx(), rid)
		if err != nil {
			t.Fatal(err)
		}
		if m.Error == nil || m.Error.Code != -32800 {
			t.Errorf("id %s: response %+v, want RequestCancelled (-32800)", rid, m)
		}
	}
	// Cancelling an unknown id is harmless.
	h.notify("$/cancelRequest", map[string]any{"id": 12345})
	h.shutdownExit()
}

// TestExtraDiagnosticsAndRefresh exercises the seams the live lookups use:
// ExtraDiagnostics adds findings (subject to the per-rule settings) and
// Refresh republishes when their source changes.
func TestExtraDiagnosticsAndRefresh(t *testing.T) {
	var mu = make(chan bool, 1)
	mu <- false // expired?
	extra := func(doc *Document) []analysis.Finding {
		expired := <-mu
		mu <- expired
		i := strings.Index(string(doc.Text), "GITHUB_TOKEN")
		if !expired || i < 0 {
			return nil
		}
		return []analysis.Finding{
			{RuleID: "github-token-expired", Range: analysis.Range{Start: i, End: i + len("GITHUB_TOKEN")}, Severity: analysis.SeverityError, Message: "GITHUB_TOKEN: token expired"},
			{RuleID: "bogus", Range: analysis.Range{Start: -1, End: 1 << 30}},
		}
	}
	h := startServer(t, Options{ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, _ := h.fixture("app.js", 15)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, "github-token-expired"); len(d) != 0 {
		t.Fatalf("extra finding before it exists: %+v", d)
	}
	<-mu
	mu <- true
	h.srv.Refresh()
	d := byCode(h.diagnostics(uri, 1).Diagnostics, "github-token-expired")
	want := lsptest.Range{Start: lsptest.PositionOf(text, strings.Index(text, "GITHUB_TOKEN")), End: lsptest.PositionOf(text, strings.Index(text, "GITHUB_TOKEN")+12)}
	if len(d) != 1 || d[0].Range != want || d[0].Severity != 1 {
		t.Fatalf("extra finding after Refresh: %+v, want one at %+v", d, want)
	}
	// Its hover is the finding's text.
	var hov struct {
		Contents struct{ Value string } `json:"contents"`
	}
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": want.Start}, &hov)
	if !strings.Contains(hov.Contents.Value, "token expired") {
		t.Errorf("hover on the extra finding: %q", hov.Contents.Value)
	}
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{
		"rules": map[string]any{"github-token-expired": map[string]any{"severity": "warning"}},
	}}})
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, "github-token-expired"); len(d) != 1 || d[0].Severity != 2 {
		t.Errorf("severity override on an extra rule: %+v", d)
	}
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{
		"rules": map[string]any{"github-token-expired": map[string]any{"severity": "off"}},
	}}})
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, "github-token-expired"); len(d) != 0 {
		t.Errorf("severity off on an extra rule: %+v", d)
	}
	h.shutdownExit()
	if !strings.Contains(h.log.String(), "dropping an extra finding with an invalid range (bogus)") {
		t.Errorf("no log line for the invalid extra finding")
	}
}

type fakeHover struct {
	hoverOnly
	calls chan analysis.EnvRef
}

func (f fakeHover) Hover(ctx context.Context, ref analysis.EnvRef) (string, bool) {
	f.calls <- ref
	return "**" + ref.Name + "**: live answer", true
}

func TestLiveHoverSeam(t *testing.T) {
	live := fakeHover{calls: make(chan analysis.EnvRef, 4)}
	extra := func(doc *Document) []analysis.Finding {
		i := strings.Index(string(doc.Text), "process.env.GITHUB_TOKEN")
		if i < 0 {
			return nil
		}
		return []analysis.Finding{{RuleID: "github-token-expiring", Range: analysis.Range{Start: i, End: i + len("process.env.GITHUB_TOKEN")}, Severity: analysis.SeverityWarning, Message: "expires soon"}}
	}
	h := startServer(t, Options{Live: live, ExtraDiagnostics: extra})
	h.initialize(nil, nil)
	text, _ := h.fixture("app.js", 16)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	h.diagnostics(uri, 1)
	at := lsptest.PositionOf(text, strings.Index(text, "GITHUB_TOKEN"))
	var hov struct {
		Contents struct{ Value string } `json:"contents"`
		Range    lsptest.Range          `json:"range"`
	}
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at}, &hov)
	if ref := <-live.calls; ref.Name != "GITHUB_TOKEN" || ref.Context != analysis.EnvRuntime {
		t.Errorf("LiveHover got %+v", ref)
	}
	if hov.Contents.Value != "**GITHUB_TOKEN**: live answer" {
		t.Errorf("hover = %q, want the live answer alone (the finding on the reference is what it explains)", hov.Contents.Value)
	}
	// Hovering on a hard-coded token never asks LiveHover.
	tokAt := lsptest.PositionOf(text, strings.Index(text, "gho_")+3)
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": tokAt}, &hov)
	if !strings.Contains(hov.Contents.Value, "OAuth") {
		t.Errorf("token hover = %q", hov.Contents.Value)
	}
	// liveLookups.enabled false: no lookup, only the finding.
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{"liveLookups": map[string]any{"enabled": false}}}})
	h.diagnostics(uri, 1)
	h.mustCall("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at}, &hov)
	if !strings.Contains(hov.Contents.Value, "expires soon") || strings.Contains(hov.Contents.Value, "live answer") {
		t.Errorf("hover with live lookups off = %q", hov.Contents.Value)
	}
	h.shutdownExit()
	if n := len(live.calls); n != 0 {
		t.Errorf("LiveHover called %d more times", n)
	}
}

// A client that announces workspace/configuration but never answers
// delays diagnostics by at most ConfigTimeout.
func TestSettingsPullUnanswered(t *testing.T) {
	h := startServer(t, Options{ConfigTimeout: 200 * time.Millisecond})
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	h.c.OnRequest = func(string, json.RawMessage) (any, *lsptest.Error) {
		<-never
		return nil, nil
	}
	h.initialize(map[string]any{"workspace": map[string]any{"configuration": true}}, nil)
	text, _ := h.fixture("app.js", 17)
	const uri = "file:///work/app.js"
	h.open(uri, "javascript", text, 1)
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleOAuth); len(d) != 1 || d[0].Severity != 1 {
		t.Errorf("diagnostics after an unanswered pull: %+v", d)
	}
	h.shutdownExit()
	if !strings.Contains(h.log.String(), "workspace/configuration: context deadline exceeded") {
		t.Errorf("no log line for the unanswered pull")
	}
}

// apiVersion and enterpriseHost reach the analysis: an Enterprise API call
// is recognised and the pin fix offers the configured version.
func TestSettingsReachTheAnalysis(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, map[string]any{"ghpat": map[string]any{"apiVersion": "2026-03-10", "enterpriseHost": "ghe.example.com"}})
	text := "// 🚀 部署\nconst r = await fetch(\"https://ghe.example.com/api/v3/user\", { headers: { Accept: \"application/vnd.github+json\" } });\n"
	const uri = "file:///work/ghe.js"
	h.open(uri, "javascript", text, 1)
	d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleUnpinnedVersion)
	if len(d) != 1 {
		t.Fatalf("no unpinned-version diagnostic on the Enterprise call: %+v", d)
	}
	var actions []struct {
		Title string `json:"title"`
	}
	h.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": d[0].Range, "context": map[string]any{"diagnostics": []any{}},
	}, &actions)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	all := strings.Join(titles, "\n")
	if !strings.Contains(all, "2026-03-10") || !strings.Contains(all, "2022-11-28") {
		t.Errorf("pin fixes %q do not offer both versions", titles)
	}
	// Without the Enterprise host the same call is not a GitHub API call.
	h.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"ghpat": map[string]any{"apiVersion": "2026-03-10"}}})
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleUnpinnedVersion); len(d) != 0 {
		t.Errorf("unpinned-version diagnostic without enterpriseHost: %+v", d)
	}
	h.shutdownExit()
}
