package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/filelist"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// The index's bounds: past them it stops, with a log line and a progress
// message saying so (the hover then says the index is partial).
const (
	defaultMaxIndexFiles = 20000
	defaultMaxIndexBytes = 512 << 20
)

// indexProgressToken is the work-done progress token of the initial scan.
const indexProgressToken = "ghpat-ls/workspace-index"

// index is the background index of the workspace folders: the GitHub API
// calls of every file (for the least-privilege hover and diagnostic) and
// whether token diagnostics were published for a file that is not open.
// Its mutex is a leaf: it is never held while another lock is taken or
// while the server calls out.
type index struct {
	mu    sync.Mutex
	roots []string // workspace folder directories, from initialize
	// progress: the client announced window.workDoneProgress; watch: it
	// registers didChangeWatchedFiles watchers dynamically.
	progress, watch bool
	files           map[protocol.DocumentURI][]*permissions.Route
	running         bool // the initial scan is under way
	done            bool // the initial scan ended (complete or capped)
	capped          string
	cancel          context.CancelFunc
	rereads         rereads
}

// indexState is what the hover and the diagnostic need to know about the
// index at one moment.
type indexState struct {
	roots    []string
	running  bool
	done     bool
	capped   string
	files    int
	routes   []*permissions.Route // all files not open, plus the open documents
	fromOpen int
}

// setIndexClient records, at initialize, the folders to index and what the
// client supports.
func (s *Server) setIndexClient(rootURI string, folders []string, progress, watch bool) {
	if len(folders) == 0 {
		folders = []string{rootURI} // workspaceFolders supersede rootUri
	}
	var roots []string
	for _, u := range folders {
		if p, ok := fileURIPath(u); ok && !containsString(roots, p) {
			roots = append(roots, p)
		}
	}
	s.index.mu.Lock()
	s.index.roots, s.index.progress, s.index.watch = roots, progress, watch
	s.index.files = map[protocol.DocumentURI][]*permissions.Route{}
	s.index.mu.Unlock()
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// fileURIPath is the local path of a file: URI.
func fileURIPath(u string) (string, bool) {
	pu, err := url.Parse(u)
	if err != nil || pu.Scheme != "file" || pu.Path == "" {
		return "", false
	}
	return filepath.FromSlash(pu.Path), true
}

// fileURI is the file: URI of an absolute path.
func fileURI(abs string) protocol.DocumentURI {
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String())
}

// startIndex runs the initial scan in the background (on initialized). No
// request waits for it: the hover says "indexing…" meanwhile.
func (s *Server) startIndex() {
	s.lifecycle.mu.Lock()
	base := s.lifecycle.baseCtx
	s.lifecycle.mu.Unlock()
	ctx, cancel := context.WithCancel(base)
	s.index.mu.Lock()
	if s.index.running || s.index.done || len(s.index.roots) == 0 {
		s.index.mu.Unlock()
		cancel()
		return
	}
	s.index.running, s.index.cancel = true, cancel
	roots, progress, watch := s.index.roots, s.index.progress, s.index.watch
	s.index.mu.Unlock()
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		defer cancel()
		defer func() {
			if r := recover(); r != nil {
				s.log.Errorf("panic indexing the workspace: %v\n%s", r, debug.Stack())
			}
			s.index.mu.Lock()
			s.index.running, s.index.done = false, true
			s.index.mu.Unlock()
			// The hover and the overprivileged diagnostic read the index
			// (not after shutdown: nothing is published then).
			if ctx.Err() == nil {
				s.Refresh()
			}
		}()
		if watch {
			// Beside the index: a client that is slow to answer (or never
			// does) delays nothing.
			s.workers.Add(1)
			go func() {
				defer s.workers.Done()
				s.registerWatcher(ctx)
			}()
		}
		s.runIndex(ctx, roots, progress)
	}()
}

