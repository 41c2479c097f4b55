package lsp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"runtime/debug"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/revoke"
)

// Options configure a Server. The zero value serves with defaults.
type Options struct {
	Name, Version string
	// Logger receives the server's log (nil: discard). Never stdout.
	Logger *Logger
	// Live, when set, answers hovers on token variable references and adds
	// expiry/rejection diagnostics on them while liveLookups.enabled is
	// true (the binary passes a *tokeninfo.Service). The server configures
	// it and follows its Updates.
	Live LiveLookups
	// ExtraDiagnostics, when set, adds findings from another source to
	// each analysed document. They get the per-rule settings, hovers and
	// quick fixes like any other finding.
	ExtraDiagnostics func(doc *Document) []analysis.Finding
	// MaxDocumentSize is the largest document analysed, in bytes
	// (default 10 MB).
	MaxDocumentSize int
	// MaxIndexFiles and MaxIndexBytes bound the workspace index
	// (defaults 20 000 files, 512 MiB); past them it stops with a log line.
	MaxIndexFiles, MaxIndexBytes int
	// ConfigTimeout bounds a workspace/configuration pull (default 5 s).
	ConfigTimeout time.Duration
	// ClientRequestTimeout bounds the index's own requests to the client,
	// window/workDoneProgress/create and client/registerCapability
	// (default 3 s): the index runs whether or not they are answered.
	ClientRequestTimeout time.Duration
	// Revoker sends RevokeCommand's requests (nil: a default client).
	Revoker *revoke.Client
}

// DefaultMaxDocumentSize is the analysis size limit.
const DefaultMaxDocumentSize = 10 << 20

// Lifecycle states.
const (
	stateNew = iota
	stateInitialized
	stateShutdown
)

// Server is one LSP session over one connection. Its state is split by
// what guards it; the lock order is written once, in doc.go.
type Server struct {
	opts Options
	log  *Logger
	// sess holds the open documents and the settings (session.mu).
	sess *session

	// settingsUpdateMu serialises settings updates (pushed and pulled):
	// parse, store, configure the live lookups, re-analyse. It is held
	// across the re-analysis, so it comes first in the lock order.
	settingsUpdateMu sync.Mutex

	publication publication
	lifecycle   lifecycle
	configPull  configPull
	inflight    inflight
	refreshPass refreshPass
	index       index
	ignores     ignores // the workspace folders' sha256 ignores (ignore.go)
	requests    requestLimits
	analyses    analyses

	// workers counts request, configuration, live-update, analysis and
	// index goroutines (tests wait for them; Serve does not).
	workers sync.WaitGroup

	exitOnce sync.Once
	exited   chan struct{}
}

// publication is what was analysed and published per document. Its mutex
// is held across the analysis and publication of one snapshot, so that
// diagnostics for an old snapshot are never published after a newer one's.
type publication struct {
	mu         sync.Mutex
	skipLogged map[protocol.DocumentURI]string
	// sent is a hash of the last publishDiagnostics sent per document: a
	// re-analysis that finds the same (a GitHub answer that changed
	// nothing here) is not sent again.
	sent map[protocol.DocumentURI][sha256.Size]byte
	// indexed: token diagnostics were published for this file while it
	// was not open (the workspace index); they are cleared when it goes.
	indexed map[protocol.DocumentURI]bool
}

// lifecycle is the connection and where the session stands in the LSP
// lifecycle.
type lifecycle struct {
	mu           sync.Mutex
	conn         jsonrpc2.Conn
	baseCtx      context.Context
	state        int
	clientConfig bool // client answers workspace/configuration
	exitCode     int
}

// configPull is the workspace/configuration pull in flight.
type configPull struct {
	mu    sync.Mutex
	ready chan struct{} // non-nil while a pull is in flight; closed when it ends
}

// inflight are the cancel functions of the requests being answered.
type inflight struct {
	mu     sync.Mutex
	cancel map[jsonrpc2.ID]context.CancelFunc
}

// refreshPass is the Refresh coalescing: running while a pass runs, again
// when a call arrived during it.
type refreshPass struct {
	mu      sync.Mutex
	running bool
	again   bool
}

