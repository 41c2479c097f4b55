package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ghpat-ls/ghpat-ls/lsp"
)

// runServe starts the language server on stdin/stdout. Logs go to stderr or
// --log-file; stdout carries only the LSP stream.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	logFile := fs.String("log-file", "", "append the log to `FILE` instead of stderr")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	showVersion := fs.Bool("version", false, "print the version and exit")
	// Editors add these when they start a server on stdio; accepted and ignored.
	fs.Bool("stdio", true, "speak LSP on stdin/stdout (the only transport)")
	fs.String("clientProcessId", "", "ignored (sent by some clients)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ghpat-ls [serve] [--log-file FILE] [--log-level LEVEL]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *showVersion {
		fmt.Fprintln(stdout, versionLine())
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ghpat-ls serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	level, ok := lsp.ParseLevel(*logLevel)
	if !ok {
		fmt.Fprintf(stderr, "ghpat-ls serve: unknown log level %q\n", *logLevel)
		return 2
	}
	logOut := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			fmt.Fprintf(stderr, "ghpat-ls serve: %v\n", err)
			return 2
		}
		defer f.Close()
		logOut = f
	}
	opts := lsp.Options{
		Name:    "ghpat-ls",
		Version: buildVersion(),
		Logger:  lsp.NewLogger(logOut, level),
	}
	attachLive, stopLive := addLiveLookups(&opts)
	srv := lsp.NewServer(opts)
	attachLive(srv)
	code := srv.Serve(context.Background(), stdin, stdout)
	stopLive() // cancel lookups still in flight
	return code
}
