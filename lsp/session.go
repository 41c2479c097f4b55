package lsp

import (
	"sort"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// session is the server's state: the open documents and the settings. All
// access goes through its mutex, which is last in the lock order (no other
// lock is taken while it is held); documents are immutable snapshots, so a
// handler can keep using one after the lock is released.
type session struct {
	mu       sync.Mutex
	docs     map[protocol.DocumentURI]*Document
	settings Settings
	cfg      *analysis.Config // settings.Config(), made once per change
}

func newSession() *session {
	s := &session{docs: map[protocol.DocumentURI]*Document{}}
	s.setSettings(DefaultSettings())
	return s
}

func (s *session) get(u protocol.DocumentURI) *Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[u]
}

func (s *session) put(d *Document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[d.URI] = d
}

// replaceIfCurrent stores next only if old is still the current snapshot
// (an edit may have landed while next was being analysed).
func (s *session) replaceIfCurrent(old, next *Document) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[old.URI] != old {
		return false
	}
	s.docs[old.URI] = next
	return true
}

func (s *session) remove(u protocol.DocumentURI) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.docs[u]
	delete(s.docs, u)
	return ok
}

// uris lists the open documents in a stable order.
func (s *session) uris() []protocol.DocumentURI {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (s *session) setSettings(st Settings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings, s.cfg = st, st.Config()
}

func (s *session) current() (Settings, *analysis.Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings, s.cfg
}