// NewServer makes a server; call Serve to run it.
func NewServer(opts Options) *Server {
	if opts.Name == "" {
		opts.Name = "ghpat-ls"
	}
	if opts.MaxDocumentSize <= 0 {
		opts.MaxDocumentSize = DefaultMaxDocumentSize
	}
	if opts.MaxIndexFiles <= 0 {
		opts.MaxIndexFiles = defaultMaxIndexFiles
	}
	if opts.MaxIndexBytes <= 0 {
		opts.MaxIndexBytes = defaultMaxIndexBytes
	}
	if opts.ConfigTimeout <= 0 {
		opts.ConfigTimeout = 5 * time.Second
	}
	if opts.ClientRequestTimeout <= 0 {
		opts.ClientRequestTimeout = 3 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = NewLogger(nil, LevelError)
	}
	return &Server{
		opts:        opts,
		log:         opts.Logger,
		sess:        newSession(),
		publication: publication{skipLogged: map[protocol.DocumentURI]string{}, sent: map[protocol.DocumentURI][sha256.Size]byte{}, indexed: map[protocol.DocumentURI]bool{}},
		lifecycle:   lifecycle{baseCtx: context.Background()},
		inflight:    inflight{cancel: map[jsonrpc2.ID]context.CancelFunc{}},
		requests:    newRequestLimits(),
		analyses:    newAnalyses(),
		exited:      make(chan struct{}),
	}
}

// Serve speaks LSP on in/out until the client sends exit, the input ends,
// or ctx is done, and returns the process exit code: 0 after shutdown+exit,
// 1 otherwise. It does not wait for the reader goroutine to finish: a
// pending read on stdin cannot be interrupted.
func (s *Server) Serve(ctx context.Context, in io.Reader, out io.Writer) int {
	conn := jsonrpc2.NewConn(newStream(in, out, s.log))
	s.lifecycle.mu.Lock()
	s.lifecycle.conn, s.lifecycle.baseCtx = conn, ctx
	s.lifecycle.mu.Unlock()
	s.log.Infof("%s %s serving LSP on stdio", s.opts.Name, s.opts.Version)
	// Answers from GitHub re-publish only while the session is served.
	done := make(chan struct{})
	defer close(done)
	s.followLiveUpdates(done)
	// The handler runs on the read loop: it handles notifications in order
	// there and moves every request but initialize/shutdown to a goroutine.
	conn.Go(ctx, s.handle)
	select {
	case <-s.exited:
		s.lifecycle.mu.Lock()
		code := s.lifecycle.exitCode
		s.lifecycle.mu.Unlock()
		s.log.Infof("exit (code %d)", code)
		return code
	case <-conn.Done():
		if err := conn.Err(); err != nil {
			s.log.Infof("connection closed: %v", err)
		}
	case <-ctx.Done():
	}
	if s.state() == stateShutdown {
		return 0
	}
	return 1
}

// Refresh re-analyses every open document and publishes the diagnostics
// that changed, for example when something ExtraDiagnostics depends on
// changed; the server calls it itself when the live lookups signal new
// answers. It is safe to call from any goroutine. Calls that arrive while
// a pass runs collapse into one more pass, run by the caller already at
// work, and return at once: ten lookups landing together re-analyse the
// open documents twice, not ten times.
//
// Settings changes do not go through here: they call refreshAll on the
// read loop (publishAlways), which returns only once every document is
// re-analysed with the new settings, so a request read after
// didChangeConfiguration is answered with them even while a Refresh pass
// is running (both settle per document under publication.mu, in the order
// they take it). docs/design.md ("Locks") says why both properties hold.
func (s *Server) Refresh() {
	s.refreshPass.mu.Lock()
	if s.refreshPass.running {
		s.refreshPass.again = true
		s.refreshPass.mu.Unlock()
		return
	}
	s.refreshPass.running = true
	s.refreshPass.mu.Unlock()
	for {
		// This pass reads the live answers after the drain: an answer
		// signalled before it needs no pass of its own.
		s.drainLiveUpdates()
		s.waitTickets(s.refreshAll(publishIfChanged))
		s.refreshPass.mu.Lock()
		if !s.refreshPass.again {
			s.refreshPass.running = false
			s.refreshPass.mu.Unlock()
			return
		}
		s.refreshPass.again = false
		s.refreshPass.mu.Unlock()
	}
}

// refreshAll asks for every open document to be analysed again and
// returns the asks' tickets; it does not wait. With publishAlways (a
// settings change) each is published again, so that the client sees that
// the settings were applied; with publishIfChanged (Refresh) only the
// diagnostics that differ from what the client last got are sent. A
// request read after a settings change waits for the analysis with the new
// settings (requestDoc's ticket).
func (s *Server) refreshAll(when publishWhen) map[protocol.DocumentURI]uint64 {
	tickets := map[protocol.DocumentURI]uint64{}
	for _, u := range s.sess.uris() {
		tickets[u] = s.diagnose(u, when)
	}
	return tickets
}

func (s *Server) state() int {
	s.lifecycle.mu.Lock()
	defer s.lifecycle.mu.Unlock()
	return s.lifecycle.state
}

