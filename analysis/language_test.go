package analysis

import "testing"

func TestDetectLanguage(t *testing.T) {
	cases := []struct {
		path, id string
		want     Lang
	}{
		{"a/b.go", "", LangGo},
		{"x.TSX", "", LangJavaScript},
		{"x.txt", "typescriptreact", LangJavaScript},
		{"Dockerfile", "", LangDockerfile},
		{"Dockerfile.prod", "", LangDockerfile},
		{"web.Dockerfile", "", LangDockerfile},
		{"dockerfile.env", "", LangDockerfile},
		{"Containerfile", "", LangDockerfile},
		{".env", "", LangDotenv},
		{".env.local", "", LangDotenv},
		{"prod.env", "", LangDotenv},
		{"app.properties", "", LangDotenv},
		{"Gemfile", "", LangRuby},
		{".bash_profile", "", LangShell},
		{"repo/.github/workflows/ci.yml", "yaml", LangWorkflow},
		{"repo/.github/workflows/ci.yml", "", LangWorkflow},
		{"repo/config.yaml", "yaml", LangYAML},
		{"notes.md", "", LangMarkdown},
		{"Makefile", "", LangText},
		{"a.py", "unknown-id", LangPython},
	}
	for _, c := range cases {
		if got := DetectLanguage(c.path, c.id); got != c.want {
			t.Errorf("DetectLanguage(%q, %q) = %s, want %s", c.path, c.id, got, c.want)
		}
	}
}
