package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
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

// DefaultSettings are used for every field the user does not set. The live
// lookup defaults match tokeninfo's.
func DefaultSettings() Settings {
	return Settings{LiveLookups: LiveLookupSettings{
		Enabled:           true,
		TimeoutMs:         3000,
		CacheTTLSeconds:   300,
		ExpiryWarningDays: 7,
		Diagnostics:       true,
	}}
}

// settingKeys are the recognised top-level keys, used to tell a bare ghpat
// object from a whole settings tree that lacks a "ghpat" section.
var settingKeys = []string{"apiVersion", "enterpriseHost", "rules", "liveLookups", "tokenVariablePatterns"}

var apiVersionRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

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
// reported in errs, so one typo does not reset everything else.
func ParseSettings(raw json.RawMessage, prev Settings) (s Settings, errs []error) {
	s = DefaultSettings()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return prev, []error{fmt.Errorf("ghpat settings are not a JSON object: %v", err)}
	}
	bad := func(key string, err error) {
		errs = append(errs, fmt.Errorf("ghpat.%s: %v (keeping the previous value)", key, err))
	}
	if v, ok := obj["apiVersion"]; ok && !isNull(v) {
		var str string
		err := json.Unmarshal(v, &str)
		if err == nil && str != "" && !apiVersionRE.MatchString(str) {
			err = fmt.Errorf("%q is not a YYYY-MM-DD version", str)
		}
		if err != nil {
			bad("apiVersion", err)
			s.APIVersion = prev.APIVersion
		} else {
			s.APIVersion = str
		}
	}
	if v, ok := obj["enterpriseHost"]; ok && !isNull(v) {
		var str string
		err := json.Unmarshal(v, &str)
		host := ""
		if err == nil {
			host, err = normalizeHost(str)
		}
		if err != nil {
			bad("enterpriseHost", err)
			s.EnterpriseHost = prev.EnterpriseHost
		} else {
			s.EnterpriseHost = host
		}
	}
	if v, ok := obj["rules"]; ok && !isNull(v) {
		var rules map[string]RuleSettings
		err := json.Unmarshal(v, &rules)
		if err == nil {
			ids := make([]string, 0, len(rules))
			for id := range rules {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				if sev := rules[id].Severity; sev != "" && sev != "off" {
					if _, ok := analysis.ParseSeverity(sev); !ok {
						err = fmt.Errorf("rule %q: unknown severity %q (want error, warning, info, hint or off)", id, sev)
						break
					}
				}
			}
		}
		if err != nil {
			bad("rules", err)
			s.Rules = prev.Rules
		} else {
			s.Rules = rules
		}
	}
	if v, ok := obj["liveLookups"]; ok && !isNull(v) {
		// Members are checked one by one: an invalid timeout must not
		// discard "enabled": false next to it, or the token would still
		// be sent. A member of the wrong type keeps its previous value
		// (encoding/json fills the other members and reports the first).
		ll := s.LiveLookups // defaults for missing members
		if err := json.Unmarshal(v, &ll); err != nil {
			bad("liveLookups", err)
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) || typeErr.Field == "" { // not an object at all
				ll = prev.LiveLookups
			}
		}
		if ll.TimeoutMs <= 0 || ll.TimeoutMs > maxLiveTimeoutMs {
			bad("liveLookups.timeoutMs", fmt.Errorf("must be between 1 and %d", maxLiveTimeoutMs))
			ll.TimeoutMs = prev.LiveLookups.TimeoutMs
		}
		if ll.CacheTTLSeconds < 0 {
			bad("liveLookups.cacheTtlSeconds", fmt.Errorf("must not be negative"))
			ll.CacheTTLSeconds = prev.LiveLookups.CacheTTLSeconds
		}
		if ll.ExpiryWarningDays < 0 {
			bad("liveLookups.expiryWarningDays", fmt.Errorf("must not be negative"))
			ll.ExpiryWarningDays = prev.LiveLookups.ExpiryWarningDays
		}
		s.LiveLookups = ll
	}
	if v, ok := obj["tokenVariablePatterns"]; ok && !isNull(v) {
		var pats []string
		err := json.Unmarshal(v, &pats)
		if err == nil {
			for _, p := range pats {
				if strings.TrimSpace(p) == "" {
					err = fmt.Errorf("empty pattern")
					break
				}
			}
		}
		if err != nil {
			bad("tokenVariablePatterns", err)
			s.TokenVariablePatterns = prev.TokenVariablePatterns
		} else {
			s.TokenVariablePatterns = pats
		}
	}
	return s, errs
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

// normalizeHost accepts "ghe.example.com" or "https://ghe.example.com/".
func normalizeHost(s string) (string, error) {
	h := strings.TrimSpace(s)
	h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
	h = strings.TrimSuffix(h, "/")
	if h == "" {
		return "", nil
	}
	if strings.ContainsAny(h, "/ \t?#@") {
		return "", fmt.Errorf("%q is not a host name", s)
	}
	return strings.ToLower(h), nil
}

// Config maps the settings onto the analysis engine's configuration.
func (s Settings) Config() *analysis.Config {
	cfg := &analysis.Config{APIVersion: s.APIVersion}
	if s.EnterpriseHost != "" {
		cfg.EnterpriseHosts = []string{s.EnterpriseHost}
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
