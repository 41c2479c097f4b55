// Package tokeninfo asks GitHub about tokens held in environment variables:
// whose they are, their scopes, expiry and rate limit. It is the only package
// that reads a token from the environment and, with revoke, one of the two
// that talk to GitHub (both through ghclient); it keeps only its endpoints. Answers are cached by a SHA-256 of the token (never the token),
// concurrent questions share one request, and callers never wait longer than
// a short hover timeout.
package tokeninfo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghclient"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"golang.org/x/sync/singleflight"
)

// Options wire a Service to its surroundings; every field is optional.
type Options struct {
	Settings
	// LookupEnv reads a variable (default os.LookupEnv). The value is read
	// on every lookup and kept only while the request runs.
	LookupEnv func(string) (string, bool)
	// Logf receives log lines (default: none). Lines name tokens only by
	// hash prefix. Never point it at stdout in serve mode.
	Logf func(format string, args ...any)
	// HTTPClient is used for requests (default: a fresh transport). A copy
	// is used, made by ghclient.New: https only, no redirect, capped bodies.
	HTTPClient *http.Client
	// UserAgent (default "ghpat-ls").
	UserAgent string
	// OnUpdate is called (in its own goroutine) after a background lookup
	// stores a new answer, once per answer. A language server reads
	// Updates instead, which coalesces.
	OnUpdate func()
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service answers questions about the tokens in environment variables. It
// is safe for concurrent use.
type Service struct {
	lookupEnv func(string) (string, bool)
	logf      func(string, ...any)
	hc        *http.Client
	userAgent string
	now       func() time.Time
	group     singleflight.Group
	// ctx ends with Close: it bounds every request, so that none outlives
	// the server.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	settings Settings
	ep       endpoint
	epErr    error
	gen      int // bumped by Configure: answers from older settings are dropped
	// changed is closed (and replaced) when gen is bumped, so that a
	// lookup waiting on the old endpoint moves to the new one at once.
	changed  chan struct{}
	cache    map[string]*entry
	onUpdate func()
	// updates holds at most one pending "an answer landed" signal: answers
	// that land before the reader gets to it collapse into that one.
	updates chan struct{}
}

// entry is a cached answer for one token hash.
type entry struct {
	res      Result // without Var
	until    time.Time
	failures int // consecutive network failures, for back-off
}

// New returns a Service. A settings error (e.g. a plain-http URL) is
// returned and also reported by every lookup, so a server can start anyway.
func New(o Options) (*Service, error) {
	s := &Service{
		lookupEnv: o.LookupEnv,
		logf:      o.Logf,
		hc:        o.HTTPClient,
		userAgent: o.UserAgent,
		now:       o.Now,
		onUpdate:  o.OnUpdate,
		cache:     map[string]*entry{},
		changed:   make(chan struct{}),
		updates:   make(chan struct{}, 1),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if s.lookupEnv == nil {
		s.lookupEnv = os.LookupEnv
	}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	s.hc = ghclient.New(s.hc)
	if s.userAgent == "" {
		s.userAgent = "ghpat-ls"
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, s.Configure(o.Settings)
}

// Configure replaces the settings (e.g. on workspace/didChangeConfiguration)
// and forgets cached answers when the endpoint changes.
func (s *Service) Configure(st Settings) error {
	st = st.withDefaults()
	ep, err := st.resolve()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || s.ep.base == nil || ep.base.String() != s.ep.base.String() || ep.apiVersion != s.ep.apiVersion {
		s.cache = map[string]*entry{}
		s.gen++
		close(s.changed)
		s.changed = make(chan struct{})
	}
	s.settings, s.ep, s.epErr = st, ep, err
	return err
}

// Close cancels the requests in flight (their lookups answer "could not
// reach: cancelled") and those started later. Call it when the server
// exits.
func (s *Service) Close() {
	s.cancel()
}

// Updates signals that background lookups stored new answers since the
// last receive: call Diagnostics again then. Any number of answers landing
// before the receive make one signal, so a reader that re-analyses on each
// signal re-analyses at most once more than it is already doing. The
// channel is never closed.
func (s *Service) Updates() <-chan struct{} {
	return s.updates
}

// Peek answers from the cache only; when the answer is missing or old it
// starts a background lookup and returns Checking (or the old answer,
// marked Stale). It never waits on the network.
func (s *Service) Peek(name string) Result {
	return s.lookup(context.Background(), name, 0)
}

// Check waits for the answer as long as ctx allows (for the whoami
// command); the request itself is bounded by RequestTimeout.
func (s *Service) Check(ctx context.Context, name string) Result {
	return s.lookup(ctx, name, -1)
}

// lookup: wait > 0 waits that long, 0 not at all, < 0 until ctx ends.
func (s *Service) lookup(ctx context.Context, name string, wait time.Duration) Result {
	val, ok := s.lookupEnv(name)
	if !ok || val == "" {
		return Result{Var: name, State: Unset}
	}
	desc := describe(val)
	desc.Var = name
	sum := sha256.Sum256([]byte(val))
	key := hex.EncodeToString(sum[:])

	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	for {
		// Settings and cache in one look, so that an answer is never
		// labelled with another endpoint than the one it came from.
		s.mu.Lock()
		ep, epErr, st, gen, changed := s.ep, s.epErr, s.settings, s.gen, s.changed
		e := s.cache[key]
		s.mu.Unlock()

		base := desc
		if epErr != nil {
			base.State = Failed
			base.Failure = &Failure{Reason: ReasonConfig, Detail: epErr.Error()}
			return base
		}
		base.Host = ep.base.Host
		base.SettingsURL = ep.settingsURL(base.Kind)
		if base.State == NotSent {
			return base
		}
		base.HashID = "sha256:" + key[:12]

		var stale *Result
		if e != nil {
			r := e.res
			r.Var = name
			if s.now().Before(e.until) {
				return r
			}
			r.Stale = true
			stale = &r
		}
		// The generation is part of the key: a lookup after a settings
		// change must not join one still running against the old endpoint.
		ch := s.group.DoChan(strconv.Itoa(gen)+":"+key, func() (any, error) {
			return s.fetch(key, val, base, ep, st, gen), nil
		})
		pending := func() Result {
			if stale != nil {
				return *stale
			}
			r := base
			r.State = Checking
			return r
		}
		var res singleflight.Result
		if wait == 0 {
			select {
			case res = <-ch:
			default:
				return pending()
			}
		} else {
			select {
			case res = <-ch:
			case <-changed:
				continue
			case <-timeout:
				return pending()
			case <-ctx.Done():
				return pending()
			}
		}
		s.mu.Lock()
		moved := s.gen != gen
		s.mu.Unlock()
		if moved {
			// The settings changed while we waited: that answer is the
			// old endpoint's. Ask again under the new settings.
			continue
		}
		return withVar(res.Val.(Result), name)
	}
}

func withVar(r Result, name string) Result {
	r.Var = name
	return r
}

// fetch runs one lookup in the background (under singleflight), stores the
// answer and announces it.
func (s *Service) fetch(key, token string, base Result, ep endpoint, st Settings, gen int) Result {
	now := s.now()
	s.mu.Lock()
	if e := s.cache[key]; e != nil && now.Before(e.until) && s.gen == gen {
		// Stored by a lookup that finished between our cache check and now.
		r := e.res
		s.mu.Unlock()
		return r
	}
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(s.ctx, st.RequestTimeout)
	defer cancel()
	r := base
	r.Var = ""
	s.probe(ctx, newProber(ep, s.hc, s.userAgent, token, r.HashID, s.now, s.logf), &r, token)
	// Count the TTL from the answer, not the question: a request slower
	// than the TTL must not come back already stale (OnUpdate would then
	// ask again at once, in a loop).
	if t := s.now(); t.After(now) {
		now = t
	}
	if r.Failure != nil {
		s.logf("tokeninfo: %s (%s) on %s: %s", r.HashID, r.Redacted, r.Host, failureSummary(r.Failure))
	}

	s.mu.Lock()
	if s.gen != gen { // settings changed meanwhile: don't store
		s.mu.Unlock()
		return r
	}
	prev := s.cache[key]
	e := &entry{res: r}
	e.until = now.Add(st.TTL)
	if f := r.Failure; f != nil {
		switch f.Reason {
		case ReasonUnreachable:
			e.failures = 1
			if prev != nil {
				e.failures = prev.failures + 1
			}
			back := networkRetry << min(e.failures-1, 10)
			e.until = now.Add(min(back, st.TTL))
		case ReasonRateLimited, ReasonSecondaryLimit:
			e.until = f.RetryAt
		case ReasonOther:
			e.until = now.Add(min(time.Minute, st.TTL))
		}
	}
	// Nothing left: don't ask again before the reset, whatever the TTL.
	if rt := r.Rate; rt != nil && rt.Remaining == 0 && rt.Limit > 0 && rt.Reset.After(e.until) {
		e.until = rt.Reset
		if limit := now.Add(ghclient.MaxRetryWait); e.until.After(limit) {
			e.until = limit // a skewed clock must not stop lookups for longer
		}
	}
	s.cache[key] = e
	cb := s.onUpdate
	s.mu.Unlock()
	select {
	case s.updates <- struct{}{}:
	default: // a signal is already pending: this answer is covered by it
	}
	if cb != nil {
		go cb()
	}
	return r
}

// probe runs p, turning a panic into a failure: fetch runs in a
// singleflight goroutine, where a panic would end the whole server. What
// the host sent is scrubbed here, before anything shows, logs or caches
// it.
func (s *Service) probe(ctx context.Context, p *prober, r *Result, token string) {
	secrets := []string{token, strings.Trim(token, " \t\r\n\"'")}
	defer func() {
		if v := recover(); v != nil {
			s.logf("tokeninfo: %s: panic during the lookup: %s\n%s", r.HashID, ghclient.ScrubSecrets(fmt.Sprint(v), secrets...), debug.Stack())
			r.State = Failed
			r.Failure = &Failure{Reason: ReasonOther, Detail: "internal error (see the log)"}
		}
		scrubRemote(r, secrets...)
	}()
	p.probe(ctx, r.Kind, r)
}

// describe classifies a value without sending it anywhere.
func describe(val string) Result {
	trimmed := strings.Trim(val, " \t\r\n\"'")
	// Redact the trimmed value: a trailing newline would otherwise end up
	// inside the hover's code span; ValueNote says what was around it.
	r := Result{State: Checking, Redacted: ghtoken.Redact(trimmed)}
	r.Kind = ghtoken.Classify(trimmed)
	r.KindName = r.Kind.Name()
	switch {
	case strings.ContainsAny(val, "\r\n\t\x00"):
		r.State = NotSent
		r.ValueNote = "the value contains a control character (a trailing newline?): no HTTP header can carry it"
		return r
	case trimmed != val:
		r.ValueNote = "the value has surrounding quotes or whitespace: GitHub will reject it as Bad credentials"
	}
	switch {
	case r.Kind != ghtoken.Unknown && r.Kind.Traits().DescribedBy == ghtoken.NotDescribed:
		r.State = NotSent
		r.ValueNote = "a " + r.Kind.Name() + " only buys a new user access token; it cannot call the API"
	case r.Kind == ghtoken.Unknown && isLegacyHex(trimmed):
		r.KindName = "GitHub token (legacy 40-hex format)"
	case r.Kind == ghtoken.Unknown:
		r.State = NotSent
		r.KindName = "not a GitHub token"
		r.ValueNote = "the value does not look like a GitHub token (no " + sendablePrefixes() + " prefix), so it was not sent"
	}
	return r
}

func isLegacyHex(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// sendablePrefixes lists the prefixes of the kinds a lookup sends
// ("ghp_, github_pat_, … or ghs_").
func sendablePrefixes() string {
	var ps []string
	for _, t := range ghtoken.Kinds() {
		if t.DescribedBy != ghtoken.NotDescribed && !slices.Contains(ps, t.Prefix) {
			ps = append(ps, t.Prefix)
		}
	}
	return strings.Join(ps[:len(ps)-1], ", ") + " or " + ps[len(ps)-1]
}
