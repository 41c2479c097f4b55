package scan

// commitObjectFile is the File of a history finding in a commit object
// (its message or a header such as the author): the same in every
// commit, so that fingerprints and .gitleaksignore entries keep the
// gitleaks form "commit:(commit):rule-id:line".
const commitObjectFile = "(commit)"

// textFile names where a finding is in the text report: its path, or for
// a finding in a commit object the commit, "(commit 1a2b3c4d5e6f)"; its
// line is then that of `git cat-file commit SHA`.
func textFile(f Finding) string {
	if f.File == commitObjectFile && f.Commit != nil {
		return "(commit " + f.Commit.SHA[:min(12, len(f.Commit.SHA))] + ")"
	}
	return f.File
}
