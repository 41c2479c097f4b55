// Package mason holds the mason-registry entry (package.yaml); this test
// checks it against the repository so it stays ready to submit.
package mason_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// pkg is the part of mason-registry's package schema that ghpat-ls uses.
type pkg struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Homepage    string   `yaml:"homepage"`
	Licenses    []string `yaml:"licenses"`
	Languages   []string `yaml:"languages"`
	Categories  []string `yaml:"categories"`
	Source      struct {
		ID string `yaml:"id"`
	} `yaml:"source"`
	Bin    map[string]string `yaml:"bin"`
	Neovim struct {
		Lspconfig string `yaml:"lspconfig"`
	} `yaml:"neovim"`
}

var purl = regexp.MustCompile(`^pkg:golang/([^@]+)@(v\d+\.\d+\.\d+)#(.+)$`)

func TestPackageYAML(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile("package.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var p pkg
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true) // a misspelt key would be ignored by Mason
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("package.yaml: %v", err)
	}
	if p.Name != "ghpat-ls" || p.Description == "" || p.Homepage != "https://github.com/ghpat-ls/ghpat-ls" {
		t.Errorf("name/description/homepage: %q %q %q", p.Name, p.Description, p.Homepage)
	}
	if len(p.Licenses) != 1 || p.Licenses[0] != "MIT" {
		t.Errorf("licenses = %v, want [MIT] (LICENSE)", p.Licenses)
	}
	if !contains(p.Categories, "LSP") {
		t.Errorf("categories = %v, want LSP among them", p.Categories)
	}

	m := purl.FindStringSubmatch(p.Source.ID)
	if m == nil {
		t.Fatalf("source.id %q is not pkg:golang/MODULE@vX.Y.Z#SUBPATH", p.Source.ID)
	}
	module, version, subpath := m[1], m[2], m[3]
	if want := modulePath(t, root); module != want {
		t.Errorf("source.id module %q, go.mod says %q", module, want)
	}
	if st, err := os.Stat(filepath.Join(root, subpath, "main.go")); err != nil || st.IsDir() {
		t.Errorf("source.id subpath %q has no main.go: %v", subpath, err)
	}
	if got := p.Bin["ghpat-ls"]; got != "golang:ghpat-ls" || len(p.Bin) != 1 {
		t.Errorf("bin = %v, want {ghpat-ls: golang:ghpat-ls}", p.Bin)
	}
	if _, err := os.Stat(filepath.Join(root, "editors", "neovim", "lsp", p.Neovim.Lspconfig+".lua")); err != nil {
		t.Errorf("neovim.lspconfig %q has no editors/neovim/lsp/%s.lua: %v", p.Neovim.Lspconfig, p.Neovim.Lspconfig, err)
	}

	// Every place that names the current release agrees (docs/release.md).
	if ext := vscodeVersion(t, root); "v"+ext != version {
		t.Errorf("source.id names %s, editors/vscode/package.json %s", version, ext)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	revs := regexp.MustCompile(`(?m)^\s*rev:\s*(\S+)`).FindAllSubmatch(readme, -1)
	if len(revs) == 0 {
		t.Error("README.md has no pre-commit rev:")
	}
	for _, r := range revs {
		if string(r[1]) != version {
			t.Errorf("README.md pre-commit rev: %s, package.yaml %s", r[1], version)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func modulePath(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return string(m[1])
}

func vscodeVersion(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "editors", "vscode", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ Version string }
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p.Version
}
