package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// Settings are the user's "ghpat" settings. They reach the server in
// initializationOptions, workspace/didChangeConfiguration, or through a
// workspace/configuration pull of section "ghpat".
type Settings struct {
	// APIVersion is the X-GitHub-Api-Version offered by fixes (YYYY-MM-DD).
	APIVersion string `json:"apiVersion,omitempty"`
	// EnterpriseHost is a GitHub Enterprise Server host name.
	EnterpriseHost string `json:"enterpriseHost,omitempty"`
	// Rules override a rule's severity or disable it, keyed by rule id.
	Rules map[string]RuleSettings `json:"rules,omitempty"`
	// LiveLookups configures hovers that ask GitHub about a token read
	// from the environment.
	LiveLookups LiveLookupSettings `json:"liveLookups"`
	// TokenVariablePatterns are globs of variable names holding tokens
	// (analysis.DefaultTokenVarPatterns when empty).
	TokenVariablePatterns []string `json:"tokenVariablePatterns,omitempty"`
	// WorkspaceIndex configures the background index of the workspace
	// folders (lsp/index.go).
	WorkspaceIndex WorkspaceIndexSettings `json:"workspaceIndex"`
}

// WorkspaceIndexSettings configure the workspace index.
type WorkspaceIndexSettings struct {
	// Diagnostics publishes token diagnostics for files that are not open.
	Diagnostics bool `json:"diagnostics"`
}

