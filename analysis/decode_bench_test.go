package analysis

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// goSource is about 4 MB of the Go toolchain's own source, a stand-in for
// the module-cache corpus of bench/scan.sh.
func goSource(b *testing.B) []byte {
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
		s.scan(text, func(int, *needle) {})
	}
}

func BenchmarkWrapScan(b *testing.B) {
	text := goSource(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		wrappedBase64Blocks(text, func(int) {})
	}
}
