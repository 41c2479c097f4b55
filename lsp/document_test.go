package lsp

import (
	"regexp"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

func rng(sl, sc, el, ec uint32) *protocol.Range {
	return &protocol.Range{Start: pos(sl, sc), End: pos(el, ec)}
}

func TestApplyIncrementalEdits(t *testing.T) {
	doc := NewDocument("file:///x.go", "go", 1, []byte("héllo 😀 world\n中文 line two\nthree\n"))
	cases := []struct {
		name    string
		changes []Change
		want    string
	}{
		{"insert after emoji", []Change{{Range: rng(0, 8, 0, 8), Text: "!"}}, "héllo 😀! world\n中文 line two\nthree\n"},
		// 0:5 is right after "héllo" (é is one UTF-16 unit): the deletion
		// joins that line with "three".
		{"delete across lines", []Change{{Range: rng(0, 5, 2, 0), Text: ""}}, "héllothree\n"},
		{"delete a line break", []Change{{Range: rng(0, 14, 1, 0), Text: " "}}, "héllo 😀 world 中文 line two\nthree\n"},
		{"replace CJK", []Change{{Range: rng(1, 0, 1, 2), Text: "Chinese"}}, "héllo 😀 world\nChinese line two\nthree\n"},
		{"insert at 0:0", []Change{{Range: rng(0, 0, 0, 0), Text: "X"}}, "Xhéllo 😀 world\n中文 line two\nthree\n"},
		{"full replacement", []Change{{Range: nil, Text: "X"}}, "X"},
		{"full then incremental", []Change{{Text: "ab\ncd"}, {Range: rng(1, 1, 1, 1), Text: "Z"}}, "ab\ncZd"},
		// Each change's range refers to the text after the previous one.
		{"two changes in order", []Change{
			{Range: rng(0, 0, 0, 5), Text: "hi"},      // "hi 😀 world..."
			{Range: rng(0, 3, 0, 5), Text: "(smile)"}, // 😀 is now at 0:3-0:5
		}, "hi (smile) world\n中文 line two\nthree\n"},
		{"past the end clamps", []Change{{Range: rng(9, 9, 9, 9), Text: "tail"}}, "héllo 😀 world\n中文 line two\nthree\ntail"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := doc.Apply(2, c.changes)
			if string(got.Text) != c.want {
				t.Fatalf("got %q, want %q", got.Text, c.want)
			}
			if got.Version != 2 || string(doc.Text) != "héllo 😀 world\n中文 line two\nthree\n" {
				t.Fatalf("Apply must return a new snapshot and leave the old one alone")
			}
			if m := NewMapper(got.Text); m.LineCount() != got.Mapper().LineCount() {
				t.Fatalf("stale mapper")
			}
		})
	}
}

func TestURIPathNeverPanics(t *testing.T) {
	for u, want := range map[protocol.DocumentURI]string{
		"file:///home/u/app.js":          "/home/u/app.js",
		"file:///home/u/with%20space.go": "/home/u/with space.go",
		"untitled:Untitled-1":            "Untitled-1",
		"untitled:///tmp/x.py":           "/tmp/x.py",
		"%%%":                            "",
		"":                               "",
	} {
		if got := uriPath(u); got != want {
			t.Errorf("uriPath(%q) = %q, want %q", u, got, want)
		}
	}
}

// modelApply applies one LSP change to a string with an independent
// implementation: lines split by a regexp, columns counted by encoding the
// line to UTF-16.
var eolRE = regexp.MustCompile(`\r\n|\r|\n`)

func modelOffset(text string, p protocol.Position) int {
	starts := []int{0}
	ends := []int{}
	for _, loc := range eolRE.FindAllStringIndex(text, -1) {
		ends = append(ends, loc[0])
		starts = append(starts, loc[1])
	}
	ends = append(ends, len(text))
	if int(p.Line) >= len(starts) {
		return len(text)
	}
	line := text[starts[p.Line]:ends[p.Line]]
	units := utf16.Encode([]rune(line))
	k := int(p.Character)
	if k > len(units) {
		k = len(units)
	}
	if k > 0 && utf16.IsSurrogate(rune(units[k-1])) && k < len(units) && units[k-1] < 0xDC00 {
		k-- // inside a surrogate pair: start of the character
	}
	return starts[p.Line] + len(string(utf16.Decode(units[:k])))
}

func modelApply(text string, c Change) string {
	if c.Range == nil {
		return c.Text
	}
	s, e := modelOffset(text, c.Range.Start), modelOffset(text, c.Range.End)
	if e < s {
		s, e = e, s
	}
	return text[:s] + c.Text + text[e:]
}

// FuzzApplyChanges applies random edits in one notification and checks the
// document against the string model, and the mapper's round trip.
func FuzzApplyChanges(f *testing.F) {
	f.Add("hello\nworld\n", []byte{0, 1, 1, 2, 3}, "X\r\n")
	f.Add("a😀b\r\n中文\rc", []byte{0, 2, 0, 3, 1, 1, 1, 0, 0, 0}, "😀")
	f.Add("", []byte{5, 5, 5, 5, 5, 255, 0, 0, 0, 0}, "new\ntext")
	f.Add("x\r\ny", []byte{0, 9, 1, 0, 0}, "\n")
	f.Fuzz(func(t *testing.T, text string, ops []byte, ins string) {
		if !utf8.ValidString(text) || !utf8.ValidString(ins) {
			t.Skip()
		}
		var changes []Change
		for i := 0; i+4 < len(ops) && len(changes) < 8; i += 5 {
			n := int(ops[i+4]) % (len(ins) + 1)
			piece := ins[:n]
			for !utf8.ValidString(piece) {
				piece = piece[:len(piece)-1]
			}
			if ops[i+4] == 255 {
				changes = append(changes, Change{Text: piece})
				continue
			}
			changes = append(changes, Change{Range: rng(uint32(ops[i]%8), uint32(ops[i+1]), uint32(ops[i+2]%8), uint32(ops[i+3])), Text: piece})
		}
		doc := NewDocument("untitled:fuzz", "", 1, []byte(text))
		got := doc.Apply(2, changes)
		want := text
		for _, c := range changes {
			want = modelApply(want, c)
		}
		if string(got.Text) != want {
			t.Fatalf("document %q, model %q", got.Text, want)
		}
		m := got.Mapper()
		for off := 0; off <= len(got.Text); off++ {
			if off < len(got.Text) && !utf8.RuneStart(got.Text[off]) {
				continue
			}
			if off > 0 && off < len(got.Text) && got.Text[off-1] == '\r' && got.Text[off] == '\n' {
				continue // between \r and \n: not a position
			}
			if back := m.Offset(m.Position(off)); back != off {
				t.Fatalf("round trip of offset %d gave %d in %q", off, back, got.Text)
			}
		}
	})
}
