package analysis

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestDecodeCPU prints the CPU time (of its own thread, so other load on
// the machine does not count) of the plain-prefix pass, the needle pass
// with and without wrap seams, and the whole decoding pass, on 32 MB of
// DECODE_BENCH_DIR: `DECODE_BENCH_DIR=$(go env GOMODCACHE) go test
// -run TestDecodeCPU -v ./analysis/`. Skipped without it.
func TestDecodeCPU(t *testing.T) {
	if os.Getenv("DECODE_BENCH_DIR") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b := &testing.B{}
	text := dirSample(b, os.Getenv("DECODE_BENCH_DIR"))
	rules, _ := githubRules()
	s := theNeedles()
	mb := float64(len(text)) / 1e6
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"plain", func() { plainTokens(&fixer{text: text}, rules) }},
		{"needles", func() { s.scan(text, func(int, *needle) {}) }},
		{"needles+seams", func() {
			s.scan(text, func(int, *needle) {})
			base64Seams(text, func(int, *needle) {})
		}},
		{"decode", func() { decodedTokens(text, 0, rules) }},
	} {
		best := time.Hour
		for k := 0; k < 11; k++ {
			t0 := cpuNow()
			c.f()
			if d := cpuNow() - t0; d < best {
				best = d
			}
		}
		fmt.Printf("%-14s %6.1f ms CPU  %6.0f MB/s\n", c.name, best.Seconds()*1000, mb/best.Seconds())
	}
}
