package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/filelist"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// source lists the files of a scan and feeds them to the workers.
type source struct {
	root    string // absolute; report paths are relative to it
	produce func(ctx context.Context, max int64, out chan<- file) error
	// listed counts what a listing left out (.gitignore); nil for the
	// sources that list nothing, final when produce has returned.
	listed *filelist.Stats
}

func send(ctx context.Context, out chan<- file, f file) error {
	select {
	case out <- f:
		return nil
	case <-ctx.Done():
		if f.release != nil {
			f.release()
		}
		return ctx.Err()
	}
}

// stdinName is how standard input ("-") is reported.
const stdinName = "-"

// pathSource scans files and directories, listed by filelist (in a git
// work tree as git lists them, .gitignore honoured unless list.NoIgnore;
// elsewhere walked, skipping .git). Files named explicitly are always
// scanned: "-" and a FIFO, a device or /dev/stdin as a stream until EOF,
// a symbolic link to a directory as that directory. What a listing cannot
// read is named, the listing goes on, and the scan fails with every name.
func pathSource(dir string, paths []string, stdin io.Reader, list filelist.Options) (source, error) {
	targets, err := pathTargets(dir, paths)
	if err != nil {
		return source{}, err
	}
	listed := &filelist.Stats{}
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		var problems []error
		for _, t := range targets {
			var err error
			switch {
			case t.kind == kindReader:
				err = send(ctx, out, file{rel: stdinName, kind: kindReader, rd: stdin})
			case !t.Info.IsDir():
				err = send(ctx, out, file{rel: filelist.RelTo(dir, t.Named), abs: t.Abs, kind: t.kind, newPath: true})
			default:
				err = produceDir(ctx, dir, t.Target, list, max, out, listed, &problems)
			}
			if err != nil {
				return err
			}
		}
		return listingError(problems)
	}
	return source{root: dir, produce: produce, listed: listed}, nil
}

// listingError names every path a listing could not read, one a line.
func listingError(problems []error) error {
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return problems[0]
	}
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.Error()
	}
	return fmt.Errorf("%d paths could not be read:\n  %s", len(problems), strings.Join(msgs, "\n  "))
}

// pathTarget is one path named on the command line, checked before any
// file is read.
type pathTarget struct {
	filelist.Target
	kind fileKind
}

