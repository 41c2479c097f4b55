package scan

import (
	"bufio"
	"io"
	"strings"
	"testing"
)

// The object hash is git's: the ids below are `git hash-object` of
// "hello\n" in a SHA-1 and a SHA-256 repository.
func TestObjectCheck(t *testing.T) {
	for _, oid := range []string{
		"ce013625030ba8dba906f756967f9e9ca394464a",
		"2cf8d83d9ee29543b34a87727421fdecb7e3f3a183d337639025de576db9ebb4",
	} {
		c, err := newObjectCheck(oid, "blob", 6)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, c.reader(strings.NewReader("hello\n")))
		if err := c.verify(""); err != nil {
			t.Errorf("%s: %v", oid, err)
		}
		c, _ = newObjectCheck(oid, "blob", 6)
		io.Copy(io.Discard, c.reader(strings.NewReader("hellO\n")))
		if err := c.verify(" (a.txt)"); err == nil || !strings.Contains(err.Error(), oid+" (a.txt) is corrupt") {
			t.Errorf("%s: other content: %v", oid, err)
		}
	}
	if _, err := newObjectCheck("abc", "blob", 1); err == nil {
		t.Error("a short id was accepted")
	}
}

// parseCommit keeps at most metaLineLimit bytes of the author line and
// the subject, whatever their length, and never half a word.
func TestParseCommitBounded(t *testing.T) {
	long := strings.Repeat("w", 3*metaLineLimit)
	for _, c := range []struct {
		raw, author, subject string
	}{
		{"tree t\nauthor A B <a@b> 1700000000 +0100\n\nsubject\nbody", "A B", "subject"},
		{"tree t\nauthor A <a@b> 1 +0000\n\n" + strings.Repeat("a ", 10) + long + "\n", "A", strings.Repeat("a ", 10) + "…"},
		{"tree t\nauthor " + long + " <a@b> 1 +0000\n\nx", "…", "x"},
		{"tree t\nauthor A <a@b> 1 +0000", "A", ""}, // no message
	} {
		m := parseCommit(bufio.NewReaderSize(strings.NewReader(c.raw), 16))
		if m.author != c.author || m.subject != c.subject {
			t.Errorf("%.40q: author %.40q subject %.40q; want %.40q, %.40q", c.raw, m.author, m.subject, c.author, c.subject)
		}
	}
}
