package analysis

import "testing"

// BenchmarkHeaders10kLines is the header lints' share of
// BenchmarkAnalyze10kLines (same file, header rules only).
func BenchmarkHeaders10kLines(b *testing.B) {
	text := benchFile()
	cfg := &Config{}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		findHeaderIssues(LangGo, text, cfg, newTextCalls(LangGo, text, cfg))
	}
}