// stopIndex cancels the index's work (shutdown, exit).
func (s *Server) stopIndex() {
	s.index.mu.Lock()
	cancel := s.index.cancel
	s.index.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

var errIndexCapped = errors.New("index capped")

// runIndex lists the roots as `ghpat-ls scan` does (filelist: .gitignore
// honoured, links not followed), indexes every file and reports work-done
// progress. What cannot be read is named in the log and counted, and the
// listing goes on.
func (s *Server) runIndex(ctx context.Context, roots []string, progress bool) {
	// Diagnostics for unopened files use the user's settings.
	if err := s.waitConfig(ctx); err != nil {
		return
	}
	report := s.progressReporter(ctx, progress)
	report("begin", fmt.Sprintf("indexing %d workspace %s", len(roots), plural(len(roots), "folder", "folders")))
	var t indexTally
	for _, root := range roots {
		_, err := filelist.List(ctx, root, filelist.Options{}, filelist.Visitor{File: func(f filelist.File) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if f.Kind == filelist.Submodule { // another repository: only a name here
				return nil
			}
			if t.files >= s.opts.MaxIndexFiles || t.bytes >= s.opts.MaxIndexBytes {
				t.capped = fmt.Sprintf("stopped after %d files (%d bytes): the index is capped at %d files and %d bytes", t.files, t.bytes, s.opts.MaxIndexFiles, s.opts.MaxIndexBytes)
				return errIndexCapped
			}
			t.add(s.indexListed(f))
			if t.files%200 == 0 {
				report("report", fmt.Sprintf("%d files", t.files))
			}
			return nil
		}, Problem: func(abs string, err error) error {
			s.log.Warnf("workspace index: cannot read %s: %v", fileURI(abs), err)
			t.unreadable++
			return nil
		}})
		switch {
		case errors.Is(err, errIndexCapped):
			s.log.Warnf("workspace index: %s", t.capped)
		case ctx.Err() != nil:
			report("end", "cancelled")
			return
		case err != nil:
			// A folder that cannot be listed: named, the others go on.
			s.log.Warnf("workspace index: %s: %v", root, err)
		}
		if t.capped != "" {
			break
		}
	}
	s.index.mu.Lock()
	s.index.capped = t.capped
	s.index.mu.Unlock()
	msg := t.String()
	s.log.Infof("workspace index: %s", msg)
	report("end", msg)
}

// indexed is what indexing one file found.
type indexed struct {
	bytes, calls int
	tokens       []string // rule ids of the token findings
	unanalysed   bool     // too large, binary or not UTF-8: named in the log
	unreadable   bool     // could not be read: named in the log
}

// indexTally sums a scan for its log line and progress end message.
type indexTally struct {
	files, bytes, calls, withTokens, unanalysed, unreadable int
	kinds                                                   map[string]int
	capped                                                  string
}

func (t *indexTally) add(r indexed) {
	t.files++
	t.bytes += r.bytes
	t.calls += r.calls
	if r.unanalysed {
		t.unanalysed++
	}
	if r.unreadable {
		t.unreadable++
	}
	if len(r.tokens) > 0 {
		t.withTokens++
	}
	for _, id := range r.tokens {
		if t.kinds == nil {
			t.kinds = map[string]int{}
		}
		t.kinds[id]++
	}
}

