package lsp

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// benchDoc is a 10,000-line JavaScript file with a token, a legacy
// Authorization header and an unpinned API call every 500 lines, and
// emoji/CJK comments, so that every diagnostic needs UTF-16 columns.
func benchDoc() string {
	var b strings.Builder
	for i := 0; i < 10000; i++ {
		switch i % 500 {
		case 0:
			fmt.Fprintf(&b, "const tok%d = %q; // 🔑 鍵\n", i, ghtoken.Generate(ghtoken.ClassicPAT, uint64(i)))
		case 100:
			fmt.Fprintf(&b, "headers.Authorization = \"token \" + tok%d;\n", i-100)
		case 200:
			fmt.Fprintf(&b, "await fetch(\"https://api.github.com/repos/o/r/issues/%d\", { headers });\n", i)
		default:
			fmt.Fprintf(&b, "  const result%d = compute(ctx, input[%d], \"label-%d\"); // 😀 中文 weight\n", i, i, i)
		}
	}
	return b.String()
}

// BenchmarkDidChangeToDiagnostics10kLines measures what the user waits for:
// from a one-character didChange on a 10,000-line file to its
// publishDiagnostics, over the framed JSON-RPC stream (in-process pipes).
// It reports the median and 90th percentile besides the mean.
func BenchmarkDidChangeToDiagnostics10kLines(b *testing.B) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	srv := NewServer(Options{})
	go srv.Serve(context.Background(), inR, outW)
	defer inW.Close()
	c := lsptest.New(outR, inW)
	ctx := context.Background()
	if err := c.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		b.Fatal(err)
	}
	c.Notify("initialized", map[string]any{})
	const uri = "file:///bench/big.js"
	text := benchDoc()
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "javascript", "version": 1, "text": text}})
	d, err := c.WaitDiagnostics(ctx, uri, 1)
	if err != nil {
		b.Fatal(err)
	}
	if len(d.Diagnostics) < 20 {
		b.Fatalf("only %d diagnostics on the benchmark file", len(d.Diagnostics))
	}
	at := lsptest.Position{Line: 5001, Character: 10}
	times := make([]time.Duration, 0, b.N)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := i + 2
		// Alternate typing and deleting a character mid-file.
		change := map[string]any{"range": lsptest.Range{Start: at, End: at}, "text": "x"}
		if i%2 == 1 {
			end := at
			end.Character++
			change = map[string]any{"range": lsptest.Range{Start: at, End: end}, "text": ""}
		}
		start := time.Now()
		c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{change}})
		if _, err := c.WaitDiagnostics(ctx, uri, v); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[len(times)/2]), "ms-median")
	b.ReportMetric(ms(times[len(times)*9/10]), "ms-p90")
}
