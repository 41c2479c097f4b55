package scan

import (
	"context"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// A path that holds a token in any commit is a leak: every clone has it,
// whatever the content. pathIntroductions finds such paths in the
// selected commits' diffs (the names of trees and blobs are in no blob,
// and `git rev-list --objects` names an object by one of its paths
// only), and reports each named directory or file at the commit that
// added it: one that no parent had (with `-t` a directory is a pair of
// its own, so "added" is exact for directories too). A name deleted and
// added back is reported again, as a token in content is.
func pathIntroductions(ctx context.Context, dir string, commits []historyCommit, user *analysis.Config) ([]introduction, error) {
	pc := newPathChecker(user)
	if pc.disabled {
		return nil, nil
	}
	keep := func(p filePair) bool { return mayNameToken(p.path) }
	var out []introduction
	err := diffCommits(ctx, dir, commits, true, keep, func(c historyCommit, diffs []parentDiff) error {
		out = append(out, commitPathIntroductions(pc, c, diffs)...)
		return nil
	})
	return out, err
}

// mayNameToken is a cheap test before the engine runs on a path: every
// token prefix ("gh?_", "github_pat_") holds "h" and an underscore.
func mayNameToken(p string) bool {
	return strings.Contains(p, "_") && strings.Contains(p, "h")
}

func commitPathIntroductions(pc *pathChecker, c historyCommit, diffs []parentDiff) []introduction {
	status := make([]map[string]byte, len(diffs))
	for i, d := range diffs {
		status[i] = make(map[string]byte, len(d.pairs))
		for _, p := range d.pairs {
			status[i][p.path] = p.status
		}
	}
	added := func(named string) bool {
		for i, d := range diffs {
			if d.parent != "" && status[i][named] != 'A' {
				return false // this parent had it (unchanged, or changed)
			}
		}
		return true
	}
	var out []introduction
	seen := map[string]bool{}
	for _, d := range diffs {
		for _, p := range d.pairs {
			if p.status == 'D' {
				continue
			}
			for _, n := range pc.names(p.path) {
				key := n.named + "\x00" + n.finding.Token.Fingerprint
				if seen[key] || !added(n.named) {
					continue
				}
				seen[key] = true
				out = append(out, introduction{commit: c.oid, path: n.named, finding: n.finding})
			}
		}
	}
	return out
}

// refFindings reports refs whose names hold a token: a branch or tag name
// is pushed and shown like a path, and a branch or lightweight tag name is
// in no object the blob scan reads. They have no commit; the file is
// "(ref NAME)".
func refFindings(ctx context.Context, dir string, user *analysis.Config) ([]Finding, error) {
	pc := newPathChecker(user)
	if pc.disabled {
		return nil, nil
	}
	pc.noun = "ref"
	// A ref name cannot hold a newline or a control character
	// (git check-ref-format), so lines are safe.
	out, err := gitOutput(ctx, dir, "for-each-ref", "--format=%(refname)")
	if err != nil {
		return nil, err
	}
	var found []Finding
	for _, ref := range strings.Split(string(out), "\n") {
		for _, f := range pc.check(ref) {
			f.File = DisplayPath("(ref " + ref + ")")
			f.Fingerprint = f.File + ":" + f.RuleID + ":0"
			found = append(found, f)
		}
	}
	return found, nil
}
