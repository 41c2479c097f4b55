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
