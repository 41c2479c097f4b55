package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// The planted-token test of issue 10: tokens go into every input the
// product reads (file contents, file and directory names, argv, the
// environment, settings from all three LSP routes, client messages, and a
// remote host that echoes the credential into every header and body
// field), and every output byte is checked: stdout, stderr, the log file,
// every LSP frame, scan's reports. Exempt are only the document URIs that
// LSP requires the server to echo: the client's own names for documents,
// not text shown. (Request ids are echoed too, but never one that holds a
// token: the transport refuses those requests.)

// planted is one run's tokens and the fake GitHub that echoes them.
type planted struct {
	g    *fixture.Guard
	fake *tokeninfotest.Server
	host string
	cert string
	// env holds the token variables; tokenVar is a variable whose name is
	// itself a token (reached through the pattern "*").
	env      map[string]string
	tokenVar string
	legacy   string // a 40-hex token: no prefix for RedactAll to find
}

func newPlanted(t *testing.T) *planted {
	p := &planted{g: fixture.NewGuard(t, 1010), env: map[string]string{}}
	p.fake = tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	p.host = strings.TrimPrefix(p.fake.URL, "https://")
	p.cert = p.fake.CertFile(t)
	sum := sha1.Sum([]byte(t.Name()))
	p.legacy = hex.EncodeToString(sum[:])
	p.g.Add(p.legacy)
	// A slice, not a map: the same tokens on every run.
	for _, c := range []struct {
		name string
		kind ghtoken.Kind
		b    tokeninfotest.Behaviour
	}{
		{"GITHUB_TOKEN", ghtoken.ClassicPAT, tokeninfotest.EchoAccepted},
		{"GH_TOKEN", ghtoken.FineGrainedPAT, tokeninfotest.EchoRefused},
		{"GH_ENTERPRISE_TOKEN", ghtoken.StatelessInstall, tokeninfotest.EchoAccepted},
		{"GITHUB_APP_TOKEN", ghtoken.ServerToServer, tokeninfotest.EchoRefused},
		{"GITHUB_OAUTH_TOKEN", ghtoken.OAuth, tokeninfotest.EchoBroken},
	} {
		tok := p.g.Token(c.kind)
		p.env[c.name] = tok
		p.fake.Token(tok, c.b)
	}
	p.env["GHPAT_NOTE"] = p.g.Token(ghtoken.Refresh) // never sent: a refresh token
	p.env["GITHUB_PAT"] = p.legacy
	p.fake.Token(p.legacy, tokeninfotest.EchoAccepted)
	p.tokenVar = p.g.Token(ghtoken.ClassicPAT)
	p.env[p.tokenVar] = p.g.Token(ghtoken.UserToServer)
	p.fake.Token(p.env[p.tokenVar], tokeninfotest.EchoRefused)
	return p
}

// environ is the process environment for the binary.
func (p *planted) environ() []string {
	env := liveEnv("SSL_CERT_FILE=" + p.cert)
	for k, v := range p.env {
		env = append(env, k+"="+v)
	}
	return env
}

// settings are ghpat settings with tokens in every value that is not
// needed to reach the fake host (which host is the variable's choice).
func (p *planted) settings(host string) map[string]any {
	g := p.g
	return map[string]any{"ghpat": map[string]any{
		"enterpriseHost":        host,
		"apiVersion":            g.Token(ghtoken.ClassicPAT),
		"tokenVariablePatterns": []any{"*", g.Token(ghtoken.OAuth) + "*"},
		"rules": map[string]any{
			g.Token(ghtoken.ClassicPAT): map[string]any{"severity": g.Token(ghtoken.OAuth)},
			"github-pat":                map[string]any{"severity": g.Token(ghtoken.FineGrainedPAT)},
		},
		"liveLookups":                   map[string]any{"enabled": true, "timeoutMs": 8000, "diagnostics": g.Token(ghtoken.UserToServer)},
		g.Token(ghtoken.ServerToServer): g.Token(ghtoken.StatelessInstall),
	}}
}