// A requestMethod is how the server answers one LSP request: run decodes
// the params into the method's type, once, and calls its handler with
// them (see request).
type requestMethod struct {
	// inOrder: run on the read loop, in order with the messages around it
	// (the lifecycle changes). Every other request gets its own goroutine.
	inOrder bool
	run     func(s *Server, ctx context.Context, params json.RawMessage) (any, error)
}

// A notificationMethod is how the server handles one LSP notification,
// on the read loop, in order.
type notificationMethod struct {
	// anyState: handled whatever the lifecycle state; the others are
	// ignored before initialize and after shutdown.
	anyState bool
	run      func(s *Server, ctx context.Context, params json.RawMessage) error
}

// requestMethods and notificationMethods are the methods the server
// knows, by file: lifecycle.go, textsync.go, configuration.go, hover.go,
// codeaction.go, command.go, index.go. A request for another method is
// answered MethodNotFound; another notification is ignored.
var (
	requestMethods = map[string]requestMethod{
		protocol.MethodInitialize:              {inOrder: true, run: request((*Server).initialize)},
		protocol.MethodShutdown:                {inOrder: true, run: withoutParams((*Server).shutdown)},
		protocol.MethodTextDocumentHover:       {run: request((*Server).hover)},
		protocol.MethodTextDocumentCodeAction:  {run: request((*Server).codeAction)},
		protocol.MethodWorkspaceExecuteCommand: {run: request((*Server).executeCommand)},
	}
	notificationMethods = map[string]notificationMethod{
		protocol.MethodCancelRequest:                   {anyState: true, run: notification((*Server).cancelRequest)},
		protocol.MethodExit:                            {anyState: true, run: notificationWithoutParams((*Server).exit)},
		protocol.MethodInitialized:                     {run: notificationWithoutParams((*Server).initialized)},
		protocol.MethodTextDocumentDidOpen:             {run: notification((*Server).didOpen)},
		protocol.MethodTextDocumentDidChange:           {run: notification((*Server).didChange)},
		protocol.MethodTextDocumentDidClose:            {run: notification((*Server).didClose)},
		protocol.MethodTextDocumentDidSave:             {run: notification((*Server).didSave)},
		protocol.MethodWorkspaceDidChangeConfiguration: {run: notification((*Server).didChangeConfiguration)},
		protocol.MethodWorkspaceDidChangeWatchedFiles:  {run: notification((*Server).didChangeWatchedFiles)},
	}
)

// request makes a request method of a handler that takes its params
// typed: they are decoded here, once, and malformed or missing params are
// InvalidParams before the handler runs.
func request[P any](h func(*Server, context.Context, *P) (any, error)) func(*Server, context.Context, json.RawMessage) (any, error) {
	return func(s *Server, ctx context.Context, raw json.RawMessage) (any, error) {
		var p P
		if err := decodeParams(raw, &p); err != nil {
			return nil, err
		}
		return h(s, ctx, &p)
	}
}

// withoutParams makes a request method of a handler that reads no params
// (whatever the client sent is not looked at).
func withoutParams(h func(*Server, context.Context) (any, error)) func(*Server, context.Context, json.RawMessage) (any, error) {
	return func(s *Server, ctx context.Context, _ json.RawMessage) (any, error) { return h(s, ctx) }
}

// notification is request's counterpart for notifications: malformed
// params are an error the dispatcher logs, and the notification is
// otherwise ignored.
func notification[P any](h func(*Server, context.Context, *P) error) func(*Server, context.Context, json.RawMessage) error {
	return func(s *Server, ctx context.Context, raw json.RawMessage) error {
		var p P
		if err := decodeParams(raw, &p); err != nil {
			return err
		}
		return h(s, ctx, &p)
	}
}

// notificationWithoutParams is withoutParams for notifications.
func notificationWithoutParams(h func(*Server, context.Context)) func(*Server, context.Context, json.RawMessage) error {
	return func(s *Server, ctx context.Context, _ json.RawMessage) error {
		h(s, ctx)
		return nil
	}
}