// RuleSettings is one entry of Settings.Rules. Severity "off" is the same
// as Disabled (as in ESLint).
type RuleSettings struct {
	Severity string `json:"severity,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// LiveLookupSettings configure live hovers and the diagnostics on token
// variables (issue 3). The server passes them on to Options.Live.
type LiveLookupSettings struct {
	// Enabled turns live hovers (and their diagnostics) on.
	Enabled bool `json:"enabled"`
	// TimeoutMs is how long a hover waits for GitHub before answering
	// "checking…" (1 to 10000).
	TimeoutMs int `json:"timeoutMs"`
	// CacheTTLSeconds is how long an answer is reused.
	CacheTTLSeconds int `json:"cacheTtlSeconds"`
	// ExpiryWarningDays: a token expiring within this many days gets a
	// warning on its variable (0: tokeninfo's default, 7).
	ExpiryWarningDays int `json:"expiryWarningDays"`
	// Diagnostics turns the expiry/rejection diagnostics on variables on.
	Diagnostics bool `json:"diagnostics"`
}

// Timeout is TimeoutMs as a duration.
func (l LiveLookupSettings) Timeout() time.Duration {
	return time.Duration(l.TimeoutMs) * time.Millisecond
}

// CacheTTL is CacheTTLSeconds as a duration.
func (l LiveLookupSettings) CacheTTL() time.Duration {
	return time.Duration(l.CacheTTLSeconds) * time.Second
}

// ExpiryWarning is ExpiryWarningDays as a duration.
func (l LiveLookupSettings) ExpiryWarning() time.Duration {
	return time.Duration(l.ExpiryWarningDays) * 24 * time.Hour
}

// maxLiveTimeoutMs caps a hover's wait: an editor hover must not hang.
const maxLiveTimeoutMs = 10000

// Setting is one key of the schema: the single home of its name, JSON type
// and default (editors/vscode/package.json is checked against it, and
// docs/lsp.md's table too). apply decodes and normalises a value onto s; on
// error it leaves the previous value (from prev) in place.
type Setting struct {
	Key     string // under "ghpat"; dotted for members ("liveLookups.enabled")
	Type    string // JSON schema type, as in package.json
	Default any    // as package.json writes it
	Doc     string // one line for docs/lsp.md
	// EditorOnly keys are read by the editor extension; the server ignores them.
	EditorOnly bool
	apply      func(s *Settings, prev Settings, v json.RawMessage) error
}

var schema = []Setting{
	{Key: "serverPath", Type: "string", Default: "", EditorOnly: true, Doc: "path of the ghpat-ls binary the editor starts"},
	{Key: "apiVersion", Type: "string", Default: "", Doc: "`YYYY-MM-DD` offered by the \"pin the latest version\" fix, the target of `github-api-breaking-change`, and sent by live lookups (empty: " + ghhost.LatestAPIVersion + ", or " + ghhost.DefaultAPIVersion + " to an Enterprise Server)",
		apply: field(func(s *Settings) *string { return &s.APIVersion }, checkAPIVersion)},
	{Key: "enterpriseHost", Type: "string", Default: "", Doc: "GitHub Enterprise Server host or URL: `https://HOST" + ghhost.EnterpriseAPIPath + "` counts as the GitHub API and live lookups go there; `http://` only for a loopback test server",
		apply: field(func(s *Settings) *string { return &s.EnterpriseHost }, ghhost.NormalizeEnterpriseHost)},
	{Key: "rules", Type: "object", Default: map[string]any{}, Doc: "by rule id ([rules.md](rules.md)): `{\"<id>\": {\"severity\": \"hint\"}}`, `{\"<id>.disabled\": true}` or `{\"<id>\": \"off\"}`; severities `error` `warning` `info` `hint` `off`",
		apply: applyRules},
	{Key: "liveLookups.enabled", Type: "boolean", Default: true, Doc: "live hovers on token variables (see live-hovers.md)",
		apply: field(func(s *Settings) *bool { return &s.LiveLookups.Enabled }, nil)},
	{Key: "liveLookups.timeoutMs", Type: "integer", Default: int(tokeninfo.DefaultHoverTimeout / time.Millisecond), Doc: "how long a hover waits for GitHub (1 to 10000 ms)",
		apply: field(func(s *Settings) *int { return &s.LiveLookups.TimeoutMs }, inRange(1, maxLiveTimeoutMs))},
	{Key: "liveLookups.cacheTtlSeconds", Type: "integer", Default: int(tokeninfo.DefaultTTL / time.Second), Doc: "how long a lookup is reused, in seconds (`0` means the default)",
		apply: field(func(s *Settings) *int { return &s.LiveLookups.CacheTTLSeconds }, inRange(0, math.MaxInt32))},
	{Key: "liveLookups.expiryWarningDays", Type: "integer", Default: int(tokeninfo.DefaultExpiryWarning / (24 * time.Hour)), Doc: "warn on a variable whose token expires within this many days (`0` means the default)",
		apply: field(func(s *Settings) *int { return &s.LiveLookups.ExpiryWarningDays }, inRange(0, math.MaxInt32))},
	{Key: "liveLookups.diagnostics", Type: "boolean", Default: true, Doc: "expiry/rejection diagnostics on variables",
		apply: field(func(s *Settings) *bool { return &s.LiveLookups.Diagnostics }, nil)},
	{Key: "tokenVariablePatterns", Type: "array", Default: []string{}, Doc: "globs of names of variables that hold tokens (empty: the built-in list; blank entries are dropped)",
		apply: field(func(s *Settings) *[]string { return &s.TokenVariablePatterns }, cleanPatterns)},
	{Key: "workspaceIndex.diagnostics", Type: "boolean", Default: true, Doc: "token diagnostics for the workspace files that are not open (the background index; see permissions.md)",
		apply: field(func(s *Settings) *bool { return &s.WorkspaceIndex.Diagnostics }, nil)},
	{Key: "trace.server", Type: "string", Default: "off", EditorOnly: true, Doc: "the editor traces the LSP messages"},
}

// field makes the apply function of a plain key: decode into T, normalise
// or reject with norm (nil: keep as is), then store.
func field[T any](get func(*Settings) *T, norm func(T) (T, error)) func(*Settings, Settings, json.RawMessage) error {
	return func(s *Settings, prev Settings, raw json.RawMessage) error {
		var v T
		err := json.Unmarshal(raw, &v)
		if err == nil && norm != nil {
			v, err = norm(v)
		}
		if err != nil {
			*get(s) = *get(&prev)
			return err
		}
		*get(s) = v
		return nil
	}
}

var apiVersionRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func checkAPIVersion(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v != "" && !apiVersionRE.MatchString(v) {
		return "", fmt.Errorf("%q is not a YYYY-MM-DD version", v)
	}
	return v, nil
}