// source is a document that refers to every token variable and holds
// hard-coded tokens of every kind, in code and in GitHub API headers.
func (p *planted) source() string {
	g := p.g
	var b strings.Builder
	for _, name := range []string{"GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_APP_TOKEN", "GITHUB_OAUTH_TOKEN", "GITHUB_PAT", p.tokenVar} {
		b.WriteString("const v" + name[:4] + " = process.env." + name + ";\n")
	}
	for _, k := range []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer, ghtoken.ServerToServer, ghtoken.StatelessInstall, ghtoken.Refresh} {
		b.WriteString("const k = \"" + g.Token(k) + "\";\n")
	}
	b.WriteString("const e = \"" + strings.ReplaceAll(g.Token(ghtoken.ClassicPAT), "_", `\u005f`) + "\";\n")
	b.WriteString("fetch(u, {headers: {Authorization: \"token " + g.Token(ghtoken.ClassicPAT) + "\", \"X-GitHub-Api-Version\": \"" + g.Token(ghtoken.OAuth) + "\"}});\n")
	b.WriteString("fetch(u, {headers: {Authorization: \"Bearer  " + g.Token(ghtoken.FineGrainedPAT) + "x\"}});\n")
	return b.String()
}

// hoverPoints are offsets worth hovering in text: every reference and
// every token-looking run.
func hoverPoints(text string) []int {
	var at []int
	for i := 0; i < len(text); i++ {
		if strings.HasPrefix(text[i:], "process.env.") {
			at = append(at, i+len("process.env.")+1)
		}
		if strings.HasPrefix(text[i:], "gh") || strings.HasPrefix(text[i:], "\"20") {
			at = append(at, i+2)
		}
	}
	return at
}

