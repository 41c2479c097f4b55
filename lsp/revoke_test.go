package lsp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/revoke"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// revokeDoc plants, one per line: a classic PAT, a placeholder, an
// installation token, an OAuth token and a fine-grained PAT.
const revokeDoc = "const a = \"{{ghp}}\";\n" +
	"const b = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\";\n" +
	"const c = \"{{ghs}}\";\n" +
	"const d = \"{{gho}}\";\n" +
	"const e = \"{{github_pat}}\";\n"

type wireAction struct {
	Title       string               `json:"title"`
	Kind        string               `json:"kind"`
	Diagnostics []lsptest.Diagnostic `json:"diagnostics"`
	Edit        json.RawMessage      `json:"edit"`
	Command     *struct {
		Title     string       `json:"title"`
		Command   string       `json:"command"`
		Arguments []RevokeArgs `json:"arguments"`
	} `json:"command"`
}

type revokeSession struct {
	*harness
	fake    *tokeninfotest.Server
	uri     string
	planted []fixture.Planted
	// ask answers the server's window/showMessageRequest (nil: null) and
	// asked records the questions.
	ask   func() (any, *lsptest.Error)
	asked chan string
}

// startRevoke opens revokeDoc in a server whose enterpriseHost is the
// fake (or github.com when ghe is false; the fake then sees nothing).
func startRevoke(t *testing.T, ghe bool) *revokeSession {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	h := startServer(t, Options{Revoker: &revoke.Client{HTTP: fake.Client()}})
	r := &revokeSession{harness: h, fake: fake, asked: make(chan string, 10)}
	h.c.OnRequest = func(method string, params json.RawMessage) (any, *lsptest.Error) {
		if method != "window/showMessageRequest" {
			return nil, &lsptest.Error{Code: -32601, Message: method}
		}
		var p struct{ Message string }
		json.Unmarshal(params, &p)
		r.asked <- p.Message
		if r.ask == nil {
			return nil, nil
		}
		return r.ask()
	}
	opts := map[string]any{"ghpat": map[string]any{}}
	if ghe {
		opts = map[string]any{"ghpat": map[string]any{"enterpriseHost": strings.TrimPrefix(fake.URL, "https://")}}
	}
	h.initialize(nil, opts)
	text, planted := fixture.Expand([]byte(revokeDoc), 12)
	for _, p := range planted {
		h.secrets = append(h.secrets, p.Token)
	}
	r.uri, r.planted = "file:///work/revoke/app.js", planted
	h.open(r.uri, "javascript", string(text), 1)
	h.diagnostics(r.uri, 1)
	return r
}

func (r *revokeSession) actionsOn(line int) []wireAction {
	r.t.Helper()
	var raw json.RawMessage
	r.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": r.uri},
		"range":        map[string]any{"start": map[string]any{"line": line, "character": 12}, "end": map[string]any{"line": line, "character": 12}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &raw)
	fixture.Watch(r.t, r.secrets...).Check(fmt.Sprintf("the code actions on line %d", line), raw)
	var all, out []wireAction
	if err := json.Unmarshal(raw, &all); err != nil {
		r.t.Fatal(err)
	}
	for _, a := range all {
		if a.Command != nil && a.Command.Command == RevokeCommand {
			out = append(out, a)
		}
	}
	return out
}

func (r *revokeSession) execute(args any) error {
	return r.call("workspace/executeCommand", map[string]any{"command": RevokeCommand, "arguments": []any{args}}, nil)
}

// message waits for the next window/showMessage.
func (r *revokeSession) message() (int, string) {
	r.t.Helper()
	raw, err := r.c.WaitNotification(r.ctx(), "window/showMessage", nil)
	if err != nil {
		r.t.Fatalf("no window/showMessage: %v", err)
	}
	var m struct {
		Type    int    `json:"type"`
		Message string `json:"message"`
	}
	json.Unmarshal(raw, &m)
	return m.Type, m.Message
}

