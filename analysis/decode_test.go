package analysis

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

var allKinds = []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.OAuth, ghtoken.UserToServer, ghtoken.ServerToServer,
	ghtoken.Refresh, ghtoken.FineGrainedPAT, ghtoken.StatelessInstall}

func TestDecodedTokens(t *testing.T) {
	for _, c := range fixture.Encodings {
		for i, kind := range allKinds {
			tok := ghtoken.Generate(kind, uint64(100+i))
			text, start := c.Make(tok)
			name := c.Name + "/" + string(kind)
			fs := Analyze("x.txt", "", []byte(text), nil)
			g := fixture.Watch(t, tok)
			for _, f := range fs {
				g.CheckString(name+" message", f.Message)
			}
			if len(fs) != 1 {
				t.Errorf("%s: %d findings, want 1: %v", name, len(fs), messages(fs))
				continue
			}
			f := fs[0]
			if f.Severity != SeverityError || f.Token.Redacted != ghtoken.Redact(tok) || len(f.Fixes) > 1 || len(f.Fixes) == 1 && !strings.Contains(f.Fixes[0].Title, "gitleaks:allow") {
				t.Errorf("%s: %+v", name, f)
			}
			if !strings.HasSuffix(f.Message, ", written as "+c.How) {
				t.Errorf("%s: message %q, want it to say %q", name, f.Message, c.How)
			}
			if start >= 0 && f.Range.Start != start {
				t.Errorf("%s: starts at %d, want %d", name, f.Range.Start, start)
			}
			if f.Range.End <= f.Range.Start || f.Range.End > len(text) {
				t.Errorf("%s: range %+v", name, f.Range)
			}
		}
	}
}

func messages(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%d %s", f.RuleID, f.Range.Start, f.Message))
	}
	return out
}

// TestDecodedDecoys: random base64 and hex, and encoded placeholders, stay
// quiet.
func TestDecodedDecoys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	placeholder := "ghp_" + strings.Repeat("x", 36)
	fine := "github_pat_" + strings.Repeat("A", 82)
	decoys := map[string]string{
		"random base64":         fixture.Wrap(fixture.B64(string(random)), 76, "\n"),
		"random hex":            hex.EncodeToString(random[:1<<16]),
		"base64 of placeholder": "t: " + fixture.B64(placeholder) + "\n" + fixture.B64("x:"+fine),
		"hex of placeholder":    hex.EncodeToString([]byte(placeholder)),
		"escaped placeholder":   fixture.EscapeAll(placeholder, "%%%02x") + " " + strings.Replace(placeholder, "_", "&lowbar;", 1),
		// prefixes whose encodings appear, with nothing valid after them
		"prefix only": fixture.B64("ghp_") + " " + hex.EncodeToString([]byte("github_pat_")) + " %67%68%70%5F",
	}
	for name, text := range decoys {
		if fs := Analyze("x.txt", "", []byte(text), nil); len(fs) > 0 {
			for _, f := range fs {
				if f.Severity == SeverityError || strings.Contains(f.Message, "written as") {
					t.Errorf("%s: %v", name, messages(fs))
					break
				}
			}
		}
	}
}

// TestDecodedAllowAndRules: the encoded token keeps the plain token's rule,
// so an allow comment on its line and a disabled rule silence it.
func TestDecodedAllowAndRules(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7)
	text := "a: " + fixture.B64(tok) + " # gitleaks:allow\nb: " + fixture.B64(tok) + "\n"
	fs := Analyze("x.yaml", "", []byte(text), nil)
	if len(fs) != 1 || fs[0].RuleID != RuleClassicPAT || fs[0].Range.Start != strings.Index(text, "b: ")+3 {
		t.Fatalf("%v", messages(fs))
	}
	if len(fs[0].Fixes) != 1 || fs[0].Fixes[0].Edits[0].NewText != " # gitleaks:allow" {
		t.Errorf("fixes %+v, want the allow comment", fs[0].Fixes)
	}
	if fs := Analyze("x.yaml", "", []byte(text), &Config{Disabled: map[string]bool{RuleClassicPAT: true}}); len(fs) != 0 {
		t.Fatalf("disabled rule: %v", messages(fs))
	}
}

// TestDecodedManyTokens: many encoded tokens in one long run are all
// found (windows overlap), each once.
func TestDecodedManyTokens(t *testing.T) {
	var plain strings.Builder
	var toks []string
	for i := 0; i < 3000; i++ {
		tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(i))
		toks = append(toks, tok)
		fmt.Fprintf(&plain, "token%d=%s\n", i, tok)
	}
	text := "blob: " + fixture.B64(plain.String()) + "\n"
	fs := Analyze("x", "", []byte(text), nil)
	if len(fs) != len(toks) {
		t.Fatalf("%d findings, want %d", len(fs), len(toks))
	}
}

// TestDecodedWrapCutsPrefix: a line wrap inside the encoded prefix (where
// no fixed string can match) is read across.
func TestDecodedWrapCutsPrefix(t *testing.T) {
	lead := "token for the deploy robot: " // 28 bytes: the token's encoding starts at character 37
	for i, kind := range allKinds {
		tok := ghtoken.Generate(kind, uint64(300+i))
		enc := fixture.B64(lead + tok)
		start := len(lead)/3*4 + len(lead)%3
		for cut := start + 1; cut < start+12; cut++ {
			for _, nl := range []string{"\n", "\r\n", "\n  "} {
				text := "k: " + enc[:cut] + nl + enc[cut:] + "\n"
				fs := Analyze("x", "", []byte(text), nil)
				if len(fs) != 1 || fs[0].Range.Start != 3+start {
					t.Errorf("%s cut at %d by %q: %v", kind, cut-start, nl, messages(fs))
				}
			}
		}
	}
}
