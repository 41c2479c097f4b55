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
var GitleaksRuleIDs = []string{RuleClassicPAT, RuleFineGrainedPAT, RuleOAuth, RuleAppToken, RuleRefreshToken}

var (
	gitleaksOnce  sync.Once
	gitleaksRules map[string]gitleaks.Rule
	gitleaksCfg   gitleaks.Config
	gitleaksErr   error
)

// githubRules returns gitleaks' own GitHub rules, parsed from its embedded
// default configuration with a private viper instance (the library's default
// constructor uses the global one) and compiled once per process.
func githubRules() (map[string]gitleaks.Rule, error) {
	gitleaksOnce.Do(func() {
		v := viper.New()
		v.SetConfigType("toml")
		if err := v.ReadConfig(strings.NewReader(gitleaks.DefaultConfig)); err != nil {
			gitleaksErr = fmt.Errorf("gitleaks default config: %w", err)
			return
		}
		var vc gitleaks.ViperConfig
		if err := v.Unmarshal(&vc); err != nil {
			gitleaksErr = fmt.Errorf("gitleaks default config: %w", err)
			return
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
			gitleaksErr = fmt.Errorf("gitleaks default config: %w", err)
			return
		}
		gitleaksCfg, gitleaksRules = cfg, cfg.Rules
		for _, id := range GitleaksRuleIDs {
			if _, ok := gitleaksRules[id]; !ok {
				gitleaksErr = fmt.Errorf("gitleaks default config has no rule %q", id)
			}
		}
	})
	return gitleaksRules, gitleaksErr
}
