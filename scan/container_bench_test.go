package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	af "github.com/ghpat-ls/ghpat-ls/internal/archivefix"
)

// BenchmarkRunContainers is `ghpat-ls scan DIR` over BenchmarkRunFiles'
// 200 files packed three ways: a .tgz, a deflated .zip and a .tar.zst.
// Bytes are the expanded bytes of one archive times three.
func BenchmarkRunContainers(b *testing.B) {
	src := b.TempDir()
	size := benchTree(b, src)
	var members []af.Member
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		members = append(members, af.Member{Name: strings.TrimPrefix(p, src+"/"), Data: data})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	tarball := af.Tar(b, members...)
	for name, data := range map[string][]byte{"a.tgz": af.Gzip(b, tarball), "a.zip": af.Zip(b, members...), "a.tar.zst": af.Zstd(b, tarball)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(3 * size)
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), Options{Dir: dir, IgnoreFile: "-"})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Findings) != 60 || len(rep.Unexpanded) != 0 {
			b.Fatalf("%d findings, want 60; unexpanded %v", len(rep.Findings), rep.Unexpanded)
		}
	}
}