func TestPlantedTokensNeverShow(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary and a TLS server")
	}
	p := newPlanted(t)
	g := p.g
	root := filepath.Join(t.TempDir(), "work-"+g.Token(ghtoken.ClassicPAT))
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(root, g.Token(ghtoken.OAuth)+".log")

	// workspace/configuration answers carry tokens too.
	onRequest := func(method string, params json.RawMessage) (any, *lsptest.Error) {
		if method == "workspace/configuration" {
			return []any{p.settings(p.host)["ghpat"]}, nil
		}
		return nil, nil
	}
	server := startPlantedServer(t, p, onRequest, "serve", "--log-level", "debug", "--log-file", logFile, "--clientProcessId", g.Token(ghtoken.ClassicPAT))
	c, stderr := server.Client, server.Stderr
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard
	defer cancel()
	if err := c.Call(ctx, "initialize", map[string]any{
		"processId": nil, "rootUri": "file://" + root, "clientInfo": map[string]any{"name": g.Token(ghtoken.OAuth), "version": g.Token(ghtoken.ClassicPAT)},
		"capabilities":          map[string]any{"workspace": map[string]any{"configuration": true}},
		"initializationOptions": p.settings(p.host),
		"workspaceFolders":      []any{map[string]any{"uri": "file://" + root, "name": g.Token(ghtoken.UserToServer)}},
	}, nil); err != nil {
		t.Fatal(err)
	}
	c.Notify("initialized", map[string]any{})

	text := p.source()
	uris := []string{
		"file://" + root + "/app.js",
		"untitled:" + g.Token(ghtoken.FineGrainedPAT),
		"file://" + root + "/" + strings.ReplaceAll(g.Token(ghtoken.ClassicPAT), "_", "%5F") + ".js",
		"file://" + root + "/" + url.PathEscape(g.Token(ghtoken.StatelessInstall)) + "/.env",
	}
	hoverAll := func(uri, text string) {
		for _, off := range hoverPoints(text) {
			pos := lsptest.PositionOf(text, off)
			var res json.RawMessage
			if err := c.Call(ctx, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos, g.Token(ghtoken.OAuth): g.Token(ghtoken.ClassicPAT)}, &res); err != nil {
				t.Errorf("hover: %v", g.Redact(err.Error()))
			}
		}
		end := lsptest.PositionOf(text, len(text))
		var res json.RawMessage
		if err := c.Call(ctx, "textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": end},
			"context":      map[string]any{"diagnostics": []any{map[string]any{"message": g.Token(ghtoken.ClassicPAT), "range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": end}}}},
		}, &res); err != nil {
			t.Errorf("codeAction: %v", g.Redact(err.Error()))
		}
	}
	for i, uri := range uris {
		c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": []string{"javascript", "javascript", "javascript", "dotenv"}[i], "version": 1, "text": text}})
		if _, err := c.WaitDiagnostics(ctx, uri, 1); err != nil {
			t.Fatalf("diagnostics: %v", err)
		}
		hoverAll(uri, text)
	}
	// Background lookups land and republish; hover again on the answers.
	hoverAll(uris[0], text)

	// A settings error that quotes a token (a URL with credentials as the
	// host), then the good settings back.
	c.Notify("workspace/didChangeConfiguration", map[string]any{"settings": p.settings("https://x:" + g.Token(ghtoken.ClassicPAT) + "@" + p.host)})
	hoverAll(uris[0], text)
	c.Notify("workspace/didChangeConfiguration", map[string]any{"settings": p.settings(p.host)})

	// Edits, requests on documents that are not open, unknown
	// notifications and cancellations, all carrying tokens.
	edited := text + "const more = \"" + g.Token(ghtoken.OAuth) + "\";\n"
	c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uris[0], "version": 2}, "contentChanges": []any{map[string]any{"text": edited}}})
	if _, err := c.WaitDiagnostics(ctx, uris[0], 2); err != nil {
		t.Fatalf("diagnostics after the edit: %v", err)
	}
	hoverAll(uris[0], edited)
	notOpen := "file:///nowhere/" + g.Token(ghtoken.ClassicPAT) + ".js"
	var res json.RawMessage
	c.Call(ctx, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": notOpen}, "position": map[string]any{"line": 0, "character": 0}}, &res)
	c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": notOpen, "version": 2}, "contentChanges": []any{map[string]any{"text": g.Token(ghtoken.ClassicPAT)}}})
	c.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": notOpen}})
	c.Notify(g.Token(ghtoken.ClassicPAT), map[string]any{"x": g.Token(ghtoken.OAuth)})
	c.Notify("$/"+g.Token(ghtoken.OAuth), nil)
	if err := c.Call(ctx, "x/"+g.Token(ghtoken.ClassicPAT), nil, &res); err == nil {
		t.Errorf("a request for an unknown method whose name is a token was answered without an error")
	}
	c.Notify("$/cancelRequest", map[string]any{"id": g.Token(ghtoken.ClassicPAT)})
	// A request id must be echoed, so one that holds a token is refused
	// with id null instead.
	if _, err := c.Start(g.Token(ghtoken.UserToServer), "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uris[1]}, "position": map[string]any{"line": 0, "character": 30}}); err == nil {
		if m, err := c.Await(ctx, json.RawMessage("null")); err != nil || m.Error == nil {
			t.Errorf("a request whose id is a token: %v, %+v; want an error with id null", err, m)
		}
		c.Forget(json.RawMessage("null"))
	}
	c.Call(ctx, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uris[1]}, "position": map[string]any{"line": g.Token(ghtoken.ClassicPAT), "character": 0}}, &res)
	for _, u := range uris {
		c.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
	}
	if err := c.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	c.Notify("exit", nil)
	if err := server.Exited(); err != nil {
		t.Errorf("server exit: %v", err)
	}
	if err := c.Drain(ctx); err != nil {
		t.Errorf("stdout is not clean LSP: %v", err)
	}

	for i, f := range c.Frames() {
		g.Check("LSP frame "+strconv.Itoa(i), withoutEchoedIDs(t, f))
	}
	g.CheckString("the server's stderr", stderr.String())
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	g.Check("the log file", log)
	// The test is worth something only if the echoes reached the server:
	// the log names the lookups, the frames hold the scrubbed answers.
	all := string(bytes.Join(c.Frames(), nil))
	for _, want := range []string{ghtoken.Redact(p.env["GITHUB_TOKEN"]), "Installation:", ghtoken.Redact(p.env[p.tokenVar]), ghtoken.Redact(p.tokenVar)} {
		if !strings.Contains(all, want) {
			t.Errorf("no frame mentions %q: the echoes did not reach the hovers", want)
		}
	}
	if !bytes.Contains(log, []byte("GET /user")) {
		t.Errorf("the log shows no lookup")
	}

	t.Run("whoami", func(t *testing.T) {
		for name := range p.env {
			cmd := exec.Command(testbin.Path(t), "whoami", "-v", "--enterprise-host", p.host, name)
			cmd.Env = p.environ()
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			cmd.Run()
			g.CheckString("whoami stdout", out.String())
			g.CheckString("whoami stderr", errb.String())
			if name == p.tokenVar {
				// A name that is a token is taken for a pasted value.
				if !strings.Contains(errb.String(), ghtoken.Redact(name)+" looks like a token") {
					t.Errorf("whoami <token name>: stderr %q", g.Redact(errb.String()))
				}
				continue
			}
			if !strings.Contains(out.String(), ghtoken.Redact(p.env[name])) {
				t.Errorf("whoami %s: %q lacks the redacted token", g.Redact(name), g.Redact(out.String()))
			}
		}
	})

	t.Run("scan", func(t *testing.T) {
		// Tokens in the contents, argv, the environment and every path:
		// the scanned root, a directory and a file name.
		root := filepath.Join(t.TempDir(), g.Token(ghtoken.ClassicPAT))
		sub := filepath.Join(root, g.Token(ghtoken.OAuth))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "app.js"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, g.Token(ghtoken.Refresh)+".txt"), []byte("nothing here\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, ".env"), []byte("GITHUB_TOKEN="+g.Token(ghtoken.ClassicPAT)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"text", "json", "sarif"} {
			report := filepath.Join(root, "report-"+format)
			for _, c := range []struct {
				args []string
				want int
			}{
				{[]string{"scan", "--format", format, "--all-rules", "."}, 1},
				{[]string{"scan", "--format", format, "--output", report, "--all-rules", "."}, 1},
				// An error message names the path it could not read.
				{[]string{"scan", "--format", format, "--all-rules", root, filepath.Join(sub, "missing-"+g.Token(ghtoken.UserToServer))}, 2},
			} {
				args := c.args
				cmd := exec.Command(testbin.Path(t), args...)
				cmd.Dir, cmd.Env = root, p.environ()
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != c.want {
					t.Errorf("scan %v: %v, want exit %d\n%s", g.Redact(strings.Join(args, " ")), err, c.want, g.Redact(errb.String()))
				}
				g.CheckString("scan stdout ("+format+")", out.String())
				g.CheckString("scan stderr ("+format+")", errb.String())
			}
			b, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			g.Check("scan --output ("+format+")", b)
		}
	})
}

