package scan

import (
	"fmt"
	"strings"
)

// historyIgnore holds .gitleaksignore entries for a history scan. Unlike
// the file scanner, which ignores the commit of "commit:file:rule-id:line"
// (its content belongs to no commit yet), here the commit counts: such an
// entry silences that one introduction only. An entry without a commit
// ("file:rule-id:line") matches that file and line in every commit, as in
// gitleaks; a "sha256:" entry matches its token wherever and whenever it
// was committed.
type historyIgnore map[string]bool

func loadHistoryIgnore(path, root string) (historyIgnore, error) {
	set := historyIgnore{}
	found, err := readIgnoreFile(path, root, set.add)
	if !found {
		return nil, err
	}
	return set, err
}

// add records one entry, "commit:file:rule-id:line" or "file:rule-id:line".
func (s historyIgnore) add(entry string) {
	commit := ""
	if c, rest, ok := strings.Cut(entry, ":"); ok && isHex(c) && (len(c) == 40 || len(c) == 64) {
		commit, entry = c+":", rest
	}
	for _, k := range ignoreKeys(commit, entry) {
		s[k] = true
	}
}

func (s historyIgnore) match(f Finding) bool {
	if s == nil {
		return false
	}
	plain := fmt.Sprintf("%s:%s:%d", f.File, f.RuleID, f.Line)
	return s[plain] || (f.Commit != nil && s[f.Commit.SHA+":"+plain]) || s[tokenKey(f)]
}
