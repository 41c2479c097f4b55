package analysis

import (
	"bufio"
	"io"
	"strings"
)

// TokenIgnorePrefix starts an ignore entry (a .gitleaksignore line) that
// names a token by the SHA-256 of its text, the fingerprint a finding's
// TokenInfo carries. Unlike gitleaks' forms it holds no file, line or
// commit, so it survives edits, moves, rebases and squashes, and it never
// hides another token. The scanner and the language server both honour it.
const TokenIgnorePrefix = "sha256:"

// TokenIgnoreKey is the normal form of a "sha256:<64 hex digits>" entry
// (lower case), "" for any other entry.
func TokenIgnoreKey(entry string) string {
	if len(entry) < len(TokenIgnorePrefix) || !strings.EqualFold(entry[:len(TokenIgnorePrefix)], TokenIgnorePrefix) {
		return ""
	}
	sum := strings.ToLower(entry[len(TokenIgnorePrefix):])
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return ""
	}
	return TokenIgnorePrefix + sum
}

// TokenIgnores is the set of tokens an ignore file names by fingerprint.
type TokenIgnores map[string]bool

// Add records entry if it is a "sha256:" entry; other entries are not
// about a token and are left to the scanner.
func (t TokenIgnores) Add(entry string) {
	if k := TokenIgnoreKey(entry); k != "" {
		t[k] = true
	}
}

// Ignores reports whether the token with this fingerprint (hex SHA-256)
// is named.
func (t TokenIgnores) Ignores(fingerprint string) bool {
	return fingerprint != "" && t[TokenIgnorePrefix+fingerprint]
}

// EachIgnoreEntry calls each with every entry of an ignore file (a
// .gitleaksignore): blank lines and '#' comments are skipped. A line longer
// than 1 MiB is an error.
func EachIgnoreEntry(r io.Reader, each func(entry string)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if entry := strings.TrimSpace(sc.Text()); entry != "" && !strings.HasPrefix(entry, "#") {
			each(entry)
		}
	}
	return sc.Err()
}