func TestRevokeCodeActionOffered(t *testing.T) {
	r := startRevoke(t, false)
	res := r.actionsOn(0)
	if len(res) != 1 {
		t.Fatalf("%d revoke actions on the classic PAT", len(res))
	}
	a := res[0]
	tok := r.planted[0].Token
	if a.Title != RevokeTitle || a.Kind != "quickfix" || a.Edit != nil || len(a.Diagnostics) != 1 {
		t.Errorf("action %+v", a)
	}
	args := a.Command.Arguments
	if len(args) != 1 || args[0].URI != protocolURI(r.uri) || args[0].Version != 1 ||
		args[0].Host != "api.github.com" || args[0].Redacted != ghtoken.Redact(tok) {
		t.Errorf("arguments %+v", args)
	}
	if got := args[0].Range; got.Start.Line != 0 || got.Start.Character != 11 || got.End.Character != uint32(11+len(tok)) {
		t.Errorf("range %+v", got)
	}
	// Never on a placeholder or an installation token; gho_ on github.com.
	for line, want := range map[int]int{1: 0, 2: 0, 3: 1, 4: 1} {
		if got := len(r.actionsOn(line)); got != want {
			t.Errorf("line %d: %d revoke actions, want %d", line, got, want)
		}
	}
	// context.only filters it like the other quick fixes.
	var raw json.RawMessage
	r.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": r.uri},
		"range":        map[string]any{"start": map[string]any{"line": 0, "character": 12}, "end": map[string]any{"line": 0, "character": 12}},
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"refactor"}},
	}, &raw)
	if strings.Contains(string(raw), RevokeCommand) {
		t.Error("offered under only: [refactor]")
	}
	if r.fake.Count() != 0 {
		t.Errorf("offering sent %d requests", r.fake.Count())
	}
	r.shutdownExit()
}

func protocolURI(s string) protocol.DocumentURI { return protocol.DocumentURI(s) }

func TestRevokeEnterpriseKinds(t *testing.T) {
	r := startRevoke(t, true)
	for line, want := range map[int]int{0: 1, 3: 0, 4: 1} {
		if got := len(r.actionsOn(line)); got != want {
			t.Errorf("line %d: %d revoke actions, want %d (Enterprise Server takes PATs only)", line, got, want)
		}
	}
	r.shutdownExit()
}

