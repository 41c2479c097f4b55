package analysis

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// maxHeaderMessage is how long a header diagnostic may be: one sentence a
// person reads at a glance; the explanation is in docs/rules.md, reached
// through the diagnostic's rule link.
const maxHeaderMessage = 110

// TestHeaderMessagesAreOneShortSentence checks every header finding of the
// fixtures and snippets.
func TestHeaderMessagesAreOneShortSentence(t *testing.T) {
	check := func(where string, fs []Finding) {
		for _, f := range headerFindings(fs) {
			n := utf8.RuneCountInString(f.Message)
			if n > maxHeaderMessage || strings.Count(strings.TrimSuffix(f.Message, "."), ". ") > 0 {
				t.Errorf("%s: %s message is %d characters or more than one sentence: %q", where, f.RuleID, n, f.Message)
			}
		}
	}
	for _, c := range snippetCases {
		check(c.name, Analyze(c.path, "", []byte(c.src), headerCfg()))
	}
	for _, fx := range headerFixtures {
		path := filepath.Join("..", "testdata", "headers", fx.file)
		text, _ := fixture.Load(t, path, 7)
		check(fx.file, Analyze(path, "", text, headerCfg()))
	}
}