// String: "120 files, 14 GitHub API calls, 2 with tokens (github-pat: 2)".
func (t indexTally) String() string {
	msg := fmt.Sprintf("%d files, %d GitHub API calls, %d with tokens", t.files, t.calls, t.withTokens)
	if len(t.kinds) > 0 {
		ids := make([]string, 0, len(t.kinds))
		for id := range t.kinds {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for i, id := range ids {
			ids[i] = fmt.Sprintf("%s: %d", id, t.kinds[id])
		}
		msg += " (" + strings.Join(ids, ", ") + ")"
	}
	if t.unanalysed > 0 {
		msg += fmt.Sprintf("; %d not analysed (too large, binary or not UTF-8; named in the log)", t.unanalysed)
	}
	if t.unreadable > 0 {
		msg += fmt.Sprintf("; %d could not be read (named in the log)", t.unreadable)
	}
	if t.capped != "" {
		msg += "; " + t.capped
	}
	return msg
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// progressReporter sends $/progress for the index when the client supports
// work-done progress and accepted the token within ClientRequestTimeout;
// else it does nothing and the index runs without progress.
// protocol v0.12.0's dispatcher lacks workDoneProgress/create: conn.Call.
func (s *Server) progressReporter(ctx context.Context, supported bool) func(kind, msg string) {
	conn := s.connection()
	if !supported || conn == nil {
		return func(string, string) {}
	}
	cctx, cancel := context.WithTimeout(ctx, s.opts.ClientRequestTimeout)
	defer cancel()
	if _, err := conn.Call(cctx, "window/workDoneProgress/create", map[string]any{"token": indexProgressToken}, nil); err != nil {
		s.log.Warnf("window/workDoneProgress/create: %v (indexing without progress)", err)
		return func(string, string) {}
	}
	return func(kind, msg string) {
		v := map[string]any{"kind": kind, "message": msg}
		if kind == "begin" {
			v["title"], v["cancellable"] = "ghpat-ls", false
		}
		if err := conn.Notify(context.Background(), "$/progress", map[string]any{"token": indexProgressToken, "value": v}); err != nil {
			s.log.Warnf("$/progress: %v", err)
		}
	}
}

// registerWatcher asks the client to send didChangeWatchedFiles for every
// file of the workspace (the client filters nothing else for us).
func (s *Server) registerWatcher(ctx context.Context) {
	conn := s.connection()
	if conn == nil {
		return
	}
	params := map[string]any{"registrations": []any{map[string]any{
		"id": "ghpat-ls/watch", "method": "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": []any{map[string]any{"globPattern": "**/*"}}},
	}}}
	ctx, cancel := context.WithTimeout(ctx, s.opts.ClientRequestTimeout)
	defer cancel()
	if _, err := conn.Call(ctx, "client/registerCapability", params, nil); err != nil {
		s.log.Warnf("client/registerCapability (file watcher): %v (no watched-file events unless the client sends them anyway)", err)
	}
}

// indexFile re-reads one path named from outside the listing (a watched
// change, a save, a close) as the listing would see it: only under a
// workspace folder, reached through no link, outside .git, a regular file
// or a link (its text). Anything else is forgotten, never read.
func (s *Server) indexFile(abs string) indexed {
	f, err := s.workspaceFile(abs)
	if err != nil {
		var nf *filelist.NotFileError
		if !errors.Is(err, fs.ErrNotExist) && !(errors.As(err, &nf) && nf.Mode.IsDir()) { // a new directory: its files have their own events
			s.log.Infof("workspace index: not reading %s: %v", fileURI(abs), err)
		}
		s.forgetIndexed(fileURI(abs))
		return indexed{}
	}
	return s.indexListed(f)
}

// workspaceFile is abs as a listing of its workspace folder would list it.
func (s *Server) workspaceFile(abs string) (filelist.File, error) {
	s.index.mu.Lock()
	roots := s.index.roots
	s.index.mu.Unlock()
	err := filelist.ErrOutside
	for _, r := range roots {
		f, ferr := filelist.Within(r, abs)
		if ferr == nil {
			return f, nil
		}
		if !errors.Is(ferr, filelist.ErrOutside) {
			err = ferr
		}
	}
	return filelist.File{}, err
}

// indexListed reads one listed file as the scanner does (a link's own
// text, a regular file opened without following a link or waiting on a
// FIFO), records its API calls and publishes its token diagnostics when
// it is not open.
func (s *Server) indexListed(f filelist.File) indexed {
	u := fileURI(f.Abs)
	if f.Kind == filelist.Submodule {
		return indexed{}
	}
	s.log.Debugf("workspace index: reading %s", u)
	data, err := filelist.ReadListed(context.Background(), f, int64(s.opts.MaxDocumentSize))
	var tooLarge *filelist.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		s.log.Warnf("workspace index: not analysing %s: %v", u, err)
		s.storeIndexed(u, nil)
		return indexed{unanalysed: true}
	case errors.Is(err, fs.ErrNotExist):
		s.forgetIndexed(u)
		return indexed{}
	case err != nil:
		s.log.Warnf("workspace index: cannot read %s: %v", u, err)
		s.forgetIndexed(u)
		return indexed{unreadable: true}
	}
	if f.Kind == filelist.Link {
		return s.indexLink(u, f.Abs, data)
	}
	_, cfg := s.sess.current()
	text := newEngineText(f.Abs, "", data) // one call search for the routes and the analysis
	found := text.APICalls(cfg.EnterpriseHosts)
	s.storeIndexed(u, callRoutes(found))
	tokens, ok := s.publishIndexed(u, f.Abs, text, data)
	return indexed{bytes: len(data), calls: len(found), tokens: tokens, unanalysed: !ok}
}

