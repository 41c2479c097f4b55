package lsp

import (
	"context"
	"encoding/json"
	"reflect"
	"runtime/debug"
	"time"

	"go.lsp.dev/protocol"
)

// didChangeConfigurationParams keep the settings raw (protocol's type
// decodes them into an interface{}): ParseSettings reads them against the
// schema.
type didChangeConfigurationParams struct {
	Settings json.RawMessage `json:"settings"`
}

func (s *Server) didChangeConfiguration(_ context.Context, p *didChangeConfigurationParams) error {
	if _, ok, _ := ghpatSection(p.Settings); ok {
		s.applySettings(p.Settings, "workspace/didChangeConfiguration", false)
		return nil
	}
	// No ghpat settings pushed (null, or another section): pull them.
	s.pullConfiguration()
	return nil
}

// applySettings parses a settings payload and, when it changes anything,
// stores it, passes it to the live lookups and re-analyses the open
// documents before it returns. initial (initialize) configures the live
// lookups even when nothing changed, so that they start from the
// session's settings.
func (s *Server) applySettings(raw json.RawMessage, source string, initial bool) {
	s.settingsUpdateMu.Lock()
	defer s.settingsUpdateMu.Unlock()
	prev, prevCfg := s.sess.current()
	next, changed := s.parseSettings(raw, source, prev)
	if !changed {
		if initial {
			s.configureLiveLocked(prev)
		}
		return
	}
	s.sess.setSettings(next)
	_, nextCfg := s.sess.current()
	s.log.Infof("settings updated from %s", source)
	s.configureLiveLocked(next)
	s.refreshAll(publishAlways)
	// The unopened files' diagnostics and API calls were found with the
	// previous rules and hosts: read them again when those change too.
	if prev.WorkspaceIndex != next.WorkspaceIndex || !reflect.DeepEqual(prevCfg, nextCfg) {
		s.reindexAll() // publishes or clears the unopened files' diagnostics
	}
}

// parseSettings reads a settings payload over prev, logging what it
// rejects; changed is false when it holds no ghpat settings or changes
// nothing.
func (s *Server) parseSettings(raw json.RawMessage, source string, prev Settings) (next Settings, changed bool) {
	sec, ok, err := ghpatSection(raw)
	if err != nil {
		s.log.Warnf("%s: %v (keeping the previous settings)", source, err)
		return prev, false
	}
	if !ok {
		return prev, false
	}
	next, errs := ParseSettings(sec, prev)
	for _, e := range errs {
		s.log.Warnf("%s: %v", source, e)
	}
	return next, !reflect.DeepEqual(prev, next)
}

// pullConfiguration asks the client for section "ghpat" when it supports
// workspace/configuration. It runs in its own goroutine (the reply arrives
// on the read loop); diagnostics, hovers and code actions wait for it,
// bounded by ConfigTimeout, so that they use the user's settings.
func (s *Server) pullConfiguration() {
	s.lifecycle.mu.Lock()
	conn, base, asks := s.lifecycle.conn, s.lifecycle.baseCtx, s.lifecycle.clientConfig
	s.lifecycle.mu.Unlock()
	if !asks || conn == nil {
		return
	}
	ready := make(chan struct{})
	s.configPull.mu.Lock()
	s.configPull.ready = ready
	s.configPull.mu.Unlock()
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		defer func() {
			if r := recover(); r != nil {
				s.log.Errorf("panic pulling configuration: %v\n%s", r, debug.Stack())
			}
			s.configPull.mu.Lock()
			if s.configPull.ready == ready {
				s.configPull.ready = nil
			}
			s.configPull.mu.Unlock()
			// The analyses waiting for the settings (analyzeAndPublish)
			// and the requests waiting too go on now.
			close(ready)
		}()
		ctx, cancel := context.WithTimeout(base, s.opts.ConfigTimeout)
		defer cancel()
		start := time.Now()
		var result []json.RawMessage
		params := protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: "ghpat"}}}
		if _, err := conn.Call(ctx, protocol.MethodWorkspaceConfiguration, params, &result); err != nil {
			s.log.Warnf("workspace/configuration: %v", err)
			return
		}
		s.log.Infof("workspace/configuration answered in %s", time.Since(start).Round(time.Microsecond))
		if len(result) > 0 {
			// The reply is the section itself; wrap it so that a section
			// holding none of our keys still counts as ghpat settings.
			wrapped, _ := json.Marshal(map[string]json.RawMessage{"ghpat": result[0]})
			s.applySettings(wrapped, "workspace/configuration", false)
		}
	}()
}

// waitConfig waits for an in-flight configuration pull.
func (s *Server) waitConfig(ctx context.Context) error {
	s.configPull.mu.Lock()
	ready := s.configPull.ready
	s.configPull.mu.Unlock()
	if ready == nil {
		return nil
	}
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