// pathTargets checks every named path ("." when none is): standard input
// at most once, every other path present and readable as a file, a stream
// or a directory.
func pathTargets(dir string, paths []string) ([]pathTarget, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var targets []pathTarget
	stdinSeen := false
	for _, p := range paths {
		if p == stdinName {
			if stdinSeen {
				return nil, errors.New(`"-" (standard input) can be named only once`)
			}
			stdinSeen = true
			targets = append(targets, pathTarget{Target: filelist.Target{Named: stdinName}, kind: kindReader})
			continue
		}
		t, err := namedTarget(dir, p)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	return targets, nil
}

// namedTarget says how to read the path p (relative to dir) the user named.
func namedTarget(dir, p string) (pathTarget, error) {
	ft, err := filelist.Resolve(dir, p)
	if err != nil {
		return pathTarget{}, pathError(p, err)
	}
	t := pathTarget{Target: ft}
	switch m := ft.Info.Mode(); {
	case m.IsDir():
	case m.IsRegular():
		t.kind = kindRegular
	case m&fs.ModeSocket != 0:
		return pathTarget{}, pathError(p, errors.New("is a socket, which cannot be read"))
	default:
		t.kind = kindStream // FIFO, /dev/stdin, <(...), a device: the user asked for it
	}
	return t, nil
}

// listedKinds says how the scan reads each kind of listed file.
var listedKinds = map[filelist.Kind]fileKind{
	filelist.Regular:   kindRegular,
	filelist.Encoded:   kindClean, // read as git commits it
	filelist.Link:      kindLink,  // its target text, as git stores it
	filelist.Submodule: kindNameOnly,
}

// produceDir sends the files of the directory t: listed by git inside a
// work tree (files only in the index read from it), walked elsewhere. What
// cannot be read is added to problems and the listing goes on.
func produceDir(ctx context.Context, dir string, t filelist.Target, list filelist.Options, max int64, out chan<- file, stats *filelist.Stats, problems *[]error) error {
	v := filelist.Visitor{
		File: func(f filelist.File) error {
			return send(ctx, out, file{rel: t.Rel(dir, f.Abs), abs: f.Abs, kind: listedKinds[f.Kind], newPath: true})
		},
		Problem: func(abs string, err error) error {
			*problems = append(*problems, problemError(t.Rel(dir, abs), err))
			return nil
		},
		Sparse: func(repo string, blobs []filelist.IndexBlob) error {
			staged := make([]stagedBlob, len(blobs))
			for i, b := range blobs {
				staged[i] = stagedBlob{path: t.Rel(dir, b.Abs), oid: b.OID, newPath: true}
			}
			// No lazy fetch: a scan does not go to the network.
			err := catFiles(ctx, repo, staged, max, out, "GIT_NO_LAZY_FETCH=1")
			if errors.Is(err, errNoObject) || err != nil && strings.Contains(err.Error(), "promisor") {
				err = fmt.Errorf("%v; a file outside a sparse checkout is not in this partial clone: scan the checked-out directories (ghpat-ls scan DIR...) or fetch it", err)
			}
			return err
		},
	}
	st, err := filelist.List(ctx, t.Abs, list, v)
	stats.Ignored += st.Ignored
	return err
}

// problemError names a path a listing could not read, and says how a
// FIFO or device can be read after all.
func problemError(rel string, err error) error {
	var nf *filelist.NotFileError
	if errors.As(err, &nf) {
		return fmt.Errorf("%s is %s: name it on the command line to read it as a stream", DisplayPath(rel), filelist.DescribeMode(nf.Mode))
	}
	return pathError(rel, err)
}

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
func stagedSource(ctx context.Context, dir string) (source, error) {
	top, err := gitTopLevel(ctx, dir)
	if err != nil {
		return source{}, err
	}
	if err := verifyIndex(ctx, top); err != nil {
		return source{}, err
	}
	if head, err := gitcmd.Output(ctx, top, "rev-parse", "--verify", "-q", "HEAD^{commit}"); err == nil {
		if err := checkRevTrees(ctx, top, strings.TrimSpace(string(head))); err != nil {
			return source{}, err
		}
	}
	out, err := gitcmd.Output(ctx, top, append(diffArgs, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-color", "--no-renames", "--no-ext-diff", "--ignore-submodules=none")...)
	if err != nil {
		return source{}, err
	}
	recs, err := parseRawDiff(out)
	if err != nil {
		return source{}, err
	}
	var blobs []stagedBlob
	var names []string // added submodules: only their names are checked
	unmerged := false
	for _, r := range recs {
		switch {
		case r.status == 'D':
			continue
		case r.status == 'U':
			unmerged = true
			continue
		case r.status == 'X':
			return source{}, fmt.Errorf("git diff --cached: %s: unknown change type (X): git may be broken", DisplayPath(r.path))
		case r.dstMode == "160000": // a submodule: a commit id, no content here
			if r.status == 'A' {
				names = append(names, r.path)
			}
			continue
		case strings.Trim(r.dstOID, "0") == "":
			return source{}, fmt.Errorf("git diff --cached: %s: no staged blob", DisplayPath(r.path))
		}
		blobs = append(blobs, stagedBlob{path: r.path, oid: r.dstOID, newPath: r.status == 'A'})
	}
	if unmerged {
		out, err := gitcmd.Output(ctx, top, "ls-files", "-u", "-z")
		if err != nil {
			return source{}, err
		}
		es, err := parseUnmerged(out)
		if err != nil {
			return source{}, err
		}
		for _, e := range es {
			if e.mode != "160000" {
				blobs = append(blobs, stagedBlob{path: e.path, oid: e.oid, newPath: true})
			}
		}
	}
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		for _, p := range names {
			if err := send(ctx, out, file{rel: p, kind: kindNameOnly, newPath: true}); err != nil {
				return err
			}
		}
		if len(blobs) == 0 {
			return nil
		}
		return catFiles(ctx, top, blobs, max, out)
	}
	return source{root: top, produce: produce}, nil
}

// stagedBlob is one file of the index: its path and blob id.
type stagedBlob struct {
	path, oid string
	newPath   bool
	added     lineSet // nil: every line counts
}

// catFiles streams each blob from one `git cat-file --batch` to a worker
// and waits until it has been read: memory stays one chunk per blob.
func catFiles(ctx context.Context, top string, blobs []stagedBlob, max int64, out chan<- file, env ...string) error {
	cmd := gitcmd.Command(ctx, top, "cat-file", "--batch")
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go writeIDs(stdin, len(blobs), func(i int) string { return blobs[i].oid })
	r := bufio.NewReaderSize(stdout, 64<<10)
	runErr := func() error {
		for _, b := range blobs {
			hdr, err := r.ReadString('\n')
			if err != nil {
				return catStopped{path: b.path, err: err}
			}
			typ, size, err := catFileHeader(strings.TrimSuffix(hdr, "\n"))
			if err != nil {
				return fmt.Errorf("%s (in the index): %w", DisplayPath(b.path), err)
			}
			if typ != "blob" {
				return fmt.Errorf("staged %s: object %s is a %s, not a blob", DisplayPath(b.path), b.oid, typ)
			}
			f := file{rel: b.path, newPath: b.newPath, size: size, added: b.added}
			check, err := newObjectCheck(b.oid, typ, size)
			if err != nil {
				return err
			}
			lr := &io.LimitedReader{R: r, N: size}
			body := check.reader(lr) // the worker's reads hash it
			done := make(chan struct{})
			if max > 0 && size > max {
				f.kind = kindSkip
			} else {
				f.kind, f.rd = kindReader, body
				f.release = func() { close(done) }
			}
			if err := send(ctx, out, f); err != nil {
				return err
			}
			if f.release != nil {
				select { // the worker reads the blob from r
				case <-done:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			// What the worker left (after a read error) and the newline.
			if _, err := io.Copy(io.Discard, body); err != nil {
				return err
			}
			if c, err := r.ReadByte(); err != nil || c != '\n' || lr.N != 0 {
				return fmt.Errorf("git cat-file: %s: output out of step", DisplayPath(b.path))
			}
			if err := check.verify(objectWhere(b.path)); err != nil {
				return err
			}
		}
		return nil
	}()
	var stopped catStopped
	if errors.As(runErr, &stopped) {
		// git closed its output: let it exit, so that its stderr (why it
		// stopped) is all there before it is quoted.
		_ = cmd.Wait()
		return fmt.Errorf("git cat-file: %s: %v: %s", DisplayPath(stopped.path), stopped.err, strings.TrimSpace(stderr.String()))
	}
	if runErr != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return runErr
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// catStopped is cat-file's output ending before the answer for path.
type catStopped struct {
	path string
	err  error
}

func (e catStopped) Error() string { return "git cat-file stopped before " + DisplayPath(e.path) }

// diffSource scans the work-tree files changed since rev and keeps only the
// findings on added lines. The files come from `git diff --raw -z` (exact
// path bytes, every change type); the added lines from the patch with
// --text --no-textconv --no-ext-diff, so no .gitattributes setting
// (-diff, binary, a textconv driver) can hide content. Every path of the
// patch must be one of the raw list: a mismatch is an error, not a guess.
func diffSource(ctx context.Context, dir, rev string) (source, error) {
	top, err := gitTopLevel(ctx, dir)
	if err != nil {
		return source{}, err
	}
	revs, err := resolveDiffRev(ctx, top, rev)
	if err != nil {
		return source{}, err
	}
	if revs.to != "" { // A..B, A...B: B's blobs (diffrange.go)
		return rangeSource(ctx, top, revs)
	}
	if err := verifyIndex(ctx, top); err != nil {
		return source{}, err
	}
	if err := checkRevTrees(ctx, top, revs.from); err != nil {
		return source{}, err
	}
	recs, added, err := diffChanges(ctx, top, []string{revs.from}, gitcmd.Output)
	if err != nil {
		return source{}, err
	}
	files, names, err := changedFiles(top, recs, added)
	if err != nil {
		return source{}, err
	}
	attrs, err := gitAttrs(ctx, top, fileRels(files), "filter", "working-tree-encoding")
	if err != nil {
		return source{}, err
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
		return source{}, err
	}
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		for _, f := range names {
			if err := send(ctx, out, f); err != nil {
				return err
			}
		}
		for _, f := range files {
			if err := sendChanged(ctx, out, f, attrs); err != nil {
				return err
			}
		}
		if len(indexed) == 0 {
			return nil
		}
		return catFiles(ctx, top, indexed, max, out)
	}
	return source{root: top, produce: produce}, nil
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
