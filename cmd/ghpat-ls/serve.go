package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/ghpat-ls/ghpat-ls/lsp"
)

const serveUsage = `Usage: ghpat-ls [serve] [flags]

Speak the Language Server Protocol on stdin/stdout; an editor starts this.
Logs go to stderr, or to --log-file; stdout carries only the LSP stream.

Flags:
`

// terminalHint is what `ghpat-ls` typed at a terminal says first.
const terminalHint = `ghpat-ls: this is the language server; editors start it and speak LSP on its standard input.
To scan for tokens, run 'ghpat-ls scan .'; 'ghpat-ls --help' lists the commands. Ctrl-C quits.
`

// serveMemoryLimit is the Go runtime's soft memory limit in the server
// (docs/performance.md): the collector works harder as the heap nears it,
// so that bursts of garbage (replaced snapshots of a large document,
// answers already written) are returned long before the documented 300 MB
// ceiling. GOMEMLIMIT, when set, wins.
const serveMemoryLimit = 200 << 20

// runServe starts the language server on stdin/stdout. Logs go to stderr or
// --log-file; stdout carries only the LSP stream.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve")
	logFile := fs.String("log-file", "", "append the log to `FILE` instead of stderr")
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error")
	showVersion := fs.Bool("version", false, "print the version and exit")
	// Editors add these when they start a server on stdio; accepted and ignored.
	fs.Bool("stdio", true, "speak LSP on stdin/stdout (the only transport; accepted for editors that pass it)")
	fs.String("clientProcessId", "", "the editor's process `id` (accepted and ignored)")
	rest, help, err := parseArgs(fs, args, stdout, serveUsage)
	if help || err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintln(stdout, versionLine())
		return nil
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q (serve takes flags only)", rest[0])
	}
	level, ok := lsp.ParseLevel(*logLevel)
	if !ok {
		return usagef("unknown log level %q: use debug, info, warn or error", *logLevel)
	}
	logOut, closeLog, err := openLog(*logFile, stdout, stderr)
	if err != nil {
		return err
	}
	if isTerminalReader(stdin) {
		// A person typed `ghpat-ls`: say what this is, then serve anyway
		// (a client may well be driving a terminal).
		fmt.Fprint(stderr, terminalHint)
	}
	defer closeLog()
	opts := lsp.Options{
		Name:    "ghpat-ls",
		Version: buildVersion(),
		// The logger scrubs every line: it is the one place for the log.
		Logger: lsp.NewLogger(logOut, level),
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	stopLive := addLiveLookups(&opts)
	code := lsp.NewServer(opts).Serve(context.Background(), stdin, stdout)
	stopLive() // cancel lookups still in flight
	if code != 0 {
		return exitCode(code)
	}
	return nil
}

// openLog opens --log-file for appending (owner-only: a log names files
// and settings), or returns stderr for "". A log file that is the LSP
// stream itself would corrupt it, so "-" and stdout's own file are
// refused.
func openLog(path string, stdout, stderr io.Writer) (io.Writer, func(), error) {
	switch path {
	case "":
		return stderr, func() {}, nil
	case "-":
		return nil, nil, usagef("--log-file -: stdout carries the LSP stream; leave out --log-file to log on stderr")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, failf(2, "--log-file: %v", err)
	}
	if out, ok := stdout.(*os.File); ok {
		a, errA := f.Stat()
		b, errB := out.Stat()
		if errA == nil && errB == nil && os.SameFile(a, b) {
			f.Close()
			return nil, nil, usagef("--log-file %q is stdout, which carries the LSP stream", path)
		}
	}
	return f, func() { f.Close() }, nil
}
