package neovim_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeovim011Config loads lsp/ghpat_ls.lua (the Neovim 0.11 vim.lsp.Config)
// under LuaJIT with a stub `vim` (test/lsp_config.lua): the machine's
// Neovim is 0.7, which cannot run vim.lsp.enable. scripts/test.sh installs
// luajit.
func TestNeovim011Config(t *testing.T) {
	luajit := lookLuaJIT(t)
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(luajit, filepath.Join(here, "test", "lsp_config.lua"), here).CombinedOutput()
	if err != nil {
		t.Fatalf("test/lsp_config.lua: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "ok lsp/ghpat_ls.lua") {
		t.Fatalf("test/lsp_config.lua did not report success:\n%s", out)
	}
}

// TestLuaSyntax compiles every Lua file of the plugin with `luajit -bl`
// (parse and list bytecode), so a syntax error in a file no test loads on
// this machine's Neovim (lsp/ghpat_ls.lua needs 0.11) still fails CI.
func TestLuaSyntax(t *testing.T) {
	luajit := lookLuaJIT(t)
	files, err := filepath.Glob("*/*.lua")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("lua/*/*.lua")
	files = append(files, more...)
	if len(files) < 4 {
		t.Fatalf("expected the plugin's Lua files, found %v", files)
	}
	for _, f := range files {
		if out, err := exec.Command(luajit, "-bl", f).CombinedOutput(); err != nil {
			t.Errorf("luajit -bl %s: %v\n%s", f, err, out)
		}
	}
}

func lookLuaJIT(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("luajit")
	if err != nil {
		t.Skip("luajit not found on PATH: install it (Debian: apt-get install -y luajit) to test lsp/ghpat_ls.lua")
	}
	return p
}
