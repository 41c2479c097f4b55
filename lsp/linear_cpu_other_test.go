//go:build !unix

package lsp

import "time"

// processCPU is not measured here: BenchmarkLinear then reports only
// the wall time.
func processCPU() time.Duration { return 0 }
