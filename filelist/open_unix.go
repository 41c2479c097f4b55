//go:build unix

package filelist

import "syscall"

// openFlags: never follow a link at the last component (a regular file
// swapped for a link to /proc/self/pagemap after it was listed), never
// wait for a writer (a FIFO swapped in). The opened file is then checked.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
