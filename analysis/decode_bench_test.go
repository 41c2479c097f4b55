package analysis

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goSource is about 4 MB of the Go toolchain's own source, a stand-in for
// the module-cache corpus of bench/scan.sh.
func goSource(b *testing.B) []byte {
	if dir := os.Getenv("DECODE_BENCH_DIR"); dir != "" {
		return dirSample(b, dir)
	}
	var text []byte
	files, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "net", "http", "*.go"))
	more, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "crypto", "*", "*.go"))
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text = append(text, data...)
		if len(text) > 4<<20 {
			break
		}
	}
	return text
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
		s.scan(text, false, func(int, *needle) {})
	}
}

// BenchmarkWrapScan is the needle pass with the seams of wrapped base64.
func BenchmarkWrapScan(b *testing.B) {
	text := goSource(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := theNeedles()
		s.scan(text, true, func(int, *needle) {})
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
