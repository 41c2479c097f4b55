//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd && !windows

package main

// isTerminalFd cannot tell on this system: say no, which only leaves out
// a hint meant for a person at a terminal.
func isTerminalFd(uintptr) bool { return false }