// decodeParams decodes params, mapping every failure to InvalidParams.
func decodeParams(raw json.RawMessage, v any) error {
	if len(bytes.TrimSpace(raw)) == 0 || isNull(raw) {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing params")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

// handle is the jsonrpc2 handler: the dispatcher. It never returns an
// error: the library ends the connection on one.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	method := req.Method()
	call, isCall := req.(*jsonrpc2.Call)
	if !isCall {
		start := time.Now()
		s.notification(ctx, method, req.Params())
		s.log.Infof("%s done in %s", method, time.Since(start).Round(time.Microsecond))
		return nil
	}
	detached := context.WithoutCancel(ctx)
	respond := func(result any, err error) {
		if err := reply(detached, result, scrubError(err)); err != nil {
			s.log.Errorf("replying to %s: %v", method, err)
		}
	}
	if err := s.lifecycleRefusal(method); err != nil {
		respond(nil, err)
		return nil
	}
	start := time.Now()
	if requestMethods[method].inOrder {
		res, err := s.call(ctx, method, req.Params())
		respond(res, err)
		s.log.Infof("%s done in %s", method, time.Since(start).Round(time.Microsecond))
		return nil
	}
	s.goRequest(ctx, call, respond, start)
	return nil
}

// lifecycleRefusal is the error a request gets in the wrong lifecycle
// state: initialize only first, everything else only after it and before
// shutdown.
func (s *Server) lifecycleRefusal(method string) error {
	st := s.state()
	switch {
	case method == protocol.MethodInitialize && st != stateNew:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice")
	case method != protocol.MethodInitialize && st == stateNew:
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
	case st == stateShutdown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down")
	}
	return nil
}

// goRequest admits a request and answers it on its own goroutine, in a
// compute slot, cancellable by $/cancelRequest; past the admission bounds
// it is refused at once, never left waiting on the read loop.
func (s *Server) goRequest(ctx context.Context, call *jsonrpc2.Call, respond func(any, error), start time.Time) {
	method, id := call.Method(), call.ID()
	size := len(call.Params())
	if !s.requests.admit(size) {
		s.log.Warnf("%s %v refused: %d requests or %d bytes of params already waiting", method, id, maxPendingRequests, maxPendingRequestBytes)
		respond(nil, jsonrpc2.Errorf(codeServerBusy, "server busy: %d requests already waiting; try again", maxPendingRequests))
		return
	}
	rctx, cancel := context.WithCancel(ctx)
	s.inflight.mu.Lock()
	s.inflight.cancel[id] = cancel
	s.inflight.mu.Unlock()
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		defer s.requests.done(size)
		defer func() {
			s.inflight.mu.Lock()
			delete(s.inflight.cancel, id)
			s.inflight.mu.Unlock()
			cancel()
		}()
		// The answer is computed and written (marshalled) in a slot.
		rctx, slot, ok := s.requests.acquireSlot(rctx)
		defer slot.release()
		var res any
		var err error
		if ok {
			res, err = s.call(rctx, method, call.Params())
		}
		if rctx.Err() != nil {
			res, err = nil, protocol.ErrRequestCancelled
			s.log.Infof("%s %v cancelled after %s", method, id, time.Since(start).Round(time.Microsecond))
		} else {
			s.log.Infof("%s done in %s", method, time.Since(start).Round(time.Microsecond))
		}
		respond(res, err)
	}()
}

// scrubError passes an error's message through the redaction scrubber
// before it goes to the client: messages may quote params.
func scrubError(err error) error {
	if err == nil {
		return nil
	}
	var rpc *jsonrpc2.Error
	if errors.As(err, &rpc) {
		return &jsonrpc2.Error{Code: rpc.Code, Message: ghtoken.RedactAll(err.Error()), Data: rpc.Data}
	}
	return errors.New(ghtoken.RedactAll(err.Error()))
}

// call runs a request's method, turning a panic into InternalError.
func (s *Server) call(ctx context.Context, method string, params json.RawMessage) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Errorf("panic in %s: %v\n%s", method, r, debug.Stack())
			res, err = nil, jsonrpc2.NewError(jsonrpc2.InternalError, "internal error in "+method)
		}
	}()
	m, ok := requestMethods[method]
	if !ok {
		// The name is the client's: clientText scrubs and bounds it.
		return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", clientText(method, 100))
	}
	return m.run(s, ctx, params)
}

// notification handles a notification on the read loop, in order; an
// error (malformed params included) is logged and the notification
// otherwise ignored.
func (s *Server) notification(ctx context.Context, method string, params json.RawMessage) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Errorf("panic in %s: %v\n%s", method, r, debug.Stack())
		}
	}()
	m, known := notificationMethods[method]
	if !m.anyState {
		switch s.state() {
		case stateNew:
			s.log.Warnf("ignoring %s before initialize", method)
			return
		case stateShutdown:
			s.log.Warnf("ignoring %s after shutdown", method)
			return
		}
	}
	if !known {
		s.log.Debugf("ignoring notification %s", method)
		return
	}
	if err := m.run(s, ctx, params); err != nil {
		s.log.Warnf("%s: %v", method, err)
	}
}