// withoutEchoedIDs is frame with the values LSP makes the server echo (a
// "uri", the URI keys of a WorkspaceEdit's "changes") replaced, so that
// only text the server chose is checked.
func withoutEchoedIDs(t *testing.T, frame []byte) []byte {
	var v any
	if err := json.Unmarshal(frame, &v); err != nil {
		t.Errorf("a frame is not JSON: %v", err)
		return frame
	}
	var walk func(v any, key string) any
	walk = func(v any, key string) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				switch {
				case k == "uri":
					out[k] = "<echoed>"
				case key == "changes":
					out["<uri "+strconv.Itoa(len(out))+">"] = walk(e, k)
				default:
					out[k] = walk(e, k)
				}
			}
			return out
		case []any:
			for i := range x {
				x[i] = walk(x[i], key)
			}
		}
		return v
	}
	b, _ := json.Marshal(walk(v, ""))
	return b
}

// startPlantedServer starts the binary with p's environment and a strict
// LSP client on its stdio.
func startPlantedServer(t *testing.T, p *planted, onRequest func(string, json.RawMessage) (any, *lsptest.Error), args ...string) *lsptest.Process {
	t.Helper()
	cmd := exec.Command(testbin.Path(t), args...)
	cmd.Env = p.environ()
	return lsptest.Spawn(t, cmd, onRequest)
}
