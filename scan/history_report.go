package scan

import (
	"fmt"
	"strings"
)

// Report pieces for history findings; report.go calls these so that the
// shared writers stay one place.

// commitText is the text report's second line of a history finding:
// "    introduced in abc1234 2024-05-01 by Name <email>: subject".
func commitText(c *Commit) string {
	if c == nil {
		return ""
	}
	short := c.SHA[:min(12, len(c.SHA))]
	date := c.Date
	if i := strings.IndexByte(date, 'T'); i > 0 {
		date = date[:i]
	}
	return fmt.Sprintf("    introduced in %s %s by %s <%s>: %s\n", short, date,
		textField(c.Author), textField(c.Email), textField(c.Subject))
}

// textField quotes a repository string holding control characters, as
// textPath does for paths.
func textField(s string) string { return textPath(s) }

// commitProperties are a SARIF result's properties for a history finding.
func commitProperties(c *Commit) map[string]any {
	if c == nil {
		return nil
	}
	return map[string]any{"commitSha": c.SHA, "author": c.Author, "email": c.Email, "date": c.Date, "commitMessage": c.Subject}
}

// sarifCommitKey names the partial fingerprint that holds the introducing
// commit of a history finding.
const sarifCommitKey = "commitSha"

// sarifVersionControl is SARIF's versionControlProvenance entry.
type sarifVersionControl struct {
	RepositoryURI string `json:"repositoryUri"`
	RevisionID    string `json:"revisionId,omitempty"`
	Branch        string `json:"branch,omitempty"`
}

func versionControl(h *HistoryInfo) []sarifVersionControl {
	if h == nil || h.RepositoryURI == "" {
		return nil
	}
	return []sarifVersionControl{{RepositoryURI: h.RepositoryURI, RevisionID: h.Head, Branch: h.Branch}}
}
