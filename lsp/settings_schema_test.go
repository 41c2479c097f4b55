package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

func parse(t *testing.T, raw string, prev Settings) (Settings, string) {
	t.Helper()
	s, errs := ParseSettings(json.RawMessage(raw), prev)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return s, strings.Join(msgs, "\n")
}

// The server normalises every shape of ghpat.rules an editor may send
// (this used to happen only in the VS Code extension, so Neovim users got
// {"github-pat": "off"} rejected).
func TestRuleSettingsShapes(t *testing.T) {
	s, errs := parse(t, `{"rules": {
		"github-pat": "off",
		"github-oauth.severity": " Hint ",
		"github-app-token.disabled": true,
		"github-refresh-token": {"severity": "OFF"},
		"github-api-accept-missing": {"severity": "warning", "disabled": false},
		"github-auth-malformed": "info"}}`, DefaultSettings())
	if errs != "" {
		t.Fatalf("errors: %s", errs)
	}
	cfg := s.Config()
	for _, id := range []string{analysis.RuleClassicPAT, analysis.RuleAppToken, analysis.RuleRefreshToken} {
		if !cfg.Disabled[id] {
			t.Errorf("%s not disabled: %+v", id, cfg)
		}
	}
	want := map[string]analysis.Severity{analysis.RuleOAuth: analysis.SeverityHint, analysis.RuleMissingAccept: analysis.SeverityWarning,
		analysis.RuleMalformedAuth: analysis.SeverityInformation}
	for id, sev := range want {
		if cfg.Severity[id] != sev || cfg.Disabled[id] {
			t.Errorf("%s: severity %v disabled %v, want %v", id, cfg.Severity[id], cfg.Disabled[id], sev)
		}
	}
}

// An unknown rule id is the same error as in `scan --disable`
// (analysis.CheckRuleID), and the other entries still apply.
func TestUnknownRuleIDIsASoftError(t *testing.T) {
	prev := DefaultSettings()
	prev.Rules = map[string]RuleSettings{"github-pat": {Severity: "hint"}}
	s, errs := parse(t, `{"rules": {"github-patt": "off", "github-oauth": {"disabled": true}, "github-pat": {"severity": "loud"}, "github-app-token": {"bogus": 1}}}`, prev)
	want := analysis.CheckRuleID("github-patt").Error()
	if !strings.Contains(errs, "ghpat.rules: github-patt: "+want) {
		t.Errorf("errors %q lack %q", errs, want)
	}
	if !strings.Contains(errs, `unknown severity "loud"`) || !strings.Contains(errs, `unknown member "bogus"`) {
		t.Errorf("errors %q", errs)
	}
	if !s.Rules["github-oauth"].Disabled || s.Rules["github-pat"].Severity != "hint" {
		t.Errorf("rules %+v: want github-oauth applied and github-pat kept from before", s.Rules)
	}
	if _, ok := s.Rules["github-patt"]; ok {
		t.Errorf("unknown id kept: %+v", s.Rules)
	}
}

// enterpriseHost: one normalisation (ghhost.NormalizeEnterpriseHost);
// plain http is accepted for a loopback test server only, as the README
// says, and refused (not silently upgraded) otherwise.
func TestEnterpriseHostSettings(t *testing.T) {
	prev := DefaultSettings()
	prev.EnterpriseHost = "old.example.com"
	for _, c := range []struct{ in, want, err string }{
		{"https://GHE.example.com/", "ghe.example.com", ""},
		{" ghe.example.com ", "ghe.example.com", ""},
		{"https://ghe.example.com/api/v3", "ghe.example.com", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"http://localhost:9/", "http://localhost:9", ""},
		{"http://ghe.example.com", "old.example.com", "plain http"},
		{"ghe.example.com/path", "old.example.com", "not a host name"},
		{"", "", ""},
	} {
		raw, _ := json.Marshal(map[string]string{"enterpriseHost": c.in})
		s, errs := parse(t, string(raw), prev)
		if s.EnterpriseHost != c.want || (c.err == "") != (errs == "") || !strings.Contains(errs, c.err) {
			t.Errorf("%q: host %q errors %q; want %q, error containing %q", c.in, s.EnterpriseHost, errs, c.want, c.err)
		}
	}
	s, _ := parse(t, `{"enterpriseHost": "http://127.0.0.1:8080"}`, prev)
	if got := s.Config().EnterpriseHosts; !slices.Equal(got, []string{"127.0.0.1:8080"}) {
		t.Errorf("analysis hosts %v", got)
	}
}

