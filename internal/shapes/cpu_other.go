//go:build !unix

package shapes

import "time"

// processCPU is not measured here: Bench then reports only
// the wall time.
func processCPU() time.Duration { return 0 }
