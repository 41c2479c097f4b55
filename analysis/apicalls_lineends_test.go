package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAPICallsWhateverTheLineEnds: the call finder reads lines with the
// one line model, so every fixture file finds the same calls, on the same
// lines and columns, with \n, \r\n or lone \r line ends (issue 20: it
// split lines at \n only).
func TestAPICallsWhateverTheLineEnds(t *testing.T) {
	root := filepath.Join("..", "testdata", "permissions", "workspace")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lang := DetectLanguage(e.Name(), "")
		lf := strings.ReplaceAll(string(data), "\r\n", "\n")
		want := callPlaces(lang, lf)
		for name, nl := range map[string]string{"crlf": "\r\n", "cr": "\r"} {
			got := callPlaces(lang, strings.ReplaceAll(lf, "\n", nl))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s with %s line ends:\n%s\nwith \\n:\n%s", e.Name(), name, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// callPlaces lists each call as line:column method path.
func callPlaces(lang Lang, text string) []string {
	lines := NewLineIndex([]byte(text))
	var out []string
	for _, c := range FindAPICalls(lang, []byte(text), []string{"ghe.example.com"}) {
		l, col := lines.Position(c.Range.Start)
		out = append(out, fmt.Sprintf("%d:%d %s %s", l+1, col+1, c.Method, c.Path))
	}
	return out
}
