package scan

import (
	"bufio"
	"strings"
	"testing"
)

// FuzzHistoryGitOutput feeds arbitrary bytes to the parsers of the git
// output the history scan reads (diff-tree --raw -z, cat-file
// --batch-check, commit objects): they must return an error or a result,
// never panic or loop.
func FuzzHistoryGitOutput(f *testing.F) {
	oid := strings.Repeat("a", 40)
	f.Add(oid + "\x00:000000 100644 " + strings.Repeat("0", 40) + " " + oid + " A\x00we\nird\x00")
	f.Add(oid + " blob 12 path/x\n" + oid + " missing\n")
	f.Add("tree x\nauthor N <e> 1700000000 +0130\n\nsubject\nbody")
	f.Add(":100644 100644 x y M\x00")
	f.Fuzz(func(t *testing.T, data string) {
		rd := &diffReader{r: bufio.NewReader(strings.NewReader(data))}
		for range 3 {
			if _, err := rd.next(oid, func(filePair) bool { return true }); err != nil {
				break
			}
		}
		_, _ = readBatchCheck(bufio.NewReader(strings.NewReader(data)))
		m := parseCommit(bufio.NewReaderSize(strings.NewReader(data), 16))
		_ = m
		_, _, _ = parseIdent(data)
		_ = blobSide(data, data)
	})
}
