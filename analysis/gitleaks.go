package analysis

import (
	"fmt"
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
	if err := v.ReadConfig(strings.NewReader(toml)); err != nil {
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

// RulesError reports a failure to load gitleaks' embedded rules. Without
// them no token can be found, so the server refuses to initialize and a
// scan exits 2 instead of reporting a clean result.
func RulesError() error {
	_, err := githubRules()
	return err
}
