package neovim_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestNeovimRevoke runs test/revoke.lua: headless Neovim 0.7+, the plugin,
// the real server with enterpriseHost at a fake HTTPS revocation endpoint
// (trusted through SSL_CERT_FILE, inherited by the server). The scripted
// user declines twice and then confirms: exactly one request reaches the
// host, holding the token, and the outcome is shown.
func TestNeovimRevoke(t *testing.T) {
	nvim, here := lookNvim(t)
	dir := t.TempDir()
	server := testbin.Path(t)
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	cert := fake.CertFile(t)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1260)
	project := filepath.Join(dir, "project")
	os.MkdirAll(project, 0o755)
	file := filepath.Join(project, "deploy.py")
	src := "TOKEN = \"" + tok + "\"\nPLACEHOLDER = \"ghp_" + strings.Repeat("x", 36) + "\"\n"
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(fake.URL, "https://")
	serverLog := filepath.Join(dir, "server.log")
	result := filepath.Join(dir, "result.json")
	spec, _ := json.Marshal(map[string]any{
		"fixture":  file,
		"result":   result,
		"cmd":      []string{server, "serve", "--log-file", serverLog, "--log-level", "debug"},
		"settings": map[string]any{"ghpat": map[string]any{"enterpriseHost": host}},
	})
	specFile := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(specFile, spec, 0o600); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	stdout, stderr, runErr := runNvim(t, nvim, here, project, home, "revoke.lua",
		"GHPAT_REVOKE_SPEC="+specFile, "SSL_CERT_FILE="+cert, "GITHUB_TOKEN=", "GH_TOKEN=")

	outputs := map[string][]byte{"nvim stdout": stdout, "nvim stderr": stderr}
	for name, path := range map[string]string{"result.json": result, "server log": serverLog,
		"nvim lsp.log": filepath.Join(home, "cache", "nvim", "lsp.log")} {
		if b, err := os.ReadFile(path); err == nil {
			outputs[name] = b
		}
	}
	g := fixture.Watch(t, tok)
	for name, b := range outputs {
		g.Check(name, b)
	}
	if t.Failed() {
		return
	}
	var rep struct {
		OK      bool     `json:"ok"`
		Steps   []string `json:"steps"`
		Error   string   `json:"error"`
		Prompts []struct {
			Message, Buttons, Kind string
			Default                int
		} `json:"prompts"`
		Messages []struct {
			Type    int    `json:"type"`
			Message string `json:"message"`
		} `json:"messages"`
		Titles      map[string][]string `json:"titles"`
		ServerAsked int                 `json:"server_asked"`
	}
	b, err := os.ReadFile(result)
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil || runErr != nil || !rep.OK {
		t.Fatalf("revoke.lua failed (exit %v, %v): %s\nsteps: %s\nstderr:\n%s", runErr, err, rep.Error, strings.Join(rep.Steps, "; "), stderr)
	}
	t.Log(strings.Join(rep.Steps, "; "))

	reqs := fake.Received()
	if len(reqs) != 1 {
		t.Fatalf("the fake GitHub saw %d requests after Cancel, Escape, Revoke; want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != "POST" || r.Path != "/api/v3/credentials/revoke" || len(r.Credentials) != 1 || r.Credentials[0] != tok || r.Header.Get("Authorization") != "" {
		t.Errorf("request %s %s: want an unauthenticated POST of the token to /api/v3/credentials/revoke", r.Method, r.Path)
	}
	if len(rep.Prompts) != 3 {
		t.Fatalf("%d prompts, want 3", len(rep.Prompts))
	}
	p := rep.Prompts[0]
	want := "Revoke " + ghtoken.Redact(tok) + " at GitHub (" + host + ")? The owner is emailed and it cannot be undone."
	if !strings.HasPrefix(p.Message, want) || p.Buttons != "&Revoke\n&Cancel" || p.Default != 2 {
		t.Errorf("prompt %+v; want %q with Cancel as the default", p, want)
	}
	if len(rep.Messages) != 1 || rep.Messages[0].Type != 3 || !strings.HasPrefix(rep.Messages[0].Message, "Revoked "+ghtoken.Redact(tok)+" at "+host) {
		t.Errorf("messages shown %+v", rep.Messages)
	}
	if rep.ServerAsked != 0 {
		t.Errorf("the server asked %d times: the plugin did not mark its confirmation", rep.ServerAsked)
	}
	if tt := rep.Titles["token"]; len(tt) < 2 {
		t.Errorf("actions on the token %v: want the quick fixes and the revoke action", tt)
	}
}
