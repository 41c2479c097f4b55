package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// decodedKinds rotate over the fixtures so every kind is written in
// several encodings.
var decodedKinds = []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer,
	ghtoken.ServerToServer, ghtoken.Refresh, ghtoken.StatelessInstall}

type decodedFile struct {
	name, how, rule string
	line            int // 0: not checked
	content         []byte
}

// decodedFiles are one file per encoding (issue 19) with a token each,
// and decoys: random base64 and hex, an encoded placeholder.
func decodedFiles(g *fixture.Guard) (files []decodedFile, decoys map[string][]byte) {
	rules := map[ghtoken.Kind]string{ghtoken.ClassicPAT: "github-pat", ghtoken.FineGrainedPAT: "github-fine-grained-pat",
		ghtoken.OAuth: "github-oauth", ghtoken.UserToServer: "github-app-token", ghtoken.ServerToServer: "github-app-token",
		ghtoken.Refresh: "github-refresh-token", ghtoken.StatelessInstall: "github-app-installation-token-jwt"}
	for i, enc := range fixture.Encodings {
		kind := decodedKinds[i%len(decodedKinds)]
		tok := g.Token(kind)
		text, start := enc.Make(tok)
		line := 0
		if start >= 0 {
			line = strings.Count(text[:start], "\n") + 1
		}
		files = append(files, decodedFile{name: fmt.Sprintf("enc/%02d.txt", i), how: enc.How, rule: rules[kind], line: line, content: []byte(text)})
	}
	random := make([]byte, 64<<10)
	_, _ = rand.Read(random)
	decoys = map[string][]byte{
		"decoy/random.b64":    []byte(fixture.Wrap(base64.StdEncoding.EncodeToString(random), 76, "\n")),
		"decoy/random.hex":    []byte(hex.EncodeToString(random[:4096])),
		"decoy/placeholder.b": []byte("t: " + fixture.B64("ghp_"+strings.Repeat("x", 36)) + "\n"),
	}
	return files, decoys
}

// TestScanDecodedEveryMode: every encoded token is found, at its
// encoding's line, with its plain rule id and a message that says how it
// was written, in files, --staged, --diff and --history; decoys stay
// quiet; no output shows a token in any form.
func TestScanDecodedEveryMode(t *testing.T) {
	bin := testbin.Path(t)
	g := fixture.NewGuard(t, 1900)
	files, decoys := decodedFiles(g)
	r := newRTRepo(t, bin)
	r.write("README", []byte("base\n"))
	r.git("add", "-A")
	r.git("commit", "-qm", "base")
	r.git("checkout", "-q", "-b", "topic")
	for _, f := range files {
		r.write(f.name, f.content)
	}
	for name, content := range decoys {
		r.write(name, content)
	}
	r.git("add", "-A")

	check := func(mode string, res scResult) {
		t.Helper()
		g.Check(mode+" stdout", []byte(res.stdout))
		g.Check(mode+" stderr", []byte(res.stderr))
		got := map[string][]rtFinding{}
		for _, f := range rtFindings(t, res) {
			got[f.File] = append(got[f.File], f)
		}
		for _, f := range files {
			fs := got[f.name]
			if len(fs) != 1 {
				t.Errorf("%s: %s (%s): %d findings, want 1", mode, f.name, f.how, len(fs))
				continue
			}
			if fs[0].RuleID != f.rule || fs[0].Severity != "error" || !strings.HasSuffix(fs[0].Message, "written as "+f.how) {
				t.Errorf("%s: %s: %+v, want %s written as %s", mode, f.name, fs[0], f.rule, f.how)
			}
			if f.line != 0 && fs[0].Line != f.line {
				t.Errorf("%s: %s (%s): line %d, want %d", mode, f.name, f.how, fs[0].Line, f.line)
			}
		}
		for name := range decoys {
			if len(got[name]) > 0 {
				t.Errorf("%s: decoy %s: %+v", mode, name, got[name])
			}
		}
	}
	check("--staged", r.scan("--staged", "--format", "json"))
	check("files", r.scan("--format", "json", "enc", "decoy"))
	r.git("commit", "-qm", "encoded tokens")
	check("--diff", r.scan("--diff", "main", "--format", "json"))
	check("--history", r.scan("--history", "--format", "json"))
	for _, format := range []string{"text", "sarif"} {
		res := r.scan("--format", format, "enc")
		g.Check(format+" stdout", []byte(res.stdout))
		g.Check(format+" stderr", []byte(res.stderr))
		if res.code != 1 {
			t.Errorf("--format %s: exit %d, want 1", format, res.code)
		}
	}
}
