package analysis

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goSource is DECODE_BENCH_DIR's files (up to 32 MB), or else 4 MB of
// benchFile.
func goSource(b *testing.B) []byte {
	if dir := os.Getenv("DECODE_BENCH_DIR"); dir != "" {
		return dirSample(b, dir)
	}
	one := benchFile()
	return bytes.Repeat(one, 4<<20/len(one)+1)
}

// BenchmarkPlainPass and BenchmarkDecodePass compare, in one run, the
// fixed-string search for plain prefixes with the needle pass that finds
// the encoded ones (and the wrapped-base64 line check).
func BenchmarkPlainPass(b *testing.B) {
	text := goSource(b)
	rules, _ := githubRules()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		plainTokens(&fixer{text: text}, rules)
	}
}

func BenchmarkDecodePass(b *testing.B) {
	text := goSource(b)
	rules, _ := githubRules()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		decodedTokens(text, 0, rules)
	}
}

func BenchmarkNeedleScan(b *testing.B) {
	text := goSource(b)
	s := theNeedles()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.scan(text, func(int, *needle) {})
	}
}

// BenchmarkWrapScan is the needle pass with the seams of wrapped base64.
func BenchmarkWrapScan(b *testing.B) {
	text := goSource(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := theNeedles()
		s.scan(text, func(int, *needle) {})
		base64Seams(text, func(int, *needle) {})
	}
}

// dirSample is up to 32 MB of the files under dir (DECODE_BENCH_DIR=$(go
// env GOMODCACHE) measures on the module cache itself).
func dirSample(b *testing.B, dir string) []byte {
	var text []byte
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || len(text) > 32<<20 || strings.Contains(path, "cache/download") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil {
			text = append(text, data...)
		}
		return nil
	})
	if len(text) == 0 {
		b.Skip("no files")
	}
	return text
}

// BenchmarkDecodeAdversarial: inputs dense with encoded prefixes and no
// token (every run decodes to "ghp_ghp_…" or nothing) cost time in
// proportion to their size, like any other text.
func BenchmarkDecodeAdversarial(b *testing.B) {
	for name, text := range map[string][]byte{
		"soft-breaks": bytes.Repeat([]byte("ghp_a=\n"), 1<<17),
		"base64":      bytes.Repeat([]byte("Z2hwX0"), 1<<17),
		"percent":     bytes.Repeat([]byte("%67%68"), 1<<17),
		"hex":         bytes.Repeat([]byte("6768705f"), 1<<17),
		"html":        bytes.Repeat([]byte("&#103;&#104;"), 1<<16),
		"wrapped":     bytes.Repeat([]byte("Z2hwXAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"), 1<<14),
		"plain":       bytes.Repeat([]byte("ghp_"), 1<<17),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				Analyze("x", "", text, nil)
			}
		})
	}
}
