package lsp

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// The logger is the one place for the log: what a caller passes in from
// outside is scrubbed, and cannot forge a line or reach the terminal as
// an escape sequence.
func TestLoggerScrubsAndNeutralisesInput(t *testing.T) {
	var out bytes.Buffer
	l := NewLogger(&out, LevelDebug)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 91)
	uri := "untitled:" + strings.ReplaceAll(tok, "_", "%5F") + "\n00:00:00.000 ERROR forged\r\x1b]52;c;aGk=\x07"
	l.Infof("opened %s", uri)
	l.Errorf("panic: %v\n%s", "boom", "goroutine 1 [running]:\nmain.main()")
	got := out.String()
	if strings.Contains(got, tok[4:]) || !strings.Contains(got, "ghp_"+tok[4:7]+"…") {
		t.Errorf("the token is not redacted: %q", ghtoken.RedactAll(got))
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	for _, line := range lines {
		if strings.Contains(line, "ERROR forged") && !strings.HasPrefix(line, "\t") {
			t.Errorf("a forged line starts a log line: %q", line)
		}
		if strings.ContainsAny(line, "\r\x1b\x07") {
			t.Errorf("a control character reached the log: %q", line)
		}
	}
	if !strings.Contains(got, "\n\tgoroutine 1 [running]:\n\tmain.main()") {
		t.Errorf("a multi-line message lost its lines: %q", got)
	}
}
