// Package lsp is the language-server front door of ghpat-ls: it speaks the
// Language Server Protocol over a byte stream, keeps the open documents and
// the user's settings, runs analysis.Analyze on every change, and turns the
// byte-offset findings into diagnostics, quick fixes and hovers.
//
// The package is split the way gopls is: transport and wiring (transport.go,
// server.go), session state (session.go, document.go, text.go, settings.go)
// and the features built on the analysis engine (diagnostics.go,
// codeaction.go, hover.go). Byte offsets become UTF-16 positions in
// position.go and nowhere else. lsp/lsptest is the strict client the tests
// (and the binary's integration test) speak to it with.
package lsp
