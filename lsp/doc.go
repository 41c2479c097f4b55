// Package lsp is the language-server front door of ghpat-ls: it speaks the
// Language Server Protocol over a byte stream, keeps the open documents and
// the user's settings, runs analysis.Analyze on every change (off the read
// loop, newest version first), and turns the byte-offset findings into
// diagnostics, quick fixes and hovers.
//
// The package is split the way gopls is: transport and wiring (transport.go,
// server.go: the Server and its dispatcher; lifecycle.go, textsync.go,
// configuration.go: the methods by concern, as gopls has them; schedule.go,
// requests.go), session state (session.go, document.go, text.go, settings.go)
// and the features built on the analysis engine (diagnostics.go,
// codeaction.go, hover.go). Byte offsets become UTF-16 positions in
// position.go and nowhere else. lsp/lsptest is the strict client the tests
// (and the binary's integration test) speak to it with.
//
// Live lookups (live.go) are the server's: it decides whether they run
// (Server.liveOn), sets the hover's one deadline, configures the component
// (a *tokeninfo.Service in the binary) from the settings and re-analyses
// when its Updates channel signals new answers, publishing only the
// documents whose diagnostics changed (publish.go).
//
// Lock order. Take locks only in this order, and release a later one
// before taking an earlier one:
//
//  1. Server.settingsUpdateMu: one settings update at a time, held while
//     it asks for a run of every open document (it does not wait for them).
//  2. publication.mu: the publication of one analysed snapshot. No
//     analysis runs under it: the analysis workers (schedule.go) analyse
//     with no lock held and take it only to publish.
//  3. Leaves, never held while taking another lock or calling out:
//     session.mu (documents, settings), lifecycle.mu (connection, state),
//     configPull.mu (the pull in flight), inflight.mu (request cancels),
//     requests.mu (admitted requests), analyses.mu (the analysis queue),
//     refreshPass.mu (Refresh coalescing), index.mu (the workspace index
//     and its re-read queue), ignores.mu (the folders' .gitleaksignore
//     token entries), envRefCache.mu (a snapshot's token variable
//     references, held while they are found: by an analysis worker or a
//     request goroutine, never the read loop).
//
// The read loop never waits on an analysis: changes and settings only ask
// for one (schedule); requests wait for it in their own goroutines,
// outside their compute slot (requests.go).
//
// A function named ...Locked needs the lock its comment names held. No
// lock is held while waiting on GitHub or on an answer from the client: a
// hover waits for GitHub with none, and the live component's own lock is a
// leaf inside it. docs/design.md ("Locks") says why the order is this one.
package lsp
