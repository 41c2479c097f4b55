package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantRef is an expected reference: the exact text of Range, the name, and
// where it is resolved.
type wantRef struct {
	expr string
	name string
	ctx  EnvRefContext
}

func TestEnvRefsFixtures(t *testing.T) {
	cases := []struct {
		file, languageID string
		want             []wantRef
	}{
		{"main.go", "go", []wantRef{
			{`os.Getenv("GITHUB_TOKEN")`, "GITHUB_TOKEN", EnvRuntime},
			{`os.LookupEnv( "MY_GITHUB_PAT" )`, "MY_GITHUB_PAT", EnvRuntime},
			{"os.Getenv(`GH_TOKEN`)", "GH_TOKEN", EnvRuntime},
		}},
		{"app.ts", "typescript", []wantRef{
			{`process.env.GITHUB_TOKEN`, "GITHUB_TOKEN", EnvRuntime},
			{`process.env["GH_TOKEN"]`, "GH_TOKEN", EnvRuntime},
			{`process.env['GH_ENTERPRISE_TOKEN']`, "GH_ENTERPRISE_TOKEN", EnvRuntime},
			{`process.env?.gh_token`, "gh_token", EnvRuntime},
			{`process.env.GITHUB_PAT`, "GITHUB_PAT", EnvRuntime},
			{`Deno.env.get("GITHUB_TOKEN")`, "GITHUB_TOKEN", EnvRuntime},
		}},
		{"app.py", "", []wantRef{
			{`os.environ["GITHUB_TOKEN"]`, "GITHUB_TOKEN", EnvRuntime},
			{`os.environ.get('GH_TOKEN'`, "GH_TOKEN", EnvRuntime},
			{`os.getenv("GITHUB_PAT")`, "GITHUB_PAT", EnvRuntime},
		}},
		{"run.sh", "shellscript", []wantRef{
			{`$GITHUB_TOKEN`, "GITHUB_TOKEN", EnvRuntime},
			{`${GH_TOKEN}`, "GH_TOKEN", EnvRuntime},
			{`${GH_ENTERPRISE_TOKEN:-${GITHUB_TOKEN}}`, "GH_ENTERPRISE_TOKEN", EnvRuntime},
			{`${GITHUB_TOKEN}`, "GITHUB_TOKEN", EnvRuntime},
		}},
		{"app.rb", "ruby", []wantRef{
			{`ENV["GITHUB_TOKEN"]`, "GITHUB_TOKEN", EnvRuntime},
			{`ENV.fetch('GH_TOKEN'`, "GH_TOKEN", EnvRuntime},
			{`ENV.fetch("GITHUB_PAT")`, "GITHUB_PAT", EnvRuntime},
		}},
		{"main.rs", "rust", []wantRef{
			{`std::env::var("GITHUB_TOKEN")`, "GITHUB_TOKEN", EnvRuntime},
			{`env::var("GH_TOKEN")`, "GH_TOKEN", EnvRuntime},
			{`env::var_os("GITHUB_PAT")`, "GITHUB_PAT", EnvRuntime},
		}},
		{"Main.java", "java", []wantRef{
			{`System.getenv("GITHUB_TOKEN")`, "GITHUB_TOKEN", EnvRuntime},
		}},
		{"Dockerfile", "dockerfile", []wantRef{
			{`${GITHUB_TOKEN}`, "GITHUB_TOKEN", EnvRuntime},
			{`$GH_TOKEN`, "GH_TOKEN", EnvRuntime},
		}},
		{"compose.yaml", "yaml", []wantRef{
			{`${GITHUB_TOKEN}`, "GITHUB_TOKEN", EnvRuntime},
		}},
		{".env", "", []wantRef{
			{`${GITHUB_TOKEN}`, "GITHUB_TOKEN", EnvRuntime},
		}},
		{".github/workflows/ci.yml", "yaml", []wantRef{
			{`${{ secrets.GITHUB_TOKEN }}`, "GITHUB_TOKEN", EnvCISecret},
			{`secrets.GH_PAT`, "GH_PAT", EnvCISecret},
			{`$GH_TOKEN`, "GH_TOKEN", EnvCIEnv},
			{`${{ env.GH_TOKEN }}`, "GH_TOKEN", EnvCIEnv},
			{`${{ secrets['GITHUB_PAT'] }}`, "GITHUB_PAT", EnvCISecret},
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "envref", c.file)
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := EnvRefs(path, c.languageID, text, nil)
			var gotW []wantRef
			for _, r := range got {
				if r.Range.Start < 0 || r.Range.End > len(text) || r.NameRange.Start < r.Range.Start || r.NameRange.End > r.Range.End {
					t.Fatalf("bad ranges %+v", r)
				}
				if n := string(text[r.NameRange.Start:r.NameRange.End]); n != r.Name {
					t.Errorf("NameRange covers %q, Name is %q", n, r.Name)
				}
				gotW = append(gotW, wantRef{string(text[r.Range.Start:r.Range.End]), r.Name, r.Context})
			}
			if len(gotW) != len(c.want) {
				t.Fatalf("got %d refs %+v, want %d %+v", len(gotW), gotW, len(c.want), c.want)
			}
			for i := range gotW {
				if gotW[i] != c.want[i] {
					t.Errorf("ref %d: got %+v, want %+v", i, gotW[i], c.want[i])
				}
			}
		})
	}
}

func TestEnvRefsPatterns(t *testing.T) {
	text := []byte(`a = process.env.DEPLOY_KEY; b = process.env.GITHUB_TOKEN; c = process.env.deploy_key_2`)
	got := EnvRefs("x.js", "", text, []string{"deploy_key*"})
	if len(got) != 2 || got[0].Name != "DEPLOY_KEY" || got[1].Name != "deploy_key_2" {
		t.Fatalf("custom patterns: got %+v", got)
	}
	// Empty patterns mean the defaults.
	got = EnvRefs("x.js", "", text, []string{})
	if len(got) != 1 || got[0].Name != "GITHUB_TOKEN" {
		t.Fatalf("default patterns: got %+v", got)
	}
}

func TestEnvRefsNone(t *testing.T) {
	for _, c := range []struct{ path, text string }{
		{"x.go", `fmt.Println("GITHUB_TOKEN")`},                   // not a reference
		{"x.md", "Set `$GITHUB_TOKEN` and run `ghpat-ls whoami`"}, // markdown: no syntax
		{"x.json", `{"token": "${GITHUB_TOKEN}"}`},
		{"x.sh", `echo '\$GITHUB_TOKEN' ${#GITHUB_TOKEN_X}`},
		{"x.py", `os.environ.get(name)`},
	} {
		if got := EnvRefs(c.path, "", []byte(c.text), nil); len(got) != 0 {
			t.Errorf("%s: %q: got %+v, want none", c.path, c.text, got)
		}
	}
}

func TestEnvRefsUnclosedBrace(t *testing.T) {
	text := "echo ${GITHUB_TOKEN\nnext"
	got := EnvRefs("x.sh", "", []byte(text), nil)
	if len(got) != 1 || text[got[0].Range.Start:got[0].Range.End] != "${GITHUB_TOKEN" {
		t.Fatalf("got %+v", got)
	}
}

func BenchmarkEnvRefsNoRefs(b *testing.B) {
	text := []byte(strings.Repeat("const x = compute(a, b) + other.value;\n", 5000))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		EnvRefs("big.js", "", text, nil)
	}
}
