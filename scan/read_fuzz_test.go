package scan

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzStreamChunks: reading in small chunks finds every token one read of
// the whole finds, at the same place. (It may find more: an inline
// suppression on a line longer than half a chunk is not seen from the
// chunk that holds the token, which fails closed.)
func FuzzStreamChunks(f *testing.F) {
	f.Add([]byte("a\nb = \"ghp_000000000000000000000000000000000000\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		key := func(fd Finding) string {
			return fmt.Sprintf("%d:%d-%d:%d %s %s", fd.Line, fd.Column, fd.EndLine, fd.EndColumn, fd.RuleID, fd.Token.Fingerprint)
		}
		read := func() map[string]bool {
			r := &reader{cfg: analysisConfig(Options{})}
			fs, n, err := r.stream(&file{rel: "x"}, strings.NewReader(string(data)))
			if err != nil || n != int64(len(data)) {
				t.Fatalf("err %v, read %d of %d", err, n, len(data))
			}
			m := map[string]bool{}
			for _, fd := range fs {
				m[key(fd)] = true
			}
			return m
		}
		whole := read()
		defer func(n, o int) { chunkSize, overlap = n, o }(chunkSize, overlap)
		chunkSize, overlap = 64, 1024
		chunked := read()
		for k := range whole {
			if !chunked[k] {
				t.Fatalf("one read finds %s, reading in chunks does not (%d vs %d findings)", k, len(whole), len(chunked))
			}
		}
	})
}
