package scan

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

func gitTopLevel(ctx context.Context, dir string) (string, error) {
	out, err := gitcmd.Output(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("not in a git work tree (%v)", err)
	}
	return filepath.FromSlash(strings.TrimSpace(string(out))), nil
}

// diffArgs make git report every change as it is: no rename pairing (a
// renamed file is an added one, scanned whole), no user configuration
// that changes paths, prefixes or hunks.
var diffArgs = []string{"-c", "core.quotePath=false", "-c", "diff.noprefix=false", "-c", "diff.relative=false"}

// stagedSource scans the index version of every staged file that is not
// deleted, whatever the change type (added, modified, type changed,
// unmerged: every stage), read with one `git cat-file --batch` by blob id,
// so line numbers are those of the content being committed and any path
// is scanned.
type stagedSource struct {
	top   string
	names []string // added submodules: only their names are checked
	blobs []stagedBlob
}

func newStagedSource(ctx context.Context, dir string) (*stagedSource, error) {
	top, err := gitTopLevel(ctx, dir)
	if err != nil {
		return nil, err
	}
	if err := verifyIndex(ctx, top); err != nil {
		return nil, err
	}
	if head, err := gitcmd.Output(ctx, top, "rev-parse", "--verify", "-q", "HEAD^{commit}"); err == nil {
		if err := checkRevTrees(ctx, top, strings.TrimSpace(string(head))); err != nil {
			return nil, err
		}
	}
	out, err := gitcmd.Output(ctx, top, append(diffArgs, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-color", "--no-renames", "--no-ext-diff", "--ignore-submodules=none")...)
	if err != nil {
		return nil, err
	}
	recs, err := parseRawDiff(out)
	if err != nil {
		return nil, err
	}
	var blobs []stagedBlob
	var names []string
	unmerged := false
	for _, r := range recs {
		switch {
		case r.status == 'D':
			continue
		case r.status == 'U':
			unmerged = true
			continue
		case r.status == 'X':
			return nil, fmt.Errorf("git diff --cached: %s: unknown change type (X): git may be broken", DisplayPath(r.path))
		case r.dstMode == "160000": // a submodule: a commit id, no content here
			if r.status == 'A' {
				names = append(names, r.path)
			}
			continue
		case strings.Trim(r.dstOID, "0") == "":
			return nil, fmt.Errorf("git diff --cached: %s: no staged blob", DisplayPath(r.path))
		}
		blobs = append(blobs, stagedBlob{path: r.path, oid: r.dstOID, newPath: r.status == 'A'})
	}
	if unmerged {
		out, err := gitcmd.Output(ctx, top, "ls-files", "-u", "-z")
		if err != nil {
			return nil, err
		}
		es, err := parseUnmerged(out)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.mode != "160000" {
				blobs = append(blobs, stagedBlob{path: e.path, oid: e.oid, newPath: true})
			}
		}
	}
	return &stagedSource{top: top, names: names, blobs: blobs}, nil
}

func (s *stagedSource) mode() Mode   { return ModeStaged }
func (s *stagedSource) root() string { return s.top }

func (s *stagedSource) scan(ctx context.Context, opts Options, rep *Report) error {
	return scanFiles(ctx, opts, rep, s.top, s.produce)
}

func (s *stagedSource) produce(ctx context.Context, max int64, out chan<- file) error {
	for _, p := range s.names {
		if err := send(ctx, out, file{rel: p, kind: kindNameOnly, newPath: true}); err != nil {
			return err
		}
	}
	return sendBlobs(ctx, s.top, s.blobs, max, out)
}