func inRange(lo, hi int) func(int) (int, error) {
	return func(n int) (int, error) {
		if n < lo || n > hi {
			if hi == math.MaxInt32 {
				return 0, fmt.Errorf("must not be negative")
			}
			return 0, fmt.Errorf("must be between %d and %d", lo, hi)
		}
		return n, nil
	}
}

// cleanPatterns drops blank patterns (an editor's empty list entry).
func cleanPatterns(pats []string) ([]string, error) {
	out := pats[:0:0]
	for _, p := range pats {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

// applyRules reads ghpat.rules in each shape users write:
//
//	{"github-pat": {"severity": "hint"}, "github-oauth": {"disabled": true}}
//	{"github-pat.severity": "hint", "github-oauth.disabled": true}
//	{"github-pat": "off"}, {"github-pat": "warning"}
//
// An entry with an unknown rule id or an invalid value is reported and
// keeps the rule's previous setting; the other entries apply.
func applyRules(s *Settings, prev Settings, raw json.RawMessage) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		s.Rules = prev.Rules
		return err
	}
	rules := map[string]RuleSettings{}
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		id, member := key, ""
		if i := strings.LastIndexByte(key, '.'); i > 0 {
			id, member = key[:i], key[i+1:]
		}
		r := rules[id]
		err := analysis.CheckRuleID(id)
		if err == nil {
			err = setRule(&r, member, obj[key])
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", ghtoken.RedactAll(key), err))
			if p, ok := prev.Rules[id]; ok {
				rules[id] = p
			}
			continue
		}
		rules[id] = r
	}
	s.Rules = rules
	return errors.Join(errs...)
}

// setRule applies one rule entry: member "" is the whole entry (an object,
// or a severity string), else "severity" or "disabled".
func setRule(r *RuleSettings, member string, raw json.RawMessage) error {
	if isNull(raw) {
		return nil
	}
	switch member {
	case "":
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return setRule(r, "severity", raw)
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if k != "severity" && k != "disabled" {
				return fmt.Errorf("unknown member %q (want severity or disabled)", ghtoken.RedactAll(k))
			}
			if err := setRule(r, k, obj[k]); err != nil {
				return err
			}
		}
		return nil
	case "severity":
		var sev string
		if err := json.Unmarshal(raw, &sev); err != nil {
			return fmt.Errorf("severity must be a string")
		}
		sev = strings.ToLower(strings.TrimSpace(sev))
		if sev == "off" { // as in ESLint: the same as disabled
			r.Disabled = true
			return nil
		}
		if _, ok := analysis.ParseSeverity(sev); !ok {
			return fmt.Errorf("unknown severity %q (want error, warning, info, hint or off)", ghtoken.RedactAll(sev))
		}
		r.Severity = sev
		return nil
	case "disabled":
		if err := json.Unmarshal(raw, &r.Disabled); err != nil {
			return fmt.Errorf("disabled must be true or false")
		}
		return nil
	}
	return fmt.Errorf("unknown member %q (want severity or disabled)", ghtoken.RedactAll(member))
}

// DefaultSettings are used for every field the user does not set: the
// schema's defaults.
func DefaultSettings() Settings {
	var s Settings
	for _, st := range schema {
		if st.apply != nil {
			raw, _ := json.Marshal(st.Default)
			if err := st.apply(&s, s, raw); err != nil {
				panic("lsp: invalid default for " + st.Key + ": " + err.Error())
			}
		}
	}
	return s
}

// settingKeys are the recognised top-level keys, used to tell a bare ghpat
// object from a whole settings tree that lacks a "ghpat" section.
var settingKeys = func() []string {
	var keys []string
	for _, st := range schema {
		top, _, _ := strings.Cut(st.Key, ".")
		if !slices.Contains(keys, top) {
			keys = append(keys, top)
		}
	}
	return keys
}()

// ghpatSection picks the ghpat settings out of raw: the "ghpat" member of
// an object when there is one, else the object itself when it has one of
// our keys. ok is false when raw holds no ghpat settings (null, another
// server's section).
func ghpatSection(raw json.RawMessage) (json.RawMessage, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, false, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, false, fmt.Errorf("settings are not a JSON object: %v", err)
	}
	if sec, ok := obj["ghpat"]; ok {
		sec = bytes.TrimSpace(sec)
		if bytes.Equal(sec, []byte("null")) {
			return nil, false, nil
		}
		return sec, true, nil
	}
	for _, k := range settingKeys {
		if _, ok := obj[k]; ok {
			return raw, true, nil
		}
	}
	return nil, false, nil
}

