package scan

import (
	"context"
	"sort"
)

// blobResult is what the engine found in one blob, independent of any
// path or commit (token findings do not depend on the file name).
type blobResult struct {
	findings []Finding // File empty; positions in the blob
	keys     map[string]bool
}

func newBlobResult(fs []Finding) *blobResult {
	r := &blobResult{findings: fs, keys: map[string]bool{}}
	for _, f := range fs {
		r.keys[occurrenceKey(f)] = true
	}
	return r
}

// occurrenceKey names what a finding is about, whatever line it is on: a
// token by rule and hash; anything else by rule and message.
func occurrenceKey(f Finding) string {
	if f.Token != nil {
		return f.RuleID + "\x00" + f.Token.Fingerprint
	}
	return f.RuleID + "\x00\x00" + f.Message
}

// introduction is one finding at the commit that brought it in.
type introduction struct {
	commit, path, blob string
	finding            Finding
}

// findIntroductions diffs every commit against each parent and returns,
// for each blob with findings, where each finding was introduced.
//
// A finding of blob B at path P in commit C is introduced by C when, for
// every parent of C:
//   - the parent did not have it at P (P changed, and the old blob there
//     does not hold the same token); and
//   - the parent did not have it at another path Q from which C removed it
//     (a rename, or code moved between files, is not a new leak).
//
// A root commit (or a shallow clone's boundary) introduces everything it
// holds. So a token is reported once per line of history that brings it
// in: on two unrelated branches twice, and in a merge only when the merge
// itself added it (it is in neither parent).
//
// seen collects the hit blobs that occur in some commit's diff; a hit blob
// that never does is reachable only through a tag or ref that names a tree
// or blob directly.
func findIntroductions(ctx context.Context, dir string, commits []historyCommit, hits map[string]*blobResult, progress func(done int)) (intros []introduction, seen map[string]bool, err error) {
	seen = map[string]bool{}
	keep := func(p filePair) bool {
		return hits[p.oldOID] != nil || hits[p.newOID] != nil
	}
	done := 0
	err = diffCommits(ctx, dir, commits, false, keep, func(c historyCommit, diffs []parentDiff) error {
		done++
		if progress != nil {
			progress(done)
		}
		intros = append(intros, commitIntroductions(c, diffs, hits, seen)...)
		return nil
	})
	return intros, seen, err
}

func commitIntroductions(c historyCommit, diffs []parentDiff, hits map[string]*blobResult, seen map[string]bool) []introduction {
	// The blob each touched path holds in c (the same in every diff).
	now := map[string]string{}
	for _, d := range diffs {
		for _, p := range d.pairs {
			if p.status != 'D' && blobSide(p.newOID, p.newMode) && hits[p.newOID] != nil {
				now[p.path] = p.newOID
				seen[p.newOID] = true
			}
		}
	}
	if len(now) == 0 {
		return nil
	}
	byPath := make([]map[string]filePair, len(diffs))
	for i, d := range diffs {
		byPath[i] = map[string]filePair{}
		for _, p := range d.pairs {
			byPath[i][p.path] = p
		}
	}
	paths := make([]string, 0, len(now))
	for p := range now {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []introduction
	for _, path := range paths {
		blob := now[path]
		for _, f := range hits[blob].findings {
			key := occurrenceKey(f)
			if inAnyParent(diffs, byPath, path, key, hits) {
				continue
			}
			out = append(out, introduction{commit: c.oid, path: path, blob: blob, finding: f})
		}
	}
	return out
}

// inAnyParent reports whether some parent already had the finding key at
// path, or at a path this commit removed it from.
func inAnyParent(diffs []parentDiff, byPath []map[string]filePair, path, key string, hits map[string]*blobResult) bool {
	for i, d := range diffs {
		if d.parent == "" {
			continue // root: the empty tree has nothing
		}
		p, changed := byPath[i][path]
		if !changed {
			return true // same blob at path in this parent
		}
		if has(hits, p.oldOID, key) && blobSide(p.oldOID, p.oldMode) {
			return true
		}
		for _, q := range d.pairs {
			if q.path != path && has(hits, q.oldOID, key) && !(q.status != 'D' && has(hits, q.newOID, key)) {
				return true // moved here from q.path
			}
		}
	}
	return false
}

func has(hits map[string]*blobResult, oid, key string) bool {
	r := hits[oid]
	return r != nil && r.keys[key]
}
