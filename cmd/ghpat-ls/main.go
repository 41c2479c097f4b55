// Command ghpat-ls is a language server and pre-commit scanner for GitHub
// tokens. This file only parses the first argument and hands over to the
// sub-command; each sub-command lives in its own file.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=..."; when
// installed with `go install`, the module version is used instead.
var version = "dev"

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

const usage = `ghpat-ls: find and fix hard-coded GitHub tokens and GitHub API header mistakes

Usage:
  ghpat-ls [serve] [--log-file FILE]   speak LSP on stdin/stdout (logs on stderr)
  ghpat-ls scan [flags] [PATH...]      scan files, or the git index with --staged
  ghpat-ls whoami [VAR]                show what GitHub says about the token in $VAR
  ghpat-ls version                     print the version

Run "ghpat-ls COMMAND --help" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a sub-command and returns the process exit code:
// 0 success, 1 findings (scan) or failed lookup (whoami), 2 usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(args, stdin, stdout, stderr)
	case "scan":
		return runScan(args, stdout, stderr)
	case "whoami":
		return runWhoami(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, versionLine())
		return 0
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "ghpat-ls: unknown command %q\n\n%s", cmd, usage)
	return 2
}
