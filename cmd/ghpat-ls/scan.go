package main

import (
	"fmt"
	"io"
)

// runScan scans files or the git index. (stub: being written)
func runScan(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ghpat-ls: scan not implemented yet")
	return 2
}
