package scan

import (
	"fmt"
	"strings"
	"testing"
)

// gitQuote is git's quote_c_style with core.quotePath=false: the control
// characters, '"' and '\\' are escaped, bytes of 0x80 and above are kept.
func gitQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 7:
			b.WriteString(`\a`)
		case 8:
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case 11:
			b.WriteString(`\v`)
		case 12:
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FuzzGitUnquote: every path git can quote comes back byte for byte, in a
// patch header too.
func FuzzGitUnquote(f *testing.F) {
	for _, s := range []string{"plain", "we\xffird\tname", "a\"b\\c", "\x01\x7f\n", "é😀", "b/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if strings.IndexByte(path, 0) >= 0 {
			return // git paths hold no NUL
		}
		q := gitQuote(path)
		got, rest, err := gitUnquote(q + "\tafter")
		if err != nil || got != path || rest != "\tafter" {
			t.Fatalf("gitUnquote(%q) = %q, %q, %v; want %q", q, got, rest, err, path)
		}
		if p, err := patchPath(gitQuote("b/"+path), "b/"); err != nil || p != path {
			t.Fatalf("patchPath(%q) = %q, %v", gitQuote("b/"+path), p, err)
		}
		// Arbitrary text never panics.
		gitUnquote(`"` + path)
	})
}

// FuzzGitOutput feeds arbitrary bytes to every parser of git's output:
// none may panic, and what they return is consistent with the input.
func FuzzGitOutput(f *testing.F) {
	f.Add([]byte(":100644 100644 aaaa bbbb M\x00a.txt\x00:120000 100644 cccc dddd T\x00link\x00"))
	f.Add([]byte(":000000 100644 0000 eeee A\x00we\xffird\tname\x00:100644 100644 1111 2222 R100\x00old\x00new\x00"))
	f.Add([]byte("100644 78981922613b2afb6025042ff6bd878ac1994e85 1\tf\x00100644 f2ad 2\tf\x00"))
	f.Add([]byte("abcd blob 12\n"))
	f.Add([]byte("abcd missing\n"))
	f.Add([]byte("--- a/x\n+++ b/x\n@@ -1,0 +2,2 @@\n++++ b/not-a-file\n+two\n@@ -5 +7 @@\n-old\n+new\n+++ \"b/q\\\"uote\"\n@@ -0,0 +1 @@\n+z\n\\ No newline at end of file\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if recs, err := parseRawDiff(data); err == nil {
			for _, r := range recs {
				if r.path == "" || strings.IndexByte(r.path, 0) >= 0 {
					t.Fatalf("record with path %q", r.path)
				}
			}
		}
		if es, err := parseUnmerged(data); err == nil {
			for _, e := range es {
				if e.path == "" || strings.IndexByte(e.path, 0) >= 0 {
					t.Fatalf("unmerged entry with path %q", e.path)
				}
			}
		}
		for _, line := range strings.Split(string(data), "\n") {
			if typ, size, err := catFileHeader(line); err == nil && (typ == "" || size < 0) {
				t.Fatalf("catFileHeader(%q) = %q, %d", line, typ, size)
			}
		}
		if added, err := parseAddedLines(data); err == nil {
			n := 0
			for _, lines := range added {
				n += len(lines)
			}
			if n > strings.Count(string(data), "\n")+1 {
				t.Fatalf("%d added lines from %d lines of diff", n, strings.Count(string(data), "\n")+1)
			}
		}
	})
}
