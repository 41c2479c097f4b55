package scan

import (
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// TestTextReportEndsWithWhatToDo: a report that found a real-looking token
// ends with the remedies (rotate, environment variable, or how to mark a
// false positive); one with only placeholders does not.
func TestTextReportEndsWithWhatToDo(t *testing.T) {
	dir := t.TempDir()
	a := tok(ghtoken.ClassicPAT, 47)
	write(t, dir, "real.py", "x = \""+a+"\"\n")
	write(t, dir, "docs.md", "use ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")
	text := func(rep *Report) string {
		var b strings.Builder
		if err := WriteText(&b, rep, false); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := text(run(t, Options{Dir: dir}))
	i := strings.Index(out, "\nWhat to do: ")
	if i < 0 || !strings.Contains(out[:i], "ghpat-ls: 2 findings") {
		t.Fatalf("the advice does not follow the summary:\n%s", out)
	}
	for _, want := range []string{"rotate", "environment variable", "gitleaks:allow", "sha256:", ".gitleaksignore", "docs/scan.md"} {
		if !strings.Contains(out[i:], want) {
			t.Errorf("advice lacks %q:\n%s", want, out[i:])
		}
	}
	placeholders := text(run(t, Options{Dir: dir, Paths: []string{"docs.md"}}))
	if strings.Contains(placeholders, "What to do") || !strings.Contains(placeholders, "1 finding (1 hint)") {
		t.Errorf("a placeholder-only report:\n%s", placeholders)
	}
}
