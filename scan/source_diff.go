package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/filelist"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// diffSource scans the work-tree files changed since rev and keeps only the
// findings on added lines. The files come from `git diff --raw -z` (exact
// path bytes, every change type); the added lines from the patch with
// --text --no-textconv --no-ext-diff, so no .gitattributes setting
// (-diff, binary, a textconv driver) can hide content. Every path of the
// patch must be one of the raw list: a mismatch is an error, not a guess.
// A range (A..B, A...B) is read from the object store instead: rangeSource
// (diffrange.go).
type diffSource struct {
	top     string
	names   []file       // added submodules: only their names are checked
	files   []file       // work-tree files
	indexed []stagedBlob // skip-worktree and assume-unchanged files: from the index (indexOnly)
	attrs   map[string]map[string]bool
}

func newDiffSource(ctx context.Context, dir, rev string) (source, error) {
	top, err := gitTopLevel(ctx, dir)
	if err != nil {
		return nil, err
	}
	revs, err := resolveDiffRev(ctx, top, rev)
	if err != nil {
		return nil, err
	}
	if revs.to != "" { // A..B, A...B: B's blobs (diffrange.go)
		return asSource(newRangeSource(ctx, top, revs))
	}
	if err := verifyIndex(ctx, top); err != nil {
		return nil, err
	}
	if err := checkRevTrees(ctx, top, revs.from); err != nil {
		return nil, err
	}
	recs, added, err := diffChanges(ctx, top, []string{revs.from}, gitcmd.Output)
	if err != nil {
		return nil, err
	}
	files, names, err := changedFiles(top, recs, added)
	if err != nil {
		return nil, err
	}
	attrs, err := gitAttrs(ctx, top, fileRels(files), "filter", "working-tree-encoding")
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		if attrs["filter"][f.rel] {
			// git diffs what the clean filter (git-lfs, say) makes of
			// the file: its added lines are not the file's.
			files[i].added = nil
		}
	}
	files = slices.DeleteFunc(files, func(f file) bool { return f.added != nil && len(f.added) == 0 && !f.newPath })
	indexed, files, err := indexOnly(ctx, top, files)
	if err != nil {
		return nil, err
	}
	return &diffSource{top: top, names: names, files: files, indexed: indexed, attrs: attrs}, nil
}

func (s *diffSource) mode() Mode   { return ModeDiff }
func (s *diffSource) root() string { return s.top }

func (s *diffSource) scan(ctx context.Context, opts Options, rep *Report) error {
	return scanFiles(ctx, opts, rep, s.top, s.produce)
}

func (s *diffSource) produce(ctx context.Context, max int64, out chan<- file) error {
	for _, f := range s.names {
		if err := send(ctx, out, f); err != nil {
			return err
		}
	}
	for _, f := range s.files {
		if err := sendChanged(ctx, out, f, s.attrs); err != nil {
			return err
		}
	}
	return sendBlobs(ctx, s.top, s.indexed, max, out)
}

// diffChanges runs git (through output) twice on the change between revs
// (resolved object ids: one, against the work tree, or two): the raw list
// of changed paths, and the patch whose added lines are kept.
func diffChanges(ctx context.Context, top string, revs []string, output func(ctx context.Context, dir string, args ...string) ([]byte, error)) ([]rawRecord, map[string]lineSet, error) {
	common := append([]string{"--no-color", "--no-ext-diff", "--no-renames", "--no-relative", "--ignore-submodules=none"}, revs...)
	common = append(common, "--")
	out, err := output(ctx, top, append(append(diffArgs, "diff", "--raw", "-z", "--no-abbrev"), common...)...)
	if err != nil {
		return nil, nil, err
	}
	recs, err := parseRawDiff(out)
	if err != nil {
		return nil, nil, err
	}
	if err := checkOldBlobs(ctx, top, recs); err != nil {
		return nil, nil, err
	}
	patch, err := output(ctx, top, append(append(diffArgs, "diff", "-U0", "--inter-hunk-context=0", "--text", "--no-textconv",
		"--src-prefix=a/", "--dst-prefix=b/"), common...)...)
	if err != nil {
		return nil, nil, err
	}
	added, err := parseAddedLines(patch)
	if err != nil {
		return nil, nil, err
	}
	return recs, added, nil
}

