package analysis

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/viper"
	gitleaks "github.com/zricethezav/gitleaks/v8/config"
)

// GitleaksRuleIDs are the gitleaks default-config rules ghpat-ls adopts. Only
// these are compiled: the other ~200 rules are not GitHub's business.
// rules.go marks them (Rule.Gitleaks).
var GitleaksRuleIDs = func() []string {
	var ids []string
	for _, r := range rules {
		if r.Gitleaks {
			ids = append(ids, r.ID)
		}
	}
	return ids
}()

var (
	gitleaksOnce  sync.Once
	gitleaksRules map[string]gitleaks.Rule
	gitleaksCfg   gitleaks.Config // the whole translated config (tests run gitleaks' detector on it)
	gitleaksErr   error
)

// githubRules returns gitleaks' own GitHub rules, parsed from its embedded
// default configuration and compiled once per process.
func githubRules() (map[string]gitleaks.Rule, error) {
	gitleaksOnce.Do(func() {
		gitleaksCfg, gitleaksErr = loadGitleaksRules(gitleaks.DefaultConfig)
		gitleaksRules = gitleaksCfg.Rules
	})
	return gitleaksRules, gitleaksErr
}

// loadGitleaksRules parses a gitleaks TOML configuration with a private
// viper instance (the library's default constructor uses the global one)
// and keeps the GitleaksRuleIDs, every one of which must be there.
func loadGitleaksRules(toml string) (gitleaks.Config, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(onlyRules(toml, GitleaksRuleIDs))); err != nil {
		return gitleaks.Config{}, fmt.Errorf("gitleaks default config: %w", err)
	}
	var vc gitleaks.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return gitleaks.Config{}, fmt.Errorf("gitleaks default config: %w", err)
	}
	keep := vc.Rules[:0]
	for _, r := range vc.Rules {
		for _, id := range GitleaksRuleIDs {
			if r.ID == id {
				keep = append(keep, r)
			}
		}
	}
	vc.Rules = keep
	cfg, err := vc.Translate()
	if err != nil {
		return gitleaks.Config{}, fmt.Errorf("gitleaks default config: %w", err)
	}
	for _, id := range GitleaksRuleIDs {
		if _, ok := cfg.Rules[id]; !ok {
			return gitleaks.Config{}, fmt.Errorf("gitleaks default config has no rule %q", id)
		}
	}
	return cfg, nil
}

// onlyRules drops from a gitleaks TOML configuration the [[rules]] blocks
// (each up to the next "[[rules]]" line, its [[rules.allowlists]] with it)
// whose id is not in ids, and keeps everything before the first rule (the
// global allowlist). Decoding the ~220 rules through viper was most of a
// scan's start-up, for the few kept; TestOnlyRulesKeepsTheRules checks the
// result is the same as decoding them all.
func onlyRules(toml string, ids []string) string {
	const start = "[[rules]]"
	blocks := strings.SplitAfter(toml, "\n")
	var b strings.Builder
	keep := true
	for i := 0; i < len(blocks); i++ {
		line := blocks[i]
		if strings.TrimSpace(line) == start {
			keep = ruleBlockWanted(blocks[i+1:], start, ids)
		}
		if keep {
			b.WriteString(line)
		}
	}
	return b.String()
}

// ruleBlockWanted reads the id of the rule whose lines follow (up to the
// next start line); a block without a readable id is kept.
func ruleBlockWanted(lines []string, start string, ids []string) bool {
	for _, line := range lines {
		t := strings.TrimSpace(line)
		if t == start {
			break
		}
		if rest, ok := strings.CutPrefix(t, "id"); ok {
			rest = strings.TrimSpace(rest)
			if rest, ok = strings.CutPrefix(rest, "="); ok {
				id, err := strconv.Unquote(strings.TrimSpace(rest))
				if err != nil {
					return true
				}
				return slices.Contains(ids, id)
			}
		}
	}
	return true
}

// RulesError reports a failure to load gitleaks' embedded rules. Without
// them no token can be found, so the server refuses to initialize and a
// scan exits 2 instead of reporting a clean result.
func RulesError() error {
	_, err := githubRules()
	return err
}
