package scan

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// historyIgnore holds .gitleaksignore entries for a history scan. Unlike
// the file scanner, which ignores the commit of "commit:file:rule-id:line"
// (its content belongs to no commit yet), here the commit counts: such an
// entry silences that one introduction only. An entry without a commit
// ("file:rule-id:line") matches that file and line in every commit, as in
// gitleaks.
type historyIgnore map[string]bool

func loadHistoryIgnore(path, root string) (historyIgnore, error) {
	explicit := path != ""
	switch path {
	case "-":
		return nil, nil
	case "":
		path = filepath.Join(root, ".gitleaksignore")
	}
	f, err := os.Open(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	defer f.Close()
	set := historyIgnore{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		set.add(strings.TrimSpace(sc.Text()))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return set, nil
}

// add records one entry; comments and lines that do not parse are
// skipped, as gitleaks does.
func (s historyIgnore) add(entry string) {
	if entry == "" || strings.HasPrefix(entry, "#") {
		return
	}
	commit := ""
	if c, rest, ok := strings.Cut(entry, ":"); ok && isHex(c) && (len(c) == 40 || len(c) == 64) {
		commit, entry = c+":", rest
	}
	file, rule, n, ok := parseIgnoreEntry(entry)
	if !ok {
		return
	}
	rules := gitleaksAliases[rule]
	if rules == nil {
		rules = []string{rule}
	}
	for _, r := range rules {
		s[fmt.Sprintf("%s%s:%s:%d", commit, file, r, n)] = true
	}
}

func (s historyIgnore) match(f Finding) bool {
	if s == nil {
		return false
	}
	plain := fmt.Sprintf("%s:%s:%d", f.File, f.RuleID, f.Line)
	return s[plain] || (f.Commit != nil && s[f.Commit.SHA+":"+plain])
}
