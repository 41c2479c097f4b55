package scan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// FuzzStreamChunks: reading in small chunks finds every token one read of
// the whole finds, at the same place. (It may find more: an inline
// suppression on a line longer than half a chunk is not seen from the
// chunk that holds the token, which fails closed.)
//
// The place is exact for every finding whose bytes fit in the overlap. A
// token-shaped run longer than the overlap (the fuzzer found a 3,216
// character "ghp_000…PPPP" run) is seen by the chunk it starts in only up
// to the chunk's end, so it is still found at the same start, but ends
// there, and its fingerprint is that of the shorter run. Such a run is
// never a real token: the longest, a stateless ghs_<APPID>_<JWT>, is about
// 520 characters (2 KiB in UTF-32) against a 64 KiB overlap in
// production, so buffering a run past the overlap would only grow memory
// for placeholders. The property is therefore: nothing is missed, and
// everything that could be a token agrees exactly.
func FuzzStreamChunks(f *testing.F) {
	f.Add([]byte("a\nb = \"ghp_000000000000000000000000000000000000\"\n"))
	// Checksum-valid tokens, generated (never committed): a stateless one
	// (the longest kind), and a classic one glued to a run past the overlap.
	f.Add([]byte(strings.Repeat("x\n", 40) + "t = " + ghtoken.Generate(ghtoken.StatelessInstall, 1) + "\n"))
	f.Add([]byte(ghtoken.Generate(ghtoken.ClassicPAT, 2) + strings.Repeat("P", 3000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		key := func(fd Finding) string {
			return fmt.Sprintf("%d:%d-%d:%d %s %s", fd.Line, fd.Column, fd.EndLine, fd.EndColumn, fd.RuleID, fd.Token.Fingerprint)
		}
		start := func(fd Finding) string { return fmt.Sprintf("%d:%d", fd.Line, fd.Column) }
		// Columns count code units; a unit is one byte in text without a
		// NUL, and at most four (UTF-32) where wide findings are possible.
		unit := 1
		if bytes.IndexByte(data, 0) >= 0 {
			unit = 4
		}
		read := func() []Finding {
			r := &reader{cfg: analysisConfig(Options{})}
			fs, n, err := r.stream(&file{rel: "x"}, strings.NewReader(string(data)))
			if err != nil || n != int64(len(data)) {
				t.Fatalf("err %v, read %d of %d", err, n, len(data))
			}
			return fs
		}
		whole := read()
		defer func(n, o int) { chunkSize, overlap = n, o }(chunkSize, overlap)
		chunkSize, overlap = 64, 1024
		chunked := map[string]bool{}
		starts := map[string]bool{}
		for _, fd := range read() {
			chunked[key(fd)] = true
			starts[start(fd)] = true
		}
		for _, fd := range whole {
			fits := fd.EndLine == fd.Line && (fd.EndColumn-fd.Column)*unit <= overlap
			if fits && !chunked[key(fd)] {
				t.Fatalf("one read finds %s, reading in chunks does not (%d vs %d findings)", key(fd), len(whole), len(chunked))
			}
			if !starts[start(fd)] {
				t.Fatalf("one read finds %s (longer than the overlap), reading in chunks finds nothing starting there", key(fd))
			}
		}
	})
}