// ParseSettings reads a ghpat settings object. Unset fields take their
// default; a field with an invalid value keeps its value from prev and is
// reported in errs, so one typo does not reset everything else. Members
// are applied one by one: an invalid timeout must not discard
// "enabled": false next to it, or the token would still be sent.
func ParseSettings(raw json.RawMessage, prev Settings) (s Settings, errs []error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return prev, []error{fmt.Errorf("ghpat settings are not a JSON object: %v", err)}
	}
	values, errs := flatten(obj, prev)
	s = DefaultSettings()
	for _, st := range schema {
		v, ok := values[st.Key]
		if !ok || st.apply == nil {
			continue
		}
		err := st.apply(&s, prev, v)
		each := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok { // one per rule entry
			each = j.Unwrap()
		}
		for _, e := range each {
			if e != nil {
				errs = append(errs, fmt.Errorf("ghpat.%s: %v (keeping the previous value)", st.Key, e))
			}
		}
	}
	return s, errs
}

// flatten maps the settings object onto schema keys: {"liveLookups":
// {"enabled": false}} and {"liveLookups.enabled": false} both give
// "liveLookups.enabled". Nulls count as unset. A group that is not an
// object keeps all its previous values (returned as prev's own values).
func flatten(obj map[string]json.RawMessage, prev Settings) (map[string]json.RawMessage, []error) {
	values := map[string]json.RawMessage{}
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		v := obj[k]
		switch {
		case isNull(v):
		case schemaKey(k):
			values[k] = v
		case schemaGroup(k):
			var members map[string]json.RawMessage
			if err := json.Unmarshal(v, &members); err != nil {
				errs = append(errs, fmt.Errorf("ghpat.%s: not an object (keeping the previous values)", k))
				keepGroup(values, k, prev)
				continue
			}
			for m, mv := range members {
				if !isNull(mv) {
					values[k+"."+m] = mv
				}
			}
		default:
			errs = append(errs, fmt.Errorf("ghpat.%s: unknown setting (ignored)", ghtoken.RedactAll(k)))
		}
	}
	for k := range values {
		if !schemaKey(k) {
			errs = append(errs, fmt.Errorf("ghpat.%s: unknown setting (ignored)", ghtoken.RedactAll(k)))
			delete(values, k)
		}
	}
	return values, errs
}

// keepGroup sets every member of group to its value in prev.
func keepGroup(values map[string]json.RawMessage, group string, prev Settings) {
	whole, _ := json.Marshal(prev)
	var tree map[string]json.RawMessage
	var members map[string]json.RawMessage
	if json.Unmarshal(whole, &tree) != nil || json.Unmarshal(tree[group], &members) != nil {
		return // an editor-only group (trace): nothing of it is kept
	}
	for m, v := range members {
		values[group+"."+m] = v
	}
}

func schemaKey(k string) bool {
	return slices.ContainsFunc(schema, func(st Setting) bool { return st.Key == k })
}

func schemaGroup(k string) bool {
	return slices.ContainsFunc(schema, func(st Setting) bool { return strings.HasPrefix(st.Key, k+".") })
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

// Config maps the settings onto the analysis engine's configuration.
func (s Settings) Config() *analysis.Config {
	cfg := &analysis.Config{APIVersion: s.APIVersion}
	if s.EnterpriseHost != "" {
		// As code writes it: a loopback test server's http:// dropped too.
		cfg.EnterpriseHosts = []string{ghhost.BareHost(s.EnterpriseHost)}
	}
	for id, r := range s.Rules {
		if r.Disabled || r.Severity == "off" {
			if cfg.Disabled == nil {
				cfg.Disabled = map[string]bool{}
			}
			cfg.Disabled[id] = true
		}
		if sev, ok := analysis.ParseSeverity(r.Severity); ok {
			if cfg.Severity == nil {
				cfg.Severity = map[string]analysis.Severity{}
			}
			cfg.Severity[id] = sev
		}
	}
	return cfg
}
