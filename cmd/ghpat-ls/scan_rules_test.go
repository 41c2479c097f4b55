package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestScanExits2WhenRulesDoNotLoad: a scan that cannot look for tokens must
// not report a clean tree (exit 0); it exits 2 and says why.
func TestScanExits2WhenRulesDoNotLoad(t *testing.T) {
	real := rulesError
	rulesError = func() error { return errors.New("gitleaks default config has no rule \"github-pat\"") }
	defer func() { rulesError = real }()
	dir := t.TempDir()
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 3)
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte("t = \""+tok+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := runScan([]string{dir}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "rules failed to load") {
		t.Errorf("exit %d, stderr %q; want 2 naming the rules", code, stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), tok) {
		t.Error("the token was printed")
	}
}

// TestScanDisableUnknownRuleNamesTheKnownOnes: --disable and the editor's
// settings share one check (analysis.CheckRuleID).
func TestScanDisableUnknownRuleNamesTheKnownOnes(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := runScan([]string{"--disable", "github-patt", t.TempDir()}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), `--disable: unknown rule id "github-patt" (known: github-pat,`) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
