package analysis

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestTokenMessagesAreOneShortSentence: a token diagnostic is read in one
// glance (issue 14): at most 100 characters, whatever the kind or verdict;
// the advice is the rule's Help.
func TestTokenMessagesAreOneShortSentence(t *testing.T) {
	var texts []string
	for i, k := range []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer,
		ghtoken.ServerToServer, ghtoken.Refresh, ghtoken.StatelessInstall} {
		tok := ghtoken.Generate(k, uint64(40+i))
		broken := tok[:len(tok)-1] + string("AB"[bool2int(tok[len(tok)-1] == 'A')])
		texts = append(texts, tok, broken, tok[:len(tok)-3]+"XYZ12")
	}
	texts = append(texts, "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "github_pat_11AAAAAAAAAAAAAAAAAAAAAA_"+strings.Repeat("x", 59))
	n := 0
	for _, text := range texts {
		for _, f := range Analyze("a.txt", "", []byte("token = "+text+"\n"), nil) {
			n++
			if l := len([]rune(f.Message)); l > 100 || strings.Count(f.Message, ". ") > 0 {
				t.Errorf("%s: %d-character message %q, want one sentence of at most 100", f.RuleID, l, f.Message)
			}
			if r, ok := RuleByID(f.RuleID); !ok || r.Kind != KindToken {
				t.Errorf("%s: not a token rule of the registry", f.RuleID)
			}
		}
	}
	if n < len(texts)-2 {
		t.Errorf("only %d findings in %d texts", n, len(texts))
	}
}
