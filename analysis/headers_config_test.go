package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

const pinSrc = "curl -H \"Authorization: Bearer $GITHUB_TOKEN\" https://api.github.com/user\n"

func pinFixTitles(t *testing.T, cfg *Config) []string {
	t.Helper()
	var titles []string
	for _, f := range Analyze("a.sh", "", []byte(pinSrc), cfg) {
		if f.RuleID == RuleUnpinnedVersion {
			for _, fix := range f.Fixes {
				titles = append(titles, fix.Title)
			}
		}
	}
	return titles
}

func TestUnpinnedFixesFollowConfig(t *testing.T) {
	cases := []struct {
		name string
		cfg  *Config
		want []string
	}{
		{"default", nil, []string{
			"Pin X-GitHub-Api-Version: 2022-11-28 (keeps today's behaviour)",
			"Pin X-GitHub-Api-Version: 2026-03-10 (no breaking change touches this call)",
		}},
		{"configured latest", &Config{APIVersion: "2027-06-01"}, []string{
			"Pin X-GitHub-Api-Version: 2022-11-28 (keeps today's behaviour)",
			"Pin X-GitHub-Api-Version: 2027-06-01 (review the breaking changes)",
		}},
		{"configured default only", &Config{APIVersion: ghhost.DefaultAPIVersion}, []string{
			"Pin X-GitHub-Api-Version: 2022-11-28 (keeps today's behaviour)",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := pinFixTitles(t, tc.cfg); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("fixes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A configured APIVersion counts as published: pinning it is not an error.
func TestConfiguredVersionIsKnown(t *testing.T) {
	src := []byte(`curl -H "X-GitHub-Api-Version: 2027-06-01" -H "Accept: application/vnd.github+json" https://api.github.com/user`)
	if n := countRule(Analyze("a.sh", "", src, nil), RuleUnknownVersion); n != 1 {
		t.Fatalf("default config: %d unknown-version findings, want 1", n)
	}
	if n := countRule(Analyze("a.sh", "", src, &Config{APIVersion: "2027-06-01"}), RuleUnknownVersion); n != 0 {
		t.Fatalf("with APIVersion set: %d unknown-version findings, want 0", n)
	}
}

func TestEnterpriseHostNeedsConfig(t *testing.T) {
	src := []byte("curl -H \"Authorization: token $GHE_TOKEN\" https://ghe.corp.example/api/v3/user\n")
	if got := headerFindings(Analyze("a.sh", "", src, nil)); len(got) != 0 {
		t.Fatalf("unconfigured host: %d header findings, want 0", len(got))
	}
	for _, host := range []string{"ghe.corp.example", "https://ghe.corp.example/", "GHE.corp.example/api/v3"} {
		got := headerFindings(Analyze("a.sh", "", src, &Config{EnterpriseHosts: []string{host}}))
		var rules []string
		for _, f := range got {
			rules = append(rules, f.RuleID)
		}
		want := []string{RuleLegacyAuthScheme, RuleUnpinnedVersion, RuleMissingAccept}
		if strings.Join(rules, " ") != strings.Join(want, " ") {
			t.Errorf("host %q: rules %v, want %v", host, rules, want)
		}
	}
}

func TestHeaderRulesDisableAndSeverity(t *testing.T) {
	src := []byte("curl -H \"Authorization: token $GITHUB_TOKEN\" https://api.github.com/user\n")
	cfg := &Config{
		Disabled: map[string]bool{RuleMissingAccept: true},
		Severity: map[string]Severity{RuleUnpinnedVersion: SeverityHint, RuleLegacyAuthScheme: SeverityError},
	}
	got := headerFindings(Analyze("a.sh", "", src, cfg))
	var have []string
	for _, f := range got {
		have = append(have, f.RuleID+":"+f.Severity.String())
	}
	want := RuleLegacyAuthScheme + ":error " + RuleUnpinnedVersion + ":hint"
	if strings.Join(have, " ") != want {
		t.Fatalf("got %v, want %s", have, want)
	}
	all := &Config{Disabled: map[string]bool{}}
	for _, id := range HeaderRuleIDs {
		all.Disabled[id] = true
	}
	if got := headerFindings(Analyze("a.sh", "", src, all)); len(got) != 0 {
		t.Fatalf("all header rules disabled: %d findings", len(got))
	}
}

// TestPinFixIsHonest: the target version is offered only when no line
// depends on one of its changes; otherwise 2022-11-28 names what to change.
func TestPinFixIsHonest(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"a line depends", "ISSUE=$(curl -H \"Authorization: Bearer $T\" https://api.github.com/repos/o/r/issues/1)\necho \"$ISSUE\" | jq .assignee\n", []string{
			"Pin X-GitHub-Api-Version: 2022-11-28 (keeps today's behaviour; before 2026-03-10 change: reads assignee, line 2)",
		}},
		{"route touched, nothing used", "curl -H \"Authorization: Bearer $T\" https://api.github.com/repos/o/r/issues/1 | jq .title\n", []string{
			"Pin X-GitHub-Api-Version: 2022-11-28 (keeps today's behaviour)",
			"Pin X-GitHub-Api-Version: 2026-03-10 (no line here depends on its 4 changes to this route; review them)",
		}},
	}
	for _, c := range cases {
		var got []string
		for _, f := range Analyze("a.sh", "", []byte(c.src), nil) {
			if f.RuleID == RuleUnpinnedVersion {
				for _, fx := range f.Fixes {
					got = append(got, fx.Title)
				}
			}
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
