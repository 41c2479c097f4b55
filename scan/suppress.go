package scan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// ignoreSet holds .gitleaksignore fingerprints as "file:rule-id:line",
// and the tokens it names as "sha256:<hex>".
type ignoreSet map[string]bool

// tokenKey is the key a "sha256:" entry matches a token finding by ("" for
// a finding that is not about a token).
func tokenKey(f Finding) string {
	if f.Token == nil || f.Token.Fingerprint == "" {
		return ""
	}
	return analysis.TokenIgnorePrefix + f.Token.Fingerprint
}

// gitleaksAliases maps a rule id gitleaks may write in a .gitleaksignore
// entry to the ghpat-ls rules it covers. The token rules share gitleaks'
// ids; gitleaks reports the first 40 characters of a stateless
// installation token as github-app-token.
var gitleaksAliases = map[string][]string{
	analysis.RuleAppToken: {analysis.RuleAppToken, analysis.RuleStatelessInstall},
}

// loadIgnore reads a .gitleaksignore. Entries are "file:rule-id:line",
// "commit:file:rule-id:line" or "sha256:<hex>"; '#' starts a comment. The commit of the
// second form is not checked: ghpat-ls scans the current content, which
// belongs to no commit yet.
func loadIgnore(path, root string) (ignoreSet, error) {
	set := ignoreSet{}
	found, err := readIgnoreFile(path, root, func(entry string) {
		for _, k := range ignoreKeys("", entry) {
			set[k] = true
		}
	})
	if !found {
		return nil, err
	}
	return set, err
}

// readIgnoreFile calls each with every entry of a .gitleaksignore, blank
// lines and '#' comments skipped. path "" is root's .gitleaksignore, which
// may be absent (found is false); "-" is none; any other path must exist.
func readIgnoreFile(path, root string, each func(entry string)) (found bool, err error) {
	explicit := path != ""
	switch path {
	case "-":
		return false, nil
	case "":
		path = filepath.Join(root, ".gitleaksignore")
	}
	f, err := os.Open(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, err
	}
	defer f.Close()
	if err := analysis.EachIgnoreEntry(f, each); err != nil {
		return true, fmt.Errorf("%s: %w", path, err)
	}
	return true, nil
}

// ignoreKeys are the set keys of one "file:rule-id:line" entry, one per
// ghpat-ls rule its rule id covers, each after prefix, or the one key of a
// "sha256:" entry. An entry that does not parse has none: gitleaks skips
// what it cannot parse too.
func ignoreKeys(prefix, entry string) []string {
	if k := analysis.TokenIgnoreKey(entry); k != "" {
		return []string{k}
	}
	file, rule, n, ok := parseIgnoreEntry(entry)
	if !ok {
		return nil
	}
	rules := gitleaksAliases[rule]
	if rules == nil {
		rules = []string{rule}
	}
	keys := make([]string, len(rules))
	for i, r := range rules {
		keys[i] = fmt.Sprintf("%s%s:%s:%d", prefix, file, r, n)
	}
	return keys
}

// parseIgnoreEntry splits from the right, because file names may hold ':'.
func parseIgnoreEntry(s string) (file, rule string, line int, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return "", "", 0, false
	}
	j := strings.LastIndexByte(s[:i], ':')
	if j < 0 {
		return "", "", 0, false
	}
	file, rule = s[:j], s[j+1:i]
	if c, rest, found := strings.Cut(file, ":"); found && isHex(c) && (len(c) == 40 || len(c) == 64) {
		file = rest
	}
	file = strings.TrimPrefix(filepath.ToSlash(file), "./")
	return file, rule, n, file != "" && rule != ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func (s ignoreSet) match(f Finding) bool {
	return s != nil && (s[f.Fingerprint] || s[tokenKey(f)])
}

// Baseline is the set of findings of an earlier JSON report. A token
// finding matches by file, rule and token fingerprint, so it stays matched
// when lines move; other findings match by their file:rule:line fingerprint.
type Baseline struct {
	keys map[string]bool
}

// LoadBaseline reads a JSON report written by `ghpat-ls scan --format json`.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("baseline %s: not a ghpat-ls JSON report: %v", path, err)
	}
	if rep.Version != ReportVersion {
		return nil, fmt.Errorf("baseline %s: report version %d, want %d", path, rep.Version, ReportVersion)
	}
	return newBaseline(rep.Findings), nil
}

// newBaseline builds a baseline from findings.
func newBaseline(fs []Finding) *Baseline {
	b := &Baseline{keys: map[string]bool{}}
	for _, f := range fs {
		b.keys[baselineKey(f)] = true
	}
	return b
}

func baselineKey(f Finding) string {
	if f.Token != nil && f.Token.Fingerprint != "" {
		return f.File + "\x00" + f.RuleID + "\x00" + f.Token.Fingerprint
	}
	return f.Fingerprint
}

func (b *Baseline) contains(f Finding) bool {
	return b != nil && b.keys[baselineKey(f)]
}
