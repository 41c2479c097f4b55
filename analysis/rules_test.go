package analysis

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/viper"
	gitleaks "github.com/zricethezav/gitleaks/v8/config"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestRulesDocumented: every registry id has its section in docs/rules.md
// (a heading that is the id, so the anchor HelpURL links to exists), and
// every such section names a rule in the registry.
func TestRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("(?m)^#{2,4} `([a-z0-9-]+)`\\s*$")
	var sections []string
	for _, m := range heading.FindAllSubmatch(doc, -1) {
		sections = append(sections, string(m[1]))
	}
	for _, r := range Rules() {
		if !slices.Contains(sections, r.ID) {
			t.Errorf("docs/rules.md has no section \"### `%s`\" (anchor #%s)", r.ID, r.ID)
		}
	}
	for _, id := range sections {
		if _, ok := RuleByID(id); !ok {
			t.Errorf("docs/rules.md has a section for %q, which is not in the rule registry", id)
		}
	}
}

func TestRuleRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Summary == "" || strings.Contains(r.Summary, "\n") || r.Help == "" {
			t.Errorf("rule %s: want a one-line summary and a help text", r.ID)
		}
		if r.DefaultSeverity < SeverityError || r.DefaultSeverity > SeverityHint {
			t.Errorf("rule %s: default severity %d", r.ID, r.DefaultSeverity)
		}
		if r.SecuritySeverity == "" || len(r.Tags) == 0 {
			t.Errorf("rule %s: no SARIF security-severity or tags", r.ID)
		}
		if got := HelpURL(r.ID); !strings.HasSuffix(got, "docs/rules.md#"+r.ID) {
			t.Errorf("HelpURL(%s) = %s", r.ID, got)
		}
	}
	// The gitleaks ids are token rules in the registry: results agree with gitleaks.
	for _, id := range GitleaksRuleIDs {
		if r, ok := RuleByID(id); !ok || r.Kind != KindToken {
			t.Errorf("gitleaks rule %s: registry has %+v", id, r)
		}
	}
	for _, id := range []string{RuleStatelessInstall, RuleTokenInPath, RuleTokenExpiring, RuleTokenExpired, RuleTokenRejected} {
		if _, ok := RuleByID(id); !ok {
			t.Errorf("%s not in the registry", id)
		}
	}
	if got := strings.Join(HeaderRuleIDs, ","); got != "github-auth-legacy-scheme,github-auth-malformed,github-api-version-unpinned,github-api-accept-missing,github-api-version-unknown" {
		t.Errorf("HeaderRuleIDs = %s", got)
	}
}

func TestCheckRuleID(t *testing.T) {
	if err := CheckRuleID(RuleClassicPAT); err != nil {
		t.Errorf("known id: %v", err)
	}
	err := CheckRuleID("github-patt")
	if err == nil || !strings.Contains(err.Error(), `unknown rule id "github-patt"`) || !strings.Contains(err.Error(), RuleTokenRejected) {
		t.Errorf("unknown id: %v", err)
	}
}

// TestGitleaksRulesLoadOrFailLoudly: the embedded config loads, and a
// config that lacks one of the adopted rules (or does not parse) is an
// error, not an empty rule set.
func TestGitleaksRulesLoadOrFailLoudly(t *testing.T) {
	if err := RulesError(); err != nil {
		t.Fatalf("embedded gitleaks rules: %v", err)
	}
	if _, err := loadGitleaksRules("not = [toml"); err == nil {
		t.Error("broken TOML loaded")
	}
	only := "[[rules]]\nid = \"github-pat\"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\n"
	if _, err := loadGitleaksRules(only); err == nil || !strings.Contains(err.Error(), "github-fine-grained-pat") {
		t.Errorf("config without github-fine-grained-pat: %v", err)
	}
}

// A rule id is user input: a token typed into it is not echoed.
func TestCheckRuleIDRedacts(t *testing.T) {
	tok := "ghp_" + strings.Repeat("a", 36)
	if err := CheckRuleID(tok); err == nil || strings.Contains(err.Error(), tok) {
		t.Errorf("error %v shows the token", err)
	}
}

// TestOnlyRulesKeepsTheRules: decoding only the adopted rules' blocks of
// gitleaks' configuration gives the same rules and global allowlist as
// decoding all of it.
func TestOnlyRulesKeepsTheRules(t *testing.T) {
	decode := func(toml string) gitleaks.ViperConfig {
		v := viper.New()
		v.SetConfigType("toml")
		if err := v.ReadConfig(strings.NewReader(toml)); err != nil {
			t.Fatal(err)
		}
		var vc gitleaks.ViperConfig
		if err := v.Unmarshal(&vc); err != nil {
			t.Fatal(err)
		}
		return vc
	}
	all := decode(gitleaks.DefaultConfig)
	some := decode(onlyRules(gitleaks.DefaultConfig, GitleaksRuleIDs))
	var want []any
	for _, r := range all.Rules {
		if slices.Contains(GitleaksRuleIDs, r.ID) {
			want = append(want, r)
		}
	}
	var got []any
	for _, r := range some.Rules {
		got = append(got, r)
	}
	if !reflect.DeepEqual(got, want) || len(got) != len(GitleaksRuleIDs) {
		t.Errorf("rules kept differ: %d of %d\n got %+v\nwant %+v", len(got), len(GitleaksRuleIDs), got, want)
	}
	all.Rules, some.Rules = nil, nil
	if !reflect.DeepEqual(all, some) {
		t.Errorf("the rest of the configuration differs:\n got %+v\nwant %+v", some, all)
	}
}

// TestEveryKindHasOneRule: which rule finds which kind lives in the
// registry (Rule.TokenKinds): every kind of ghtoken's table is found by
// exactly one token rule, and only token rules name kinds.
func TestEveryKindHasOneRule(t *testing.T) {
	finders := map[ghtoken.Kind][]string{}
	for _, r := range Rules() {
		if len(r.TokenKinds) > 0 && r.Kind != KindToken {
			t.Errorf("%s: a %v rule names token kinds", r.ID, r.Kind)
		}
		for _, k := range r.TokenKinds {
			finders[k] = append(finders[k], r.ID)
		}
	}
	for _, tr := range ghtoken.Kinds() {
		if len(finders[tr.Kind]) != 1 {
			t.Errorf("%s is found by %v, want one rule", tr.Name, finders[tr.Kind])
		}
	}
}