func TestRevokeExecute(t *testing.T) {
	r := startRevoke(t, true)
	tok := r.planted[0].Token
	args := r.actionsOn(0)[0].Command.Arguments[0]
	if args.Confirmed {
		t.Fatal("the offered command claims to be confirmed")
	}
	args.Confirmed = true // as the VS Code and Neovim plugins send it after asking
	cases := []struct {
		answer tokeninfotest.RevokeAnswer
		typ    int
		says   string
	}{
		{tokeninfotest.RevokeAccept, 3, "Revoked " + ghtoken.Redact(tok) + " at "},
		{tokeninfotest.RevokeReject, 1, "(422: Validation Failed: " + tokeninfotest.RevokeRejectDetail + ")"},
		{tokeninfotest.RevokeForbidden, 1, "(403: " + tokeninfotest.RevokeForbiddenMessage + ")"},
		{tokeninfotest.RevokeTooMany, 2, "Try again after"},
	}
	for i, c := range cases {
		r.fake.Revoke(c.answer)
		if err := r.execute(args); err != nil {
			t.Fatalf("executeCommand: %v", err)
		}
		typ, msg := r.message()
		if typ != c.typ || !strings.Contains(msg, c.says) {
			t.Errorf("answer %d: message type %d %q; want type %d with %q", c.answer, typ, msg, c.typ, c.says)
		}
		if n := r.fake.Count(); n != i+1 {
			t.Fatalf("%d requests after %d commands", n, i+1)
		}
	}
	req := r.fake.Received()[0]
	body, _ := json.Marshal(map[string][]string{"credentials": {tok}})
	if req.Method != "POST" || req.Path != "/api/v3/credentials/revoke" || string(req.Body) != string(body) || req.Header.Get("Authorization") != "" {
		t.Errorf("request %s %s (body is the token: %v, Authorization %q)", req.Method, req.Path, string(req.Body) == string(body), req.Header.Get("Authorization"))
	}
	// After a 429 the server waits out the limit without sending.
	r.fake.Revoke(tokeninfotest.RevokeAccept)
	r.execute(args)
	if typ, msg := r.message(); typ != 2 || !strings.Contains(msg, "not sent") {
		t.Errorf("during the rate limit: %d %q", typ, msg)
	}
	if n := r.fake.Count(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	r.shutdownExit()
}

func TestRevokeExecuteRefuses(t *testing.T) {
	r := startRevoke(t, true)
	args := r.actionsOn(0)[0].Command.Arguments[0]
	placeholder := args
	placeholder.Range.Start.Line, placeholder.Range.End.Line = 1, 1
	placeholder.Range.End.Character = 11 + 40
	part := args
	part.Range.End.Character -= 3
	install := r.actionsOn(4)[0].Command.Arguments[0]
	install.Range.Start.Line, install.Range.End.Line = 2, 2
	install.Range.End.Character = uint32(11 + len(r.planted[1].Token))
	otherHost := args
	otherHost.Host = "evil.example.com"
	for name, a := range map[string]RevokeArgs{
		"placeholder": placeholder, "part of a token": part, "installation token": install, "other host": otherHost,
	} {
		if err := r.execute(a); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if typ, msg := r.message(); typ != 2 || !strings.HasPrefix(msg, "Not revoked: ") {
			t.Errorf("%s: %d %q", name, typ, msg)
		}
	}
	// An argument that does not say what was confirmed (issue 18): no
	// version, version 0, no host, an empty host, no redacted token, or
	// another token's redacted form.
	full := map[string]any{}
	json.Unmarshal(mustJSON(t, args), &full)
	full["confirmed"] = true // as a plugin sends it: the server does not ask
	without := func(key string, v any) map[string]any {
		m := map[string]any{}
		for k, x := range full {
			m[k] = x
		}
		if v == nil {
			delete(m, key)
		} else {
			m[key] = v
		}
		return m
	}
	other := ghtoken.Redact(ghtoken.Generate(ghtoken.ClassicPAT, 77))
	for name, a := range map[string]map[string]any{
		"no version": without("version", nil), "version 0": without("version", 0),
		"no host": without("host", nil), "empty host": without("host", ""),
		"no redacted token": without("redacted", nil), "another token": without("redacted", other),
	} {
		if err := r.execute(a); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if typ, msg := r.message(); typ != 2 || !strings.HasPrefix(msg, "Not revoked: ") || !strings.Contains(msg, "Nothing was sent") {
			t.Errorf("%s: %d %q", name, typ, msg)
		}
	}
	// The document changed: version 1's range may name other text now.
	r.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": r.uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": "// moved\n" + revokeTextOf(r)}},
	})
	r.diagnostics(r.uri, 2)
	r.execute(args)
	if _, msg := r.message(); !strings.Contains(msg, "the document changed") {
		t.Errorf("stale version: %q", msg)
	}
	// Another token now at the same range, the argument's version forged
	// to the current one: its redacted form differs from the confirmed one.
	swapped := revokeTextOf(r)
	fresh := ghtoken.Generate(ghtoken.ClassicPAT, 78)
	r.secrets = append(r.secrets, fresh)
	swapped = strings.Replace(swapped, r.planted[0].Token, fresh, 1)
	r.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": r.uri, "version": 3},
		"contentChanges": []any{map[string]any{"text": swapped}},
	})
	r.diagnostics(r.uri, 3)
	forged := args
	forged.Version, forged.Confirmed = 3, true
	r.execute(forged)
	if _, msg := r.message(); !strings.Contains(msg, "not the one that was confirmed") {
		t.Errorf("another token at the range: %q", msg)
	}
	// Malformed requests are errors.
	for name, params := range map[string]any{
		"unknown command": map[string]any{"command": "ghpat.other", "arguments": []any{args}},
		"no arguments":    map[string]any{"command": RevokeCommand},
		"bad argument":    map[string]any{"command": RevokeCommand, "arguments": []any{"x"}},
	} {
		if err := r.call("workspace/executeCommand", params, nil); rpcCode(err) != -32602 {
			t.Errorf("%s: %v, want InvalidParams", name, err)
		}
	}
	if n := r.fake.Count(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	r.shutdownExit()
}

