package shapes

import (
	"fmt"
	"os"
	"strconv"
	"testing"
)

// Bench runs the linear-work series: one sub-benchmark per shape at 1x,
// 2x, 4x and 8x its base size (LINEAR_DIV divides every size:
// bench/linear.sh's DIV). prepare gets the shape and its text before the
// timer and returns the operation timed once per iteration. cpu-ns/op is
// the process's CPU time (user and system, GC included) per operation:
// steadier than the wall time on a shared machine.
func Bench(b *testing.B, prepare func(sh Shape, text []byte) func()) {
	div, _ := strconv.Atoi(os.Getenv("LINEAR_DIV"))
	div = max(div, 1)
	for _, sh := range All {
		for _, mult := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("shape=%s/size=%dx", sh.Name, mult), func(b *testing.B) {
				text := sh.Gen(max(1, sh.Base*mult/div))
				op := prepare(sh, text)
				b.SetBytes(int64(len(text)))
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					op()
				}
				if cpu := processCPU() - cpu0; cpu > 0 {
					b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
