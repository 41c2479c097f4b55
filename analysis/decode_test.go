package analysis

import (
	"encoding/base64"
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

// encodedCase writes a token in one of the decoded forms; the text holds
// the token's encoding from start.
type encodedCase struct {
	name string
	how  string // what the message says
	make func(tok string) (text string, start int)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// b64At is base64 of lead+tok inside a line, and where tok's encoding starts.
func b64At(enc *base64.Encoding, before, lead, tok, after string) (string, int) {
	n := len(lead)
	return before + enc.EncodeToString([]byte(lead+tok)) + after, len(before) + n/3*4 + n%3
}

func wrap(s string, width int, nl string) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + nl)
		s = s[width:]
	}
	b.WriteString(s)
	return b.String()
}

func escapeAll(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

var encodedCases = []encodedCase{
	{"base64", "base64", func(t string) (string, int) { return b64At(base64.StdEncoding, "data:\n  token: ", "", t, "\n") }},
	{"base64 user:token (align 1)", "base64", func(t string) (string, int) {
		return b64At(base64.StdEncoding, "AUTHORIZATION: basic ", "x-access-token:", t, "\n")
	}},
	{"base64 align 2", "base64", func(t string) (string, int) { return b64At(base64.StdEncoding, `"auth": "`, "me:", t, `"`) }},
	{"base64url unpadded", "base64", func(t string) (string, int) { return b64At(base64.RawURLEncoding, "?t=", "\xfb\xff", t, "&x=1") }},
	{"base64 MIME 76 wrapped", "base64", func(t string) (string, int) {
		lead := strings.Repeat("config line with words\n", 5) + "token = "
		enc := b64(lead + t + "\n" + strings.Repeat("more text\n", 8))
		// The token's encoding starts at character n/3*4+n%3, plus one CRLF per 76.
		c := len(lead)/3*4 + len(lead)%3
		return "Content-Transfer-Encoding: base64\r\n\r\n" + wrap(enc, 76, "\r\n") + "\r\n", len("Content-Transfer-Encoding: base64\r\n\r\n") + c + c/76*2
	}},
	{"base64 wrapped at 20 in YAML", "base64", func(t string) (string, int) {
		enc := b64("x:" + t)
		c := 2 // the token's first byte is byte 2: character 2
		head := "key: |\n    "
		return head + wrap(enc, 20, "\n    ") + "\n", len(head) + c + c/20*5
	}},
	{"dockerconfigjson Secret (base64 → base64)", "base64 → base64", func(t string) (string, int) {
		inner := b64("octocat:" + t)
		cfg := `{"auths":{"ghcr.io":{"auth":"` + inner + `"}}}`
		head := "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
		return head + b64(cfg) + "\n", -1
	}},
	{"base64³", "base64 → base64 → base64", func(t string) (string, int) { return "v=" + b64(b64(b64(t))) + ";", -1 }},
	{"hex", "hex", func(t string) (string, int) { return "key = 0x" + hex.EncodeToString([]byte(t)) + "\n", 8 }},
	{"HEX", "hex", func(t string) (string, int) {
		return "key = " + strings.ToUpper(hex.EncodeToString([]byte("t="+t))) + "\n", 10
	}},
	{"hex → base64", "hex → base64", func(t string) (string, int) { return "k " + hex.EncodeToString([]byte(b64(t))) + " ", -1 }},
	{"base64 → hex", "base64 → hex", func(t string) (string, int) { return "k " + b64(hex.EncodeToString([]byte(t))) + " ", -1 }},
	{"percent underscore", "percent-encoding", func(t string) (string, int) {
		i := strings.IndexByte(t, '_')
		return "https://x/?token=" + t[:i] + "%5F" + t[i+1:] + "&a=b", 17
	}},
	{"percent all", "percent-encoding", func(t string) (string, int) { return "q=" + escapeAll(t, "%%%02X") + "&", 2 }},
	{`\u escapes`, "backslash escapes", func(t string) (string, int) { return `{"t": "` + escapeAll(t, `\u%04x`) + `"}`, 7 }},
	{`\u005f`, "backslash escapes", func(t string) (string, int) {
		return `{"t": "` + strings.Replace(t, "_", `\u005F`, 1) + `"}`, 7
	}},
	{`\x escapes`, "backslash escapes", func(t string) (string, int) { return `s = "` + escapeAll(t, `\x%02x`) + `"`, 5 }},
	{`octal escapes`, "backslash escapes", func(t string) (string, int) { return `s = "` + escapeAll(t, `\%03o`) + `"`, 5 }},
	{"HTML decimal", "HTML character references", func(t string) (string, int) { return "<p>" + escapeAll(t, "&#%d;") + "</p>", 3 }},
	{"HTML hex", "HTML character references", func(t string) (string, int) { return "<p>" + escapeAll(t, "&#x%x;") + "</p>", 3 }},
	{"HTML &lowbar;", "HTML character references", func(t string) (string, int) {
		return "<code>" + strings.Replace(t, "_", "&lowbar;", 1) + "</code>", 6
	}},
	{"quoted-printable all", "quoted-printable", func(t string) (string, int) { return "t: " + escapeAll(t, "=%02X") + "\n", 3 }},
	{"quoted-printable =5F", "quoted-printable", func(t string) (string, int) {
		return "t: " + strings.Replace(t, "_", "=5F", 1) + "\n", 3
	}},
	{"quoted-printable soft break", "quoted-printable", func(t string) (string, int) {
		return "token: " + t[:20] + "=\r\n" + t[20:] + "\r\n", 7
	}},
	{"base64 escaped in a URL and JSON", "base64", func(t string) (string, int) {
		enc := strings.NewReplacer("+", "%2B", "/", `\/`).Replace(b64(t))
		return "u=" + enc + "&", 2
	}},
}

func TestDecodedTokens(t *testing.T) {
	for _, c := range encodedCases {
		for i, kind := range allKinds {
			tok := ghtoken.Generate(kind, uint64(100+i))
			text, start := c.make(tok)
			name := c.name + "/" + string(kind)
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
			if f.Severity != SeverityError || f.Token.Redacted != ghtoken.Redact(tok) || f.Fixes != nil {
				t.Errorf("%s: %+v", name, f)
			}
			if !strings.HasSuffix(f.Message, ", written as "+c.how) {
				t.Errorf("%s: message %q, want it to say %q", name, f.Message, c.how)
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
		"random base64":         wrap(b64(string(random)), 76, "\n"),
		"random hex":            hex.EncodeToString(random[:1<<16]),
		"base64 of placeholder": "t: " + b64(placeholder) + "\n" + b64("x:"+fine),
		"hex of placeholder":    hex.EncodeToString([]byte(placeholder)),
		"escaped placeholder":   escapeAll(placeholder, "%%%02x") + " " + strings.Replace(placeholder, "_", "&lowbar;", 1),
		// prefixes whose encodings appear, with nothing valid after them
		"prefix only": b64("ghp_") + " " + hex.EncodeToString([]byte("github_pat_")) + " %67%68%70%5F",
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
	text := "a: " + b64(tok) + " # gitleaks:allow\nb: " + b64(tok) + "\n"
	fs := Analyze("x.yaml", "", []byte(text), nil)
	if len(fs) != 1 || fs[0].RuleID != RuleClassicPAT || fs[0].Range.Start != strings.Index(text, "b: ")+3 {
		t.Fatalf("%v", messages(fs))
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
	text := "blob: " + b64(plain.String()) + "\n"
	fs := Analyze("x", "", []byte(text), nil)
	if len(fs) != len(toks) {
		t.Fatalf("%d findings, want %d", len(fs), len(toks))
	}
}