// changedFiles turns the raw records into the files to read (with their
// added lines) and the added submodules, whose names only are checked. A
// change type git does not document, or a patch path the raw list lacks,
// is an error.
func changedFiles(top string, recs []rawRecord, added map[string]lineSet) (files, names []file, err error) {
	listed := map[string]bool{}
	for _, r := range recs {
		switch {
		case r.status == 'D':
			continue
		case r.status == 'X':
			return nil, nil, fmt.Errorf("git diff: %s: unknown change type (X): git may be broken", DisplayPath(r.path))
		case r.dstMode == "160000": // a submodule: its name only (its patch line is a commit id)
			listed[r.path] = true
			if r.status == 'A' {
				names = append(names, file{rel: r.path, kind: kindNameOnly, newPath: true})
			}
			continue
		}
		listed[r.path] = true
		files = append(files, changedFile(top, r, added[r.path]))
	}
	for p := range added {
		if !listed[p] {
			return nil, nil, fmt.Errorf("git diff: the patch names %s, which the file list does not: refusing to guess", DisplayPath(p))
		}
	}
	return files, names, nil
}

// changedFile is the work-tree file of record r, with the lines of the
// patch that count as added.
func changedFile(top string, r rawRecord, added lineSet) file {
	f := file{rel: r.path, abs: filepath.Join(top, filepath.FromSlash(r.path)), newPath: r.status == 'A' || r.status == 'U', added: added}
	switch {
	case r.status == 'U':
		f.added = nil // an unmerged file: every line is new to the merge
	case f.added == nil:
		f.added = lineSet{} // no line added (a mode change, only deletions)
	}
	if r.status != 'A' && r.status != 'U' && r.srcMode != "160000" && strings.Trim(r.srcOID, "0") != "" {
		f.base = &gitBlob{dir: top, oid: r.srcOID}
	}
	return f
}

func fileRels(files []file) []string {
	rels := make([]string, len(files))
	for i, f := range files {
		rels[i] = f.rel
	}
	return rels
}

// sendChanged sends the changed work-tree file f as it is on disk now: a
// regular file, a link as its target text, a file with a
// working-tree-encoding as git commits it.
func sendChanged(ctx context.Context, out chan<- file, f file, attrs map[string]map[string]bool) error {
	st, err := os.Lstat(f.abs)
	if err != nil {
		return pathError(f.rel, err)
	}
	kind, err := filelist.KindOf(st.Mode())
	if err != nil {
		return problemError(f.rel, err)
	}
	f.kind = listedKinds[kind]
	if f.kind == kindRegular && attrs["working-tree-encoding"][f.rel] {
		if attrs["filter"][f.rel] { // a filter's clean form is not the content: both
			if err := send(ctx, out, f); err != nil {
				return err
			}
		}
		f.kind = kindClean
	}
	return send(ctx, out, f)
}

// indexOnly takes out of files those whose index entry is marked
// skip-worktree (a sparse checkout) or assume-unchanged: for them git
// diffs the index's blob and does not look at the work tree, where the
// file may differ or be absent. They are read from the index, with the
// added lines of the patch.
func indexOnly(ctx context.Context, top string, files []file) ([]stagedBlob, []file, error) {
	if len(files) == 0 {
		return nil, files, nil
	}
	entries, err := filelist.IndexEntries(ctx, top)
	if err != nil {
		return nil, nil, err
	}
	flagged := map[string]string{} // path: blob id
	for _, e := range entries {
		if e.SkipWorktree() || e.AssumeUnchanged() {
			flagged[e.Path] = e.OID
		}
	}
	var blobs []stagedBlob
	var rest []file
	for _, f := range files {
		if oid, ok := flagged[f.rel]; ok {
			blobs = append(blobs, stagedBlob{path: f.rel, oid: oid, newPath: f.newPath, added: f.added})
			continue
		}
		rest = append(rest, f)
	}
	return blobs, rest, nil
}
