package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// TestHoversAgreeOnWhereTokensAreManaged: for each kind a live lookup
// describes, the live hover on a variable holding such a token and the
// hover on the same kind of token hard-coded in the file send the user to
// the same settings page (for gho_ and ghu_ they used to differ: the two
// hovers kept their own lists).
func TestHoversAgreeOnWhereTokensAreManaged(t *testing.T) {
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	host := strings.TrimPrefix(fake.URL, "https://")
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer}
	vars := []string{"GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "GH_ENTERPRISE_TOKEN"}
	var live, hard []string
	env := []string{"SSL_CERT_FILE=" + fake.CertFile(t)}
	var src strings.Builder
	for i, k := range kinds {
		live = append(live, ghtoken.Generate(k, uint64(410+i)))
		hard = append(hard, ghtoken.Generate(k, uint64(420+i)))
		fake.Token(live[i], tokeninfotest.Classic)
		env = append(env, vars[i]+"="+live[i])
		src.WriteString("const v" + string(rune('a'+i)) + " = process.env." + vars[i] + ";\n")
	}
	for i := range kinds {
		src.WriteString("const h" + string(rune('a'+i)) + " = \"" + hard[i] + "\";\n")
	}
	g := fixture.Watch(t, append(live, hard...)...)
	c := liveStartServer(t, liveEnv(env...))
	liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{},
		"initializationOptions": map[string]any{"ghpat": map[string]any{
			"enterpriseHost": host,
			"liveLookups":    map[string]any{"enabled": true, "timeoutMs": 8000},
		}},
	})
	c.Notify("initialized", map[string]any{})
	uri := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "app.js"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "javascript", "version": 1, "text": src.String(),
	}})
	hover := func(line, char int) string {
		md, _ := liveHoverText(t, liveCall(c, "textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"position":     map[string]any{"line": line, "character": char},
		}))
		g.CheckString("the hover", md)
		return md
	}
	manage := regexp.MustCompile(`\[Manage tokens\]\(https://` + regexp.QuoteMeta(host) + `(/[^)]*)\)`)
	for i, k := range kinds {
		liveMD := hover(i, len("const va = process.env.")+1)
		m := manage.FindStringSubmatch(liveMD)
		if m == nil {
			t.Errorf("%s: the live hover links no settings page:\n%s", k, g.Redact(liveMD))
			continue
		}
		hardMD := hover(len(kinds)+i, len("const ha = \"")+5)
		if !strings.Contains(hardMD, "`"+m[1]+"`") {
			t.Errorf("%s: the live hover links %s, the hover on a hard-coded token says:\n%s", k, m[1], g.Redact(hardMD))
		}
		if m[1] != k.Traits().Managed.Path {
			t.Errorf("%s: the live hover links %s, want %s", k, m[1], k.Traits().Managed.Path)
		}
	}
}
