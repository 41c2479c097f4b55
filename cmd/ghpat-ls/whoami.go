package main

import (
	"fmt"
	"io"
)

// runWhoami prints what GitHub says about a token from the environment. (stub: being written)
func runWhoami(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ghpat-ls: whoami not implemented yet")
	return 2
}
