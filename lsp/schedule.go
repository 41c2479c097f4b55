package lsp

import (
	"context"
	"runtime/debug"
	"sync"

	"go.lsp.dev/protocol"
)

// analysisWorkers is how many documents are analysed at once. Two: one
// huge document keeps one worker busy while the others' edits go on.
const analysisWorkers = 2

// analyses runs the analysis of open documents off the read loop
// (docs/design.md, "Data flow"). Every event that needs a document
// analysed (open, change, save, a settings change, a live answer, the
// index) asks for it with schedule and gets a ticket; a run of a URI
// covers every ask made before it started. A URI is analysed by one
// worker at a time and queued at most once, so ten changes during a run
// cost one more run, of the newest text: the versions in between are
// never analysed. A run cannot be stopped midway (analysis has no
// cancellation points); one that a newer version overtook is not
// published. Requests wait for the ticket current when they start
// (waitAnalysed), outside their compute slot.
type analyses struct {
	mu sync.Mutex
	// seq numbers the asks of all URIs (tickets): a ticket taken before a
	// close stays older than any ask after a reopen.
	seq     uint64
	asked   map[protocol.DocumentURI]uint64 // the newest ask, per open (or still queued) URI
	covered map[protocol.DocumentURI]uint64 // the newest ask covered by a finished run
	always  map[protocol.DocumentURI]bool   // an ask since the last run started wants publishAlways
	queued  map[protocol.DocumentURI]bool
	order   []protocol.DocumentURI // queued URIs, oldest first
	running map[protocol.DocumentURI]bool
	workers int
	// results is the snapshot each URI's last finished run analysed (with
	// its findings): what requests answer from.
	results map[protocol.DocumentURI]*Document
	// finished is closed, and replaced, when a run finishes.
	finished chan struct{}
}

func newAnalyses() analyses {
	return analyses{
		asked: map[protocol.DocumentURI]uint64{}, covered: map[protocol.DocumentURI]uint64{},
		always: map[protocol.DocumentURI]bool{}, queued: map[protocol.DocumentURI]bool{},
		running: map[protocol.DocumentURI]bool{}, results: map[protocol.DocumentURI]*Document{},
		finished: make(chan struct{}),
	}
}

// schedule asks for u to be analysed and published (when says whether an
// unchanged publication is sent again) and returns the ask's ticket. It
// never waits: the read loop calls it.
func (s *Server) schedule(u protocol.DocumentURI, when publishWhen) uint64 {
	a := &s.analyses
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	a.asked[u] = a.seq
	if when == publishAlways {
		a.always[u] = true
	}
	if !a.queued[u] && !a.running[u] {
		a.queued[u] = true
		a.order = append(a.order, u)
	}
	for a.workers < analysisWorkers && a.workers < len(a.order) {
		a.workers++
		s.workers.Add(1)
		go s.analysisLoop()
	}
	return a.asked[u]
}

// nextAnalysis takes the oldest queued URI that is not being analysed, or
// stops the worker when there is none.
func (s *Server) nextAnalysis() (u protocol.DocumentURI, when publishWhen, ticket uint64, ok bool) {
	a := &s.analyses
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, q := range a.order {
		if a.running[q] {
			continue // its worker takes it again when it is done
		}
		a.order = append(a.order[:i:i], a.order[i+1:]...)
		delete(a.queued, q)
		a.running[q] = true
		when = publishIfChanged
		if a.always[q] {
			when = publishAlways
		}
		delete(a.always, q)
		return q, when, a.asked[q], true
	}
	a.workers--
	return "", 0, 0, false
}

// finishAnalysis records a finished run: it covers the asks up to ticket,
// and result (nil: the document is gone) is what requests now answer from.
func (s *Server) finishAnalysis(u protocol.DocumentURI, ticket uint64, result *Document) {
	a := &s.analyses
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.running, u)
	a.covered[u] = ticket
	switch {
	case result != nil:
		a.results[u] = result
	case a.asked[u] <= ticket:
		// Closed, and not opened again since: forget it.
		delete(a.results, u)
		delete(a.asked, u)
		delete(a.covered, u)
	default:
		delete(a.results, u)
	}
	if a.asked[u] > ticket && !a.queued[u] {
		a.queued[u] = true
		a.order = append(a.order, u)
	}
	close(a.finished)
	a.finished = make(chan struct{})
}

// analysisLoop is one analysis worker: it runs until the queue is empty.
func (s *Server) analysisLoop() {
	defer s.workers.Done()
	for {
		u, when, ticket, ok := s.nextAnalysis()
		if !ok {
			return
		}
		s.finishAnalysis(u, ticket, s.analyzeAndPublish(u, when))
	}
}

// ticket is the newest ask for u (0: none, u is not open).
func (s *Server) ticket(u protocol.DocumentURI) uint64 {
	s.analyses.mu.Lock()
	defer s.analyses.mu.Unlock()
	return s.analyses.asked[u]
}

// waitAnalysed waits until a run covering ticket has finished for u and
// returns what it analysed (nil when u is not open), or ctx's error.
func (s *Server) waitAnalysed(ctx context.Context, u protocol.DocumentURI, ticket uint64) (*Document, error) {
	a := &s.analyses
	for {
		a.mu.Lock()
		if _, open := a.asked[u]; !open || a.covered[u] >= ticket {
			doc := a.results[u]
			a.mu.Unlock()
			return doc, nil
		}
		finished := a.finished
		a.mu.Unlock()
		select {
		case <-finished:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// waitTickets waits (no deadline: every run ends) until each URI's run
// covering its ticket has finished.
func (s *Server) waitTickets(tickets map[protocol.DocumentURI]uint64) {
	for u, t := range tickets {
		_, _ = s.waitAnalysed(context.Background(), u, t)
	}
}

// forgetAnalysis drops what is kept for a closed document (a run queued
// or under way forgets it when it finds the document gone) and wakes the
// requests waiting for it: they answer as for a document that is not open.
func (s *Server) forgetAnalysis(u protocol.DocumentURI) {
	a := &s.analyses
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.results, u)
	if !a.queued[u] && !a.running[u] {
		delete(a.asked, u)
		delete(a.covered, u)
		close(a.finished)
		a.finished = make(chan struct{})
	}
}

// analyzeAndPublish is one run: it waits for a configuration pull in
// flight (so that no diagnostics with stale settings flash), analyses the
// current snapshot of u holding no lock, then publishes it unless a newer
// snapshot or other settings arrived meanwhile (their own run follows).
// It returns the analysed snapshot, nil when u is not open.
func (s *Server) analyzeAndPublish(u protocol.DocumentURI, when publishWhen) (next *Document) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Errorf("panic analysing %s: %v\n%s", u, r, debug.Stack())
			next = nil
		}
	}()
	s.lifecycle.mu.Lock()
	base := s.lifecycle.baseCtx
	s.lifecycle.mu.Unlock()
	_ = s.waitConfig(base)
	doc := s.sess.get(u)
	if doc == nil {
		return nil
	}
	_, cfg := s.sess.current()
	next = s.analyze(doc, cfg)
	s.publication.mu.Lock()
	defer s.publication.mu.Unlock()
	if _, now := s.sess.current(); now != cfg || !s.sess.replaceIfCurrent(doc, next) {
		return next
	}
	p := diagnosticsParams(next)
	sum, err := publishedHash(p)
	if err == nil && when == publishIfChanged && s.publication.sent[u] == sum {
		return next
	}
	s.publication.sent[u] = sum
	s.sendLocked(p)
	return next
}
