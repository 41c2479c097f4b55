package scan

// TextPath is how reports print a path: quoted when it holds control
// characters, so a file name cannot forge lines or drive the terminal.
func TextPath(p string) string { return textPath(p) }
