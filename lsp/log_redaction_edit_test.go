package lsp

import (
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// Regression: log lines name URIs, and a URI can hold a token
// (untitled:<token>, a file named after one, credentials in a remote
// URL): the debug log printed it whole.
func TestLogLinesNeverHoldATokenFromAURI(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	a := ghtoken.Generate(ghtoken.ClassicPAT, 71)
	b := ghtoken.Generate(ghtoken.FineGrainedPAT, 72)
	for i, uri := range []string{"untitled:" + a, "https://x:" + b + "@example.com/o/r/blob/main/a.py"} {
		h.open(uri, "python", "x = 1\n", i+1)
		h.diagnostics(uri, i+1)
	}
	h.shutdownExit()
	log := h.log.String()
	if !strings.Contains(log, ghtoken.Redact(a)) {
		t.Errorf("the log does not name the document, redacted")
	}
	fixture.Watch(t, a, b).CheckString("the log", log)
}

// Regression: a broken header quoted up to 40 characters of the
// Content-Length value, a whole classic token, in the log and in the
// error response on stdout.
func TestBadHeaderErrorDoesNotEchoAToken(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, nil)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 73)
	h.secrets = append(h.secrets, tok) // checked in every frame and the log
	if err := h.c.WriteRaw([]byte("Content-Length: " + tok + "\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if e := h.nullIDError(); e.Code != -32700 || strings.Contains(e.Message, tok) {
		t.Errorf("error %d %q", e.Code, strings.ReplaceAll(e.Message, tok, "<token>"))
	}
	h.alive()
	h.shutdownExit()
}

// BenchmarkMultiCursorEdit is one didChange with 1,000 changes (a
// multi-cursor edit, last first as VS Code sends it) on a 4 MB document:
// each change used to copy the text and rebuild the line index byte by
// byte (9 s here).
func BenchmarkMultiCursorEdit(b *testing.B) {
	text := []byte(strings.Repeat(strings.Repeat("x", 79)+"\n", 4<<20/80))
	doc := NewDocument("file:///big.py", "python", 1, text)
	changes := make([]Change, 1000)
	for i := range changes {
		p := protocol.Position{Line: uint32((len(changes) - i) * 50)}
		changes[i] = Change{Range: &protocol.Range{Start: p, End: p}, Text: "y"}
	}
	b.ResetTimer()
	for range b.N {
		doc.Apply(2, changes)
	}
}

// The one-pass splice of a multi-cursor edit must give what applying the
// changes one by one gives, including CRLF/CR line ends, wide characters,
// clamped columns and changes that insert or join lines.
func TestMultiCursorEditMatchesSequentialEdits(t *testing.T) {
	text := "a😀b\r\n中文 x\rline3\nfour\r\nfive\n\nseven 😀😀\n"
	cases := [][]Change{
		{{Range: rng(6, 2, 6, 4), Text: "X"}, {Range: rng(4, 0, 4, 99), Text: "\n"}, {Range: rng(1, 0, 1, 2), Text: "\r"}, {Range: rng(0, 1, 0, 3), Text: ""}},
		{{Range: rng(3, 4, 4, 0), Text: ""}, {Range: rng(2, 5, 2, 5), Text: "\r"}, {Range: rng(1, 99, 2, 0), Text: "\n"}},
		{{Range: rng(9, 0, 9, 0), Text: "end"}, {Range: rng(2, 0, 2, 1), Text: "L"}, {Range: rng(2, 3, 2, 3), Text: "same line"}},
		{{Range: rng(5, 0, 5, 0), Text: "\n"}, {Range: rng(0, 0, 0, 0), Text: "top\r"}, {Range: rng(0, 1, 0, 1), Text: "\n"}},
	}
	for i, changes := range cases {
		want := text
		for _, c := range changes {
			want = modelApply(want, c)
		}
		got := NewDocument("untitled:x", "", 1, []byte(text)).Apply(2, changes)
		if string(got.Text) != want {
			t.Errorf("case %d: got %q, want %q", i, got.Text, want)
		}
		if fresh := NewMapper(got.Text); !reflect.DeepEqual(fresh.lines, got.Mapper().lines) {
			t.Errorf("case %d: line index %v, want %v", i, got.Mapper().lines, fresh.lines)
		}
	}
}