// Values the VS Code extension used to clean up are cleaned up by the
// server now: the extension passes its settings through.
func TestServerNormalisesWhatEditorsSend(t *testing.T) {
	s, errs := parse(t, `{"apiVersion": " 2022-11-28 ", "tokenVariablePatterns": ["*_GH_TOKEN", "", "  ", "CI_*"],
		"serverPath": "/opt/ghpat-ls", "trace": {"server": "verbose"}, "liveLookups.timeoutMs": 200}`, DefaultSettings())
	if errs != "" {
		t.Errorf("errors: %s", errs)
	}
	if s.APIVersion != "2022-11-28" || !slices.Equal(s.TokenVariablePatterns, []string{"*_GH_TOKEN", "CI_*"}) || s.LiveLookups.TimeoutMs != 200 {
		t.Errorf("parsed %+v", s)
	}
	// The contributed defaults are the server's defaults.
	def, errs := parse(t, `{"serverPath": "", "apiVersion": "", "enterpriseHost": "", "rules": {}, "tokenVariablePatterns": [],
		"liveLookups": {"enabled": true, "timeoutMs": 3000, "cacheTtlSeconds": 300, "expiryWarningDays": 7, "diagnostics": true}}`, Settings{})
	if errs != "" || fmt.Sprint(def) != fmt.Sprint(DefaultSettings()) {
		t.Errorf("defaults %+v (%s), want %+v", def, errs, DefaultSettings())
	}
	if _, errs := parse(t, `{"liveLookup": {"enabled": false}}`, DefaultSettings()); !strings.Contains(errs, "ghpat.liveLookup: unknown setting") {
		t.Errorf("a misspelt key: %q", errs)
	}
}

// TestVSCodeContributionsMatchTheSchema: editors/vscode/package.json
// declares exactly the schema's keys, with its types and defaults.
func TestVSCodeContributionsMatchTheSchema(t *testing.T) {
	data, err := os.ReadFile("../editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]struct {
					Type    string          `json:"type"`
					Default json.RawMessage `json:"default"`
				} `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	props := pkg.Contributes.Configuration.Properties
	for _, st := range Schema() {
		p, ok := props["ghpat."+st.Key]
		if !ok {
			t.Errorf("package.json lacks ghpat.%s", st.Key)
			continue
		}
		want, _ := json.Marshal(st.Default)
		var got any
		_ = json.Unmarshal(p.Default, &got)
		gotJSON, _ := json.Marshal(got)
		if p.Type != st.Type || string(gotJSON) != string(want) {
			t.Errorf("ghpat.%s: package.json has %s default %s, schema %s default %s", st.Key, p.Type, gotJSON, st.Type, want)
		}
	}
	for name := range props {
		if !slices.ContainsFunc(Schema(), func(st Setting) bool { return "ghpat."+st.Key == name }) {
			t.Errorf("package.json declares %s, which the schema does not know", name)
		}
	}
}

// TestSettingsTableInDocs: docs/lsp.md's settings table is the schema's.
func TestSettingsTableInDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/lsp.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), SettingsTable()) {
		t.Errorf("docs/lsp.md does not contain the settings table; paste this:\n%s", SettingsTable())
	}
}

// TestUnknownRuleIDReachesTheLog: over LSP, the unknown id is logged with
// the same text as `scan --disable` prints, and the valid entries apply.
func TestUnknownRuleIDReachesTheLog(t *testing.T) {
	h := startServer(t, Options{})
	h.initialize(nil, map[string]any{"ghpat": map[string]any{"rules": map[string]any{"github-patt": "off", "github-api-accept-missing": "off"}}})
	const uri = "file:///work/c.js"
	h.open(uri, "javascript", "fetch(\"https://api.github.com/user\", { headers: { \"X-GitHub-Api-Version\": \"2022-11-28\" } });\n", 1)
	if d := byCode(h.diagnostics(uri, 1).Diagnostics, analysis.RuleMissingAccept); len(d) != 0 {
		t.Errorf("github-api-accept-missing is off but reported: %+v", d)
	}
	want := analysis.CheckRuleID("github-patt").Error()
	if !strings.Contains(h.log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, h.log.String())
	}
	h.shutdownExit()
}

// A group that is not an object keeps all its previous members, whatever
// else prev holds.
func TestGroupNotAnObjectKeepsPrevious(t *testing.T) {
	prev := DefaultSettings()
	prev.APIVersion, prev.EnterpriseHost = "2022-11-28", "ghe.example.com"
	prev.LiveLookups.Enabled, prev.LiveLookups.TimeoutMs = false, 1234
	s, errs := parse(t, `{"liveLookups": "off", "apiVersion": "2022-11-28"}`, prev)
	if s.LiveLookups != prev.LiveLookups || !strings.Contains(errs, "ghpat.liveLookups: not an object") {
		t.Errorf("liveLookups %+v errors %q, want %+v kept", s.LiveLookups, errs, prev.LiveLookups)
	}
	if _, errs := parse(t, `{"trace": "verbose"}`, prev); !strings.Contains(errs, "ghpat.trace: not an object") {
		t.Errorf("trace: %q", errs)
	}
}
