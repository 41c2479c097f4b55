package neovim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// report is what test/e2e.lua writes (every string already redacted).
type report struct {
	OK          bool     `json:"ok"`
	Nvim        string   `json:"nvim"`
	Steps       []string `json:"steps"`
	Error       string   `json:"error"`
	CodeActions []string `json:"code_actions"`
	FixTitle    string   `json:"fix_title"`
	FixedLines  []string `json:"fixed_lines"`
	Hover       string   `json:"hover"`
}

// TestNeovimEndToEnd opens a fixture holding two generated tokens in a
// headless Neovim with the plugin on the runtimepath, and lets test/e2e.lua
// check the diagnostics, apply the quick fix and hover (see that file).
func TestNeovimEndToEnd(t *testing.T) {
	nvim, here := lookNvim(t)
	dir := t.TempDir()

	// The real binary, built from this checkout.
	server := testbin.Path(t)

	// The fixture, with tokens generated now (never committed).
	text, planted := fixture.Load(t, filepath.Join(here, "test", "app.py.tmpl"), 7)
	if len(planted) != 2 || planted[0].Kind != ghtoken.ClassicPAT || planted[1].Kind != ghtoken.FineGrainedPAT {
		t.Fatalf("fixture should plant a classic then a fine-grained token, got %d tokens", len(planted))
	}
	for _, p := range planted {
		if ghtoken.Check(p.Token) != ghtoken.Valid {
			t.Fatalf("generated %s token does not pass its checksum", p.Kind)
		}
	}
	tok, fine := planted[0], planted[1]
	lineStart := bytes.LastIndexByte(text[:tok.Offset], '\n') + 1
	prefix := string(text[lineStart:tok.Offset])
	if len(prefix) == len(utf16.Encode([]rune(prefix))) {
		t.Fatal("the token's line must have non-ASCII text before it, or byte and UTF-16 columns agree")
	}
	appDir := filepath.Join(dir, "project")
	if err := os.MkdirAll(appDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(appDir, "app.py")
	if err := os.WriteFile(file, text, 0o600); err != nil {
		t.Fatal(err)
	}

	envText, envPlanted := fixture.Load(t, filepath.Join(here, "test", "env.tmpl"), 8)
	if len(envPlanted) != 1 {
		t.Fatalf("env.tmpl should plant one token, got %d", len(envPlanted))
	}
	envTok := envPlanted[0]
	planted = append(planted, envTok)
	envFile := filepath.Join(appDir, ".env.local")
	if err := os.WriteFile(envFile, envText, 0o600); err != nil {
		t.Fatal(err)
	}

	serverLog := filepath.Join(dir, "server.log")
	result := filepath.Join(dir, "result.json")
	spec := map[string]any{
		"fixture":     file,
		"env_fixture": envFile,
		"result":      result,
		"cmd":         []string{server, "serve", "--log-file", serverLog, "--log-level", "debug"},
		"settings": map[string]any{"ghpat": map[string]any{
			"rules": map[string]any{"github-fine-grained-pat": map[string]any{"severity": "info"}},
		}},
		"expect": map[string]any{
			"token": map[string]any{
				"line":         tok.Line,
				"byte_col":     len(prefix),
				"byte_end_col": len(prefix) + len(tok.Token),
				"utf16_col":    len(utf16.Encode([]rune(prefix))),
				"redacted":     ghtoken.Redact(tok.Token),
				"kind_name":    tok.Kind.Name(),
			},
			"env": map[string]any{
				"line":     envTok.Line,
				"byte_col": envTok.Offset - (bytes.LastIndexByte(envText[:envTok.Offset], '\n') + 1),
				"redacted": ghtoken.Redact(envTok.Token),
			},
			"hover": map[string]any{
				"redacted":  ghtoken.Redact(fine.Token),
				"kind_name": fine.Kind.Name(),
				"severity":  "INFO",
			},
		},
	}
	specJSON, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	specFile := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(specFile, specJSON, 0o600); err != nil {
		t.Fatal(err)
	}

	home := filepath.Join(dir, "home")
	stdout, stderr, runErr := runNvim(t, nvim, here, appDir, home, "e2e.lua", "GHPAT_E2E_SPEC="+specFile)

	// Nothing anyone wrote may hold a token in full: nvim's output, the
	// report, the server's debug log and Neovim's own LSP log.
	outputs := map[string][]byte{"nvim stdout": stdout, "nvim stderr": stderr}
	for name, path := range map[string]string{
		"result.json": result, "server log": serverLog,
		"nvim lsp.log (cache)": filepath.Join(home, "cache", "nvim", "lsp.log"),
		"nvim lsp.log (state)": filepath.Join(home, "state", "nvim", "lsp.log"),
	} {
		if b, err := os.ReadFile(path); err == nil {
			outputs[name] = b
		}
	}
	g := fixture.NewGuard(t, 0)
	for _, p := range planted {
		g.Add(p.Token)
	}
	for name, b := range outputs {
		g.Check(name, b)
	}
	// Safe to show now that we know they hold no token.
	logf := func() {
		t.Logf("nvim stdout:\n%s", outputs["nvim stdout"])
		t.Logf("nvim stderr:\n%s", outputs["nvim stderr"])
		if b := outputs["result.json"]; b != nil {
			t.Logf("result.json:\n%s", b)
		}
	}
	if t.Failed() {
		return // do not print outputs that hold a token
	}

	b, err := os.ReadFile(result)
	if err != nil {
		logf()
		t.Fatalf("test/e2e.lua wrote no report (exit %v): %v", runErr, err)
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		logf()
		t.Fatalf("report is not JSON: %v", err)
	}
	if runErr != nil || !rep.OK {
		logf()
		t.Fatalf("Neovim %s end-to-end test failed (exit %v): %s\nsteps done: %s", rep.Nvim, runErr, rep.Error, strings.Join(rep.Steps, "; "))
	}
	t.Logf("Neovim %s: %s", rep.Nvim, strings.Join(rep.Steps, "; "))

	// Re-check the main observations here, independently of the Lua side.
	fixed := strings.Join(rep.FixedLines, "\n")
	if !strings.Contains(fixed, "environ") && !strings.Contains(fixed, "getenv") {
		t.Errorf("after the quick fix %q the file does not read the environment:\n%s", rep.FixTitle, fixed)
	}
	if strings.Contains(fixed, "ghp_") {
		t.Errorf("after the quick fix the file still holds a ghp_ token:\n%s", fixed)
	}
	if !strings.Contains(rep.Hover, ghtoken.Redact(fine.Token)) || !strings.Contains(rep.Hover, fine.Kind.Name()) {
		t.Errorf("hover text lacks the redacted value or the kind:\n%s", rep.Hover)
	}
	// The plugin tells the server that .env.local is a dotenv file (the
	// server logs each didOpen's URI and languageId at debug level).
	if !regexp.MustCompile(`(?m)^.*/\.env\.local\b.*\bdotenv\b`).Match(outputs["server log"]) {
		t.Errorf("server log does not show .env.local opened as dotenv:\n%s", outputs["server log"])
	}
	if len(rep.CodeActions) == 0 {
		t.Error("report lists no code actions")
	}
}

// TestNeovimPluginHelpers runs test/unit.lua: .env detection, language ids,
// project roots and the message shown when ghpat-ls is not installed.
func TestNeovimPluginHelpers(t *testing.T) {
	nvim, here := lookNvim(t)
	dir := t.TempDir()
	for _, p := range []string{"repo/.git", "repo/sub/deep", "mod/pkg", "plain", "home"} {
		if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"mod/go.mod":            "module example.com/m\n",
		"plain/a.py":            "print('hi')\n",
		"plain/notes.txt":       "notes\n",
		"plain/.env.production": "# settings\nAPI_URL=https://example.com\n",
		"repo/sub/deep/main.go": "package main\n",
		"mod/pkg/x.go":          "package pkg\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	result := filepath.Join(dir, "unit.json")
	stdout, stderr, runErr := runNvim(t, nvim, here, dir, filepath.Join(dir, "home"), "unit.lua",
		"GHPAT_UNIT_DIR="+dir, "GHPAT_UNIT_RESULT="+result)
	b, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("test/unit.lua wrote no report (exit %v): %v\nstdout:\n%s\nstderr:\n%s", runErr, err, stdout, stderr)
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, b)
	}
	if runErr != nil || !rep.OK {
		t.Fatalf("plugin checks failed (exit %v): %s\nsteps done: %s\nstderr:\n%s", runErr, rep.Error, strings.Join(rep.Steps, "; "), stderr)
	}
	t.Log(strings.Join(rep.Steps, "; "))
}

// lookNvim returns the nvim binary and this directory (the plugin's
// runtimepath entry), skipping the test when Neovim is not installed.
func lookNvim(t *testing.T) (nvim, here string) {
	t.Helper()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not found on PATH: install Neovim (Debian: apt-get install -y neovim) to run the Neovim end-to-end test")
	}
	here, err = filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	return nvim, here
}

// runNvim runs test/<script> in a headless Neovim with no user config, the
// plugin on the runtimepath and HOME/XDG directories under home. A run that
// hangs is killed after a generous bound; the caller judges the rest.
func runNvim(t *testing.T, nvim, here, workDir, home, script string, env ...string) (stdout, stderr []byte, runErr error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE",
		"--cmd", "set rtp^="+here,
		"-c", "luafile "+filepath.Join(here, "test", script))
	cmd.Dir = workDir
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"),
	)
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr = cmd.Run()
	if ctx.Err() != nil {
		runErr = fmt.Errorf("nvim did not exit within 3 minutes: %w", runErr)
	} else if runErr != nil {
		var exitErr *exec.ExitError
		if !errors.As(runErr, &exitErr) {
			t.Fatalf("running nvim: %v", runErr)
		}
	}
	return out.Bytes(), errOut.Bytes(), runErr
}
