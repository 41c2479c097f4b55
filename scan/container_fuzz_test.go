package scan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	af "github.com/ghpat-ls/ghpat-ls/internal/archivefix"
)

// FuzzContainerWalker: whatever bytes a file holds (the seeds are every
// container kind, nested; the fuzzer mutates headers, sizes, names and
// compressed data), expanding them never panics, never reads past its
// bounds, never loses the raw view (a token in plain text beside the bytes
// is still found), and never shows a token in a note.
func FuzzContainerWalker(f *testing.F) {
	tk := ghtoken.Generate(ghtoken.ClassicPAT, 3)
	p := []byte("k = " + tk + "\n")
	f.Add(af.Gzip(f, p))
	f.Add(af.Zstd(f, p))
	f.Add(af.Zip(f, af.Member{Name: "a/" + tk, Data: p}, af.Member{Name: "s", Data: p, Store: true}))
	f.Add(af.Tar(f, af.Member{Name: "t.txt", Data: p}))
	f.Add(af.Gzip(f, af.Tar(f, af.Member{Name: "in.zip", Data: af.Zip(f, af.Member{Name: "x", Data: p})})))
	f.Add(af.Zip(f, af.Member{Name: "e", Data: p, Encrypted: true}))
	defer func(b, m int64, n int) { maxExpandedBytes, minExpandBudget, maxMembers = b, m, n }(maxExpandedBytes, minExpandBudget, maxMembers)
	maxExpandedBytes, minExpandBudget, maxMembers = 1<<20, 1<<20, 64
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		marker := ghtoken.Generate(ghtoken.ClassicPAT, 4)
		r := &reader{cfg: analysisConfig(Options{}), buf: make([]byte, 4096)}
		defer func(c, o int) { chunkSize, overlap = c, o }(chunkSize, overlap)
		chunkSize, overlap = 2048, 1024
		src := append(append([]byte{}, data...), []byte("\n"+marker+"\n")...)
		fs, n, err := r.stream(&file{rel: "f"}, bytes.NewReader(src))
		if err != nil || n != int64(len(src)) {
			t.Fatalf("read %d of %d bytes: %v", n, len(src), err)
		}
		found := false
		for _, fd := range fs {
			found = found || fd.Token != nil && fd.Token.Fingerprint == tokenInfoOf(marker) && fd.Container == nil
			if fd.Container != nil && !strings.HasPrefix(fd.File, "f") {
				t.Errorf("finding inside at %q", fd.File)
			}
		}
		if !found {
			t.Errorf("the raw token beside the bytes is lost")
		}
		if r.expBytes > maxExpandedBytes+1 {
			t.Errorf("expanded %d bytes, bound %d", r.expBytes, maxExpandedBytes)
		}
		for _, u := range r.notes {
			for _, s := range []string{u.File, u.Member, u.Reason} {
				if strings.Contains(s, tk) || strings.Contains(s, marker) {
					t.Errorf("a token in a note: %+v", u)
				}
			}
		}
	})
}

// tokenInfoOf is a token's fingerprint as findings carry it.
func tokenInfoOf(tok string) string {
	fs := newPathChecker(nil).names("x/" + tok)
	if len(fs) == 0 || fs[0].finding.Token == nil {
		return ""
	}
	return fs[0].finding.Token.Fingerprint
}
