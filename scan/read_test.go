package scan

import (
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// wideEncode writes s as UTF-16 (width 2) or UTF-32 (width 4).
func wideEncode(s string, width int, be bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	if be {
		order = binary.BigEndian
	}
	var out []byte
	for _, r := range s {
		if width == 4 {
			out = order.AppendUint32(out, uint32(r))
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			out = order.AppendUint16(out, u)
		}
	}
	return out
}

// streamAll runs one reader over data with the current chunk size.
func streamAll(t *testing.T, data []byte) []Finding {
	t.Helper()
	r := &reader{cfg: analysisConfig(Options{})}
	fs, n, err := r.stream(&file{rel: "x"}, strings.NewReader(string(data)))
	if err != nil || n != int64(len(data)) {
		t.Fatalf("err %v, read %d of %d bytes", err, n, len(data))
	}
	sort.Slice(fs, func(i, j int) bool { // as Run sorts them
		if fs[i].Line != fs[j].Line {
			return fs[i].Line < fs[j].Line
		}
		return fs[i].Column < fs[j].Column
	})
	return fs
}

// TestChunkBoundariesNeverHideATokenInAnyEncoding cuts binary and wide
// content at many chunk sizes: the findings, lines and columns must be
// those of one read of the whole.
func TestChunkBoundariesNeverHideATokenInAnyEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var toks []string
	next := func() string {
		k := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.Refresh}[len(toks)%3]
		tk := ghtoken.Generate(k, uint64(5000+len(toks)))
		toks = append(toks, tk)
		return tk
	}
	var text strings.Builder
	for i := range 40 {
		text.WriteString(strings.Repeat("wörds 😀 ", rng.IntN(30)))
		text.WriteString(next())
		if i%3 == 0 {
			text.WriteString("\r\n")
		} else {
			text.WriteString(" ")
		}
	}
	cases := map[string][]byte{
		"utf-16le": wideEncode(text.String(), 2, false),
		"utf-16be": wideEncode(text.String(), 2, true),
		"utf-32le": wideEncode(text.String(), 4, false),
		"utf-32be": wideEncode(text.String(), 4, true),
	}
	var bin []byte
	for i := range 30 {
		for range rng.IntN(300) {
			bin = append(bin, byte(rng.IntN(256)))
		}
		switch i % 4 {
		case 0:
			bin = append(bin, "\x00"+next()+"\x00"...)
		case 1:
			bin = append(bin, wideEncode(" "+next()+" ", 2, i%8 == 1)...)
		case 2:
			bin = append(bin, wideEncode(" "+next()+" ", 4, false)...)
		default:
			bin = append(bin, '\n')
		}
	}
	cases["binary"] = bin

	for name, data := range cases {
		want := streamAll(t, data)
		if len(want) == 0 {
			t.Fatalf("%s: no findings in one read", name)
		}
		func() {
			defer func(n, o int) { chunkSize, overlap = n, o }(chunkSize, overlap)
			overlap = 1024
			for _, size := range []int{64, 101, 256, 333, 1000, 4097} {
				chunkSize = size
				if got := streamAll(t, data); !reflect.DeepEqual(got, want) {
					t.Errorf("%s, chunk %d: %d findings, want %d as in one read", name, size, len(got), len(want))
					for i := range min(len(got), len(want)) {
						if g, w := got[i], want[i]; !reflect.DeepEqual(g, w) {
							t.Errorf("first difference: got %d:%d %s, want %d:%d %s", g.Line, g.Column, g.Message, w.Line, w.Column, w.Message)
							break
						}
					}
				}
			}
		}()
	}
	// Every token of the text is found in each wide encoding.
	for _, name := range []string{"utf-16le", "utf-16be", "utf-32le", "utf-32be"} {
		if got := streamAll(t, cases[name]); len(got) != 40 {
			t.Errorf("%s: %d findings, want 40", name, len(got))
		}
	}
}

// The history scan reads blobs through the same reader: a UTF-16 blob
// without a byte-order mark and a UTF-32 one are found, at editor lines.
func TestHistoryReadsWideEncodingsThroughTheSharedReader(t *testing.T) {
	dir := gitRepo(t)
	a, b := tok(ghtoken.ClassicPAT, 81), tok(ghtoken.OAuth, 82)
	histAdd(t, dir, "le16.ps1", string(wideEncode("# x\r\n$t = '"+a+"'\r\n", 2, false)))
	histAdd(t, dir, "be32.txt", string(wideEncode("y\n"+b+"\n", 4, true)))
	c := histCommit(t, dir, "wide")
	rep := runHist(t, dir, HistoryOptions{})
	wantHist(t, rep, "be32.txt:2 error "+c, "le16.ps1:2 error "+c)
	histNoToken(t, rep, a, b)
}