// TestRevokeServerAsks: a client that runs the command without asking
// (no "confirmed") gets the server's own question; only "Revoke" sends.
func TestRevokeServerAsks(t *testing.T) {
	r := startRevoke(t, true)
	tok := r.planted[0].Token
	args := r.actionsOn(0)[0].Command.Arguments[0]
	answers := []struct {
		name  string
		reply func() (any, *lsptest.Error)
	}{
		{"null", nil},
		{"Cancel", func() (any, *lsptest.Error) { return map[string]string{"title": "Cancel"}, nil }},
		{"an error", func() (any, *lsptest.Error) { return nil, &lsptest.Error{Code: -32601, Message: "no UI"} }},
	}
	for _, a := range answers {
		r.ask = a.reply
		if err := r.execute(args); err != nil {
			t.Fatal(err)
		}
		q := <-r.asked
		if want := "Revoke " + ghtoken.Redact(tok) + " at GitHub (" + strings.TrimPrefix(r.fake.URL, "https://") + ")? The owner is emailed and it cannot be undone."; !strings.HasPrefix(q, want) {
			t.Errorf("question %q, want %q", q, want)
		}
		if typ, msg := r.message(); typ != 3 || msg != "Not revoked: not confirmed; nothing was sent." {
			t.Errorf("%s: %d %q", a.name, typ, msg)
		}
	}
	if n := r.fake.Count(); n != 0 {
		t.Fatalf("%d requests before the user confirmed", n)
	}
	r.ask = func() (any, *lsptest.Error) { return map[string]string{"title": "Revoke"}, nil }
	r.execute(args)
	<-r.asked
	if typ, msg := r.message(); typ != 3 || !strings.HasPrefix(msg, "Revoked ") || r.fake.Count() != 1 {
		t.Errorf("after Revoke: %d %q, %d requests", typ, msg, r.fake.Count())
	}
	r.shutdownExit()
}

func revokeTextOf(r *revokeSession) string {
	text, _ := fixture.Expand([]byte(revokeDoc), 12)
	return string(text)
}

func TestRevokeCapability(t *testing.T) {
	h := startServer(t, Options{})
	res := h.initialize(nil, nil)
	caps, _ := json.Marshal(res["capabilities"])
	if !strings.Contains(string(caps), fmt.Sprintf(`"executeCommandProvider":{"commands":[%q]}`, RevokeCommand)) {
		t.Errorf("capabilities %s", caps)
	}
	h.shutdownExit()
}

// TestRevokeDoesNotBlock: while GitHub has not answered, the server keeps
// answering other requests (and a cancel of the executeCommand request
// does not abort a revocation already sent).
func TestRevokeDoesNotBlock(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	slow := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		w.WriteHeader(http.StatusAccepted)
	}))
	defer slow.Close()
	defer close(release)
	h := startServer(t, Options{Revoker: &revoke.Client{HTTP: slow.Client()}})
	h.initialize(nil, map[string]any{"ghpat": map[string]any{"enterpriseHost": strings.TrimPrefix(slow.URL, "https://")}})
	text, planted := fixture.Expand([]byte(revokeDoc), 13)
	for _, p := range planted {
		h.secrets = append(h.secrets, p.Token)
	}
	uri := "file:///work/revoke/slow.js"
	h.open(uri, "javascript", string(text), 1)
	h.diagnostics(uri, 1)
	r := &revokeSession{harness: h, uri: uri, planted: planted}
	args := r.actionsOn(0)[0].Command.Arguments[0]
	args.Confirmed = true

	id, err := h.c.Start(nil, "workspace/executeCommand", map[string]any{"command": RevokeCommand, "arguments": []any{args}})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-h.ctx().Done():
		t.Fatal("the revocation never reached the host")
	}
	// The request is held at the host: hovers and code actions still answer.
	var hover json.RawMessage
	h.mustCall("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 14},
	}, &hover)
	if !strings.Contains(string(hover), ghtoken.Redact(planted[0].Token)) {
		t.Errorf("hover during the revocation: %s", ghtoken.RedactAll(string(hover)))
	}
	if len(r.actionsOn(4)) != 1 {
		t.Error("no revoke action on the fine-grained PAT during the revocation")
	}
	// The client gives up waiting; the revocation still completes and is reported.
	h.notify("$/cancelRequest", map[string]any{"id": json.RawMessage(id)})
	release <- struct{}{}
	if _, err := h.c.Await(h.ctx(), id); err != nil {
		t.Fatal(err)
	}
	if typ, msg := r.message(); typ != 3 || !strings.HasPrefix(msg, "Revoked "+ghtoken.Redact(planted[0].Token)) {
		t.Errorf("after the slow answer: %d %q", typ, msg)
	}
	h.shutdownExit()
}