// indexLink counts the tokens in a link's target text (as the scanner
// reports them) and names them in the log. Nothing is published: an
// editor opening the link shows its target's text, where the link's
// positions mean nothing.
func (s *Server) indexLink(u protocol.DocumentURI, abs string, target []byte) indexed {
	s.forgetIndexed(u)
	s.storeIndexed(u, nil)
	_, cfg := s.sess.current()
	var tokens []string
	for _, f := range analysis.Analyze(abs, "", target, cfg) {
		if r, ok := analysis.RuleByID(f.RuleID); ok && r.Kind == analysis.KindToken {
			tokens = append(tokens, f.RuleID)
		}
	}
	if len(tokens) > 0 {
		s.log.Warnf("workspace index: the symbolic link %s has a token in its target text %q (%s): ghpat-ls scan reports it", u, target, strings.Join(tokens, ", "))
	}
	return indexed{bytes: len(target), tokens: tokens}
}

func (s *Server) storeIndexed(u protocol.DocumentURI, routes []*permissions.Route) {
	s.index.mu.Lock()
	if s.index.files != nil {
		s.index.files[u] = routes
	}
	s.index.mu.Unlock()
}

// forgetIndexed drops a file that is gone and clears what was published
// for it, unless it is open.
func (s *Server) forgetIndexed(u protocol.DocumentURI) {
	s.index.mu.Lock()
	delete(s.index.files, u)
	s.index.mu.Unlock()
	s.publication.mu.Lock()
	defer s.publication.mu.Unlock()
	if s.publication.indexed[u] && s.sess.get(u) == nil {
		s.sendLocked(protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
	}
	delete(s.publication.indexed, u)
}

// publishIndexed publishes the token findings of a file read from disk,
// unless it is open (the open document wins) or the setting is off, and
// returns their rule ids; ok is false when the file is not analysed
// (binary, not UTF-8). Only tokens: the header lints are for the file
// being edited.
func (s *Server) publishIndexed(u protocol.DocumentURI, abs string, text *analysis.Text, data []byte) (tokens []string, ok bool) {
	st, cfg := s.sess.current()
	var fs []analysis.Finding
	skipped := bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data)
	if skipped {
		s.log.Infof("workspace index: no diagnostics for %s: binary or not UTF-8 (ghpat-ls scan reads it)", u)
	} else {
		for _, f := range s.dropIgnoredTokens(abs, text.Analyze(cfg)) {
			if r, ok := analysis.RuleByID(f.RuleID); ok && r.Kind == analysis.KindToken {
				fs = append(fs, f)
				tokens = append(tokens, f.RuleID)
			}
		}
	}
	s.publication.mu.Lock()
	defer s.publication.mu.Unlock()
	if s.sess.get(u) != nil {
		return tokens, !skipped
	}
	if !st.WorkspaceIndex.Diagnostics || len(fs) == 0 {
		if s.publication.indexed[u] {
			s.sendLocked(protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
			delete(s.publication.indexed, u)
		}
		return tokens, !skipped
	}
	doc := NewDocument(u, "", 0, data).withFindings(fs, "")
	s.publication.indexed[u] = true
	s.sendLocked(diagnosticsParams(doc))
	return tokens, true
}

// The re-read queue's bounds: a flood of watched-file events costs at most
// indexReaders files read at once, and each path is queued once however
// many events name it.
const (
	indexReaders          = 2
	maxQueuedIndexPaths   = 1 << 16
	queueOverflowLogEvery = 1000
)

// rereads is the queue of files to read again from disk (a save, a close,
// a watched change, a settings change), under index.mu. A path is queued
// at most once; a path being read is not read by a second reader at the
// same time, and if an event names it meanwhile it is read once more after.
type rereads struct {
	queued  map[string]bool
	order   []string // queued paths, oldest first
	reading map[string]bool
	readers int // reader goroutines running (at most indexReaders)
	dropped int // paths refused because the queue was full
}

// reindex queues files to be read again from disk in the background, then
// refreshes the open documents, whose hover and overprivileged diagnostic
// read the index. It never waits: the read loop calls it.
func (s *Server) reindex(paths []string) {
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	q := &s.index.rereads
	if s.index.files == nil || len(s.index.roots) == 0 || len(paths) == 0 {
		return
	}
	if q.queued == nil {
		q.queued, q.reading = map[string]bool{}, map[string]bool{}
	}
	for _, p := range paths {
		if q.queued[p] {
			continue
		}
		if len(q.order) >= maxQueuedIndexPaths {
			if q.dropped%queueOverflowLogEvery == 0 {
				s.log.Warnf("workspace index: more than %d changed files queued; not re-reading %s (and others: %d so far)", maxQueuedIndexPaths, fileURI(p), q.dropped+1)
			}
			q.dropped++
			continue
		}
		q.queued[p] = true
		q.order = append(q.order, p)
	}
	for q.readers < indexReaders && q.readers < len(q.order) {
		q.readers++
		s.workers.Add(1)
		go s.rereadLoop()
	}
}

// nextReread takes the oldest queued path no reader is reading, or says
// that the reader may stop (it then no longer counts as running); last is
// true for the last reader to stop.
func (s *Server) nextReread(done string) (next string, ok, last bool) {
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	q := &s.index.rereads
	if done != "" {
		delete(q.reading, done)
	}
	for i, p := range q.order {
		if q.reading[p] {
			continue
		}
		q.order = append(q.order[:i:i], q.order[i+1:]...)
		delete(q.queued, p)
		q.reading[p] = true
		return p, true, false
	}
	// What is left is being read by another reader, which takes it after.
	q.readers--
	return "", false, q.readers == 0
}

// rereadLoop is one reader of the re-read queue.
func (s *Server) rereadLoop() {
	defer s.workers.Done()
	done := ""
	defer func() {
		if r := recover(); r != nil {
			s.log.Errorf("panic re-indexing: %v\n%s", r, debug.Stack())
			s.nextRereadStop(done)
		}
	}()
	for {
		p, ok, last := s.nextReread(done)
		if !ok {
			if last {
				s.Refresh()
			}
			return
		}
		done = p
		s.indexFile(p)
	}
}

// nextRereadStop removes a reader that panicked, so that others start.
func (s *Server) nextRereadStop(reading string) {
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	delete(s.index.rereads.reading, reading)
	s.index.rereads.readers--
}

// reindexAll re-reads every indexed file in the background (the
// workspaceIndex settings changed).
func (s *Server) reindexAll() {
	s.index.mu.Lock()
	var paths []string
	for u := range s.index.files {
		if p, ok := fileURIPath(string(u)); ok {
			paths = append(paths, p)
		}
	}
	s.index.mu.Unlock()
	sort.Strings(paths)
	s.reindex(paths)
}

// didChangeWatchedFiles re-indexes what changed on disk.
func (s *Server) didChangeWatchedFiles(_ context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	var paths []string
	for _, c := range p.Changes {
		if c == nil {
			continue
		}
		if path, ok := fileURIPath(string(c.URI)); ok && s.inWorkspace(path) {
			paths = append(paths, path)
		}
	}
	s.reindex(paths)
	return nil
}

// inWorkspace reports whether path is under a workspace folder. A changed
// file is read even if .gitignore ignores it: the next full scan would
// leave it out, a watched change is the user's own file.
func (s *Server) inWorkspace(path string) bool {
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	for _, r := range s.index.roots {
		rel, err := filepath.Rel(r, path)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// reindexURI re-reads one document's file after a save or a close.
func (s *Server) reindexURI(u protocol.DocumentURI) {
	if p, ok := fileURIPath(string(u)); ok && s.inWorkspace(p) {
		s.reindex([]string{p})
	}
}

// indexSnapshot collects the routes of the workspace: the index's for the
// files that are not open, the open documents' own for the others.
func (s *Server) indexSnapshot() indexState {
	open := map[protocol.DocumentURI]*Document{}
	for _, u := range s.sess.uris() {
		if d := s.sess.get(u); d != nil {
			open[u] = d
		}
	}
	s.index.mu.Lock()
	st := indexState{roots: s.index.roots, running: s.index.running, done: s.index.done, capped: s.index.capped, files: len(s.index.files)}
	uris := make([]protocol.DocumentURI, 0, len(s.index.files))
	for u := range s.index.files {
		uris = append(uris, u)
	}
	sort.Slice(uris, func(i, j int) bool { return uris[i] < uris[j] })
	for _, u := range uris {
		if open[u] == nil {
			st.routes = append(st.routes, s.index.files[u]...)
		}
	}
	s.index.mu.Unlock()
	_, cfg := s.sess.current()
	for _, u := range s.sess.uris() {
		d := open[u]
		if d == nil || d.Skipped != "" || len(d.Text) > s.opts.MaxDocumentSize {
			continue
		}
		routes := d.apiRoutes(cfg.EnterpriseHosts)
		st.routes = append(st.routes, routes...)
		st.fromOpen += len(routes)
	}
	return st
}
