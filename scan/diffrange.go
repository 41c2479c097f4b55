package scan

import (
	"bytes"
	"context"
	"fmt"
	"strings"
)

// `--diff A..B` and `--diff A...B` compare two revisions, not a revision
// and the work tree: the files read are B's blobs (by id, from the object
// store), the lines kept those the patch from A (or from the merge base
// of A and B) to B adds. The work tree, its uncommitted edits and the
// index play no part. docs/scan.md, "What is scanned".

// diffRevs is what --diff names: one revision (against the work tree), or
// two trees (from, to) when it is a range.
type diffRevs struct {
	from, to string // object ids; to is "" for the work tree
}

// resolveDiffRev reads --diff's value. "A..B" and "A...B" (a missing side
// is HEAD, as for git diff) are ranges; anything else must name exactly
// one object: a form that names several ("REV^!", "REV^@") is refused
// rather than half understood.
func resolveDiffRev(ctx context.Context, top, rev string) (diffRevs, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return diffRevs{}, &OptionError{OptionDiff, fmt.Errorf("invalid revision %q", DisplayPath(rev))}
	}
	side := func(s string) string {
		if s == "" {
			return "HEAD"
		}
		return s
	}
	if a, b, ok := strings.Cut(rev, "..."); ok {
		base, err := mergeBase(ctx, top, side(a), side(b))
		if err != nil {
			return diffRevs{}, err
		}
		to, err := verifyRev(ctx, top, side(b)+"^{tree}")
		return diffRevs{from: base, to: to}, err
	}
	if a, b, ok := strings.Cut(rev, ".."); ok {
		from, err := verifyRev(ctx, top, side(a)+"^{tree}")
		if err != nil {
			return diffRevs{}, err
		}
		to, err := verifyRev(ctx, top, side(b)+"^{tree}")
		return diffRevs{from: from, to: to}, err
	}
	one, err := verifyRev(ctx, top, rev)
	if oe, ok := err.(*OptionError); ok {
		oe.Err = fmt.Errorf("%v (a range is A..B or A...B)", oe.Err)
	}
	if err != nil {
		return diffRevs{}, err
	}
	return diffRevs{from: one}, nil
}

// verifyRev resolves rev to one object id.
func verifyRev(ctx context.Context, top, rev string) (string, error) {
	out, err := historyOutput(ctx, top, "rev-parse", "--verify", "-q", rev)
	if err != nil || len(bytes.Fields(out)) != 1 {
		return "", &OptionError{OptionDiff, fmt.Errorf("%q does not name one revision", DisplayPath(strings.TrimSuffix(rev, "^{tree}")))}
	}
	return strings.TrimSpace(string(out)), nil
}

// mergeBase is the tree of the one merge base of a and b. Several (a
// criss-cross merge) are refused: git diff would pick one in silence.
func mergeBase(ctx context.Context, top, a, b string) (string, error) {
	ca, err := verifyRev(ctx, top, a+"^{commit}")
	if err != nil {
		return "", err
	}
	cb, err := verifyRev(ctx, top, b+"^{commit}")
	if err != nil {
		return "", err
	}
	out, err := historyOutput(ctx, top, "merge-base", "--all", ca, cb)
	if err != nil {
		return "", &OptionError{OptionDiff, fmt.Errorf("%s...%s: no merge base (%v)", DisplayPath(a), DisplayPath(b), err)}
	}
	bases := strings.Fields(string(out))
	switch len(bases) {
	case 0:
		return "", &OptionError{OptionDiff, fmt.Errorf("%s...%s: no merge base", DisplayPath(a), DisplayPath(b))}
	case 1:
		return verifyRev(ctx, top, bases[0]+"^{tree}")
	}
	return "", &OptionError{OptionDiff, fmt.Errorf("%s...%s has %d merge bases (%s); name the one to compare with: BASE..%s",
		DisplayPath(a), DisplayPath(b), len(bases), strings.Join(bases, ", "), DisplayPath(b))}
}

// rangeSource scans B's side of the diff between the trees r.from and
// r.to: every file the diff adds or changes, read from the object store
// by blob id, with the lines the patch adds.
type rangeSource struct {
	top   string
	names []file // added submodules: only their names are checked
	blobs []stagedBlob
}

func newRangeSource(ctx context.Context, top string, r diffRevs) (*rangeSource, error) {
	if err := checkRevTrees(ctx, top, r.from, r.to); err != nil {
		return nil, err
	}
	recs, added, err := diffChanges(ctx, top, []string{r.from, r.to}, historyOutput)
	if err != nil {
		return nil, err
	}
	var blobs []stagedBlob
	var names []file
	listed := map[string]bool{}
	for _, rec := range recs {
		listed[rec.path] = true
		switch {
		case rec.status == 'D':
			continue
		case rec.status != 'A' && rec.status != 'M' && rec.status != 'T':
			return nil, fmt.Errorf("git diff: %s: unexpected change type %c between two trees", DisplayPath(rec.path), rec.status)
		case rec.dstMode == "160000": // a submodule: its name only
			if rec.status == 'A' {
				names = append(names, file{rel: rec.path, kind: kindNameOnly, newPath: true})
			}
			continue
		case isZeroOID(rec.dstOID):
			return nil, fmt.Errorf("git diff: %s: no blob on the new side", DisplayPath(rec.path))
		}
		lines := added[rec.path]
		if lines == nil {
			lines = lineSet{} // no line added (a mode change, only deletions, an empty file)
		}
		if len(lines) == 0 && rec.status != 'A' {
			continue
		}
		blobs = append(blobs, stagedBlob{path: rec.path, oid: rec.dstOID, newPath: rec.status == 'A', added: lines})
	}
	for p := range added {
		if !listed[p] {
			return nil, fmt.Errorf("git diff: the patch names %s, which the file list does not: refusing to guess", DisplayPath(p))
		}
	}
	return &rangeSource{top: top, names: names, blobs: blobs}, nil
}

func (s *rangeSource) mode() Mode   { return ModeDiff }
func (s *rangeSource) root() string { return s.top }

func (s *rangeSource) scan(ctx context.Context, opts Options, rep *Report) error {
	return scanFiles(ctx, opts, rep, s.top, s.produce)
}

func (s *rangeSource) produce(ctx context.Context, max int64, out chan<- file) error {
	for _, f := range s.names {
		if err := send(ctx, out, f); err != nil {
			return err
		}
	}
	return sendBlobs(ctx, s.top, s.blobs, max, out)
}

// checkOldBlobs checks against their ids the blobs git reads on the old
// side of a diff to find the lines added: a rewritten one already holding
// the new lines would hide them from the patch.
func checkOldBlobs(ctx context.Context, top string, recs []rawRecord) error {
	var old []blobRef
	seen := map[string]bool{}
	for _, r := range recs {
		if (r.status != 'M' && r.status != 'T') || !blobSide(r.srcOID, r.srcMode) || seen[r.srcOID] {
			continue
		}
		seen[r.srcOID] = true
		old = append(old, blobRef{oid: r.srcOID, typ: "blob", name: r.path})
	}
	sized, err := sizeBlobs(ctx, top, old)
	if err != nil {
		return err
	}
	return checkObjects(ctx, top, sized)
}
