package scan

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
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
				return false // this parent had it (unchanged, or changed: not listed)
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
			path := p.path
			if p.newMode == "040000" {
				path += "/" // a directory's own pair: named as one
			}
			for _, n := range pc.names(path) {
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
// "(ref NAME)". A ref (a tag) that names a tree directly holds names no
// commit diff shows: those are checked too, reported at their path
// without a commit, as that tree's blobs are.
func refFindings(ctx context.Context, dir string, user *analysis.Config) ([]Finding, error) {
	refs := newPathChecker(user)
	if refs.disabled {
		return nil, nil
	}
	refs.noun = "ref"
	trees := newPathChecker(user)
	// A ref name cannot hold a space, a newline or a control character
	// (git check-ref-format), so fields and lines are safe.
	out, err := gitcmd.Output(ctx, dir, "for-each-ref", "--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname)")
	if err != nil {
		return nil, err
	}
	var found []Finding
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if line == "" {
			continue // no refs at all
		}
		f := strings.SplitN(line, " ", 5)
		if len(f) != 5 {
			return nil, fmt.Errorf("git for-each-ref: unexpected line %q", DisplayPath(line))
		}
		for _, fd := range refs.check(f[4]) {
			fd.File = DisplayPath("(ref " + f[4] + ")")
			fd.Fingerprint = fd.File + ":" + fd.RuleID + ":0"
			found = append(found, fd)
		}
		tree := ""
		switch {
		case f[0] == "tree":
			tree = f[1]
		case f[2] == "tree":
			tree = f[3]
		}
		if tree != "" {
			inTree, err := treePathFindings(ctx, dir, tree, trees)
			if err != nil {
				return nil, err
			}
			found = append(found, inTree...)
		}
	}
	return found, nil
}

// namedTreePaths checks the names in the trees that revs name directly
// (`--history=TREE`, a tag on a tree), which no commit diff shows.
func namedTreePaths(ctx context.Context, dir string, revs []string, user *analysis.Config) ([]Finding, error) {
	pc := newPathChecker(user)
	if pc.disabled {
		return nil, nil
	}
	_, trees, err := namedObjects(ctx, dir, revs)
	if err != nil {
		return nil, err
	}
	var found []Finding
	for _, tree := range trees {
		inTree, err := treePathFindings(ctx, dir, tree, pc)
		if err != nil {
			return nil, err
		}
		found = append(found, inTree...)
	}
	return found, nil
}

// treePathFindings checks every name in a tree (recursively, directories
// included) for tokens.
func treePathFindings(ctx context.Context, dir, tree string, pc *pathChecker) ([]Finding, error) {
	p, err := startGit(historyGit(ctx, dir, "ls-tree", "-r", "-t", "-z", "--full-tree", tree))
	if err != nil {
		return nil, err
	}
	var found []Finding
	var readErr error
	for {
		rec, err := p.out.ReadString(0)
		if err != nil {
			if err != io.EOF || rec != "" {
				readErr = fmt.Errorf("git ls-tree %s: output cut short", tree)
			}
			break
		}
		tab := strings.IndexByte(rec, '\t')
		if tab < 0 {
			readErr = fmt.Errorf("git ls-tree %s: unexpected record", tree)
			break
		}
		found = append(found, pc.check(rec[tab+1:len(rec)-1])...)
	}
	if err := p.wait(readErr); err != nil {
		return nil, err
	}
	return found, nil
}
