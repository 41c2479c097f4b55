package main

import (
	"fmt"
	"io"
)

// runServe starts the language server on stdin/stdout. (stub: being written)
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--version" || a == "-version" {
			fmt.Fprintln(stdout, "ghpat-ls", buildVersion())
			return 0
		}
	}
	fmt.Fprintln(stderr, "ghpat-ls: serve not implemented yet")
	return 2
}
