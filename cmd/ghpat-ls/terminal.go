package main

import (
	"io"
	"os"
)

// isTerminalReader reports whether r is a terminal, a person typing. A
// character device is not enough: /dev/null is one too, and `cmd <
// /dev/null` is a script, not a person.
func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isTerminalFd(f.Fd())
}
