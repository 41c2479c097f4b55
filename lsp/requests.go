package lsp

import (
	"context"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// The bounds on request handling (issue 18: 300 concurrent code-action
// requests used to take 1.3-1.7 GB, one goroutine and one answer each).
const (
	// requestWorkers is how many requests compute an answer at once; the
	// others wait, in the order they were read, off the read loop.
	requestWorkers = 4
	// maxPendingRequests and maxPendingRequestBytes bound the requests
	// read and not yet answered (their goroutines and params). Past them a
	// request is refused at once with codeServerBusy: no editor has that
	// many in flight, and waiting on the read loop instead would stop
	// $/cancelRequest, didChange and exit from being read.
	maxPendingRequests     = 1024
	maxPendingRequestBytes = 64 << 20
)

// codeServerBusy is LSP 3.17's RequestFailed: the request was valid but
// the server refused it (here: too many requests waiting).
const codeServerBusy jsonrpc2.Code = -32803

// requestLimits counts the requests being handled and hands out the
// compute slots.
type requestLimits struct {
	mu      sync.Mutex
	pending int
	bytes   int
	// slots holds a token per request computing an answer. Goroutines
	// blocked sending on a channel are woken in order, so waiting
	// requests get a slot first come, first served.
	slots chan struct{}
}

func newRequestLimits() requestLimits {
	return requestLimits{slots: make(chan struct{}, requestWorkers)}
}

// admit counts a request of n param bytes in, or reports that the server
// is too busy to take it.
func (l *requestLimits) admit(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending >= maxPendingRequests || l.bytes+n > maxPendingRequestBytes {
		return false
	}
	l.pending++
	l.bytes += n
	return true
}

// done counts an answered request out.
func (l *requestLimits) done(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending--
	l.bytes -= n
}

// requestSlot is a request goroutine's compute slot, carried in its
// context so that the waits deep in a handler can let it go.
type requestSlot struct {
	slots chan struct{}
	held  bool
}

type slotKey struct{}

// acquireSlot waits for a compute slot for the request running on ctx; a
// request cancelled while it waits gets none (ok false) and is answered
// at once.
func (l *requestLimits) acquireSlot(ctx context.Context) (_ context.Context, _ *requestSlot, ok bool) {
	sl := &requestSlot{slots: l.slots}
	select {
	case l.slots <- struct{}{}:
		sl.held = true
	case <-ctx.Done():
		return ctx, sl, false
	}
	return context.WithValue(ctx, slotKey{}, sl), sl, true
}

func (sl *requestSlot) acquire() {
	sl.slots <- struct{}{}
	sl.held = true
}

func (sl *requestSlot) release() {
	if sl.held {
		sl.held = false
		<-sl.slots
	}
}

// waitOutsideSlot runs wait (a wait for the settings, an analysis, the
// user or GitHub) without the request's compute slot, so that a request
// that waits never keeps another from computing; the slot is taken back
// after. Only the request's own goroutine calls it.
func waitOutsideSlot(ctx context.Context, wait func()) {
	sl, _ := ctx.Value(slotKey{}).(*requestSlot)
	if sl == nil || !sl.held {
		wait()
		return
	}
	sl.release()
	defer sl.acquire()
	wait()
}

// requestDoc is the common start of a request on a document: a valid URI,
// settings that are not still being pulled, and the open document (nil when
// the client did not open it) analysed as of the request: it waits, outside
// the request's compute slot, for the analysis that covers every change and
// settings change read before it (or a newer one). Other requests go on
// meanwhile; only requests on a document under analysis wait for it.
func (s *Server) requestDoc(ctx context.Context, u protocol.DocumentURI) (*Document, error) {
	if err := requireURI(u); err != nil {
		return nil, err
	}
	var doc *Document
	var err error
	waitOutsideSlot(ctx, func() {
		if err = s.waitConfig(ctx); err == nil {
			doc, err = s.waitAnalysed(ctx, u, s.ticket(u))
		}
	})
	return doc, err
}

func requireURI(u protocol.DocumentURI) error {
	if u == "" {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing textDocument.uri")
	}
	return nil
}
