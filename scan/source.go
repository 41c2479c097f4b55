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
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// source lists the files of a scan and feeds them to the workers.
type source struct {
	root    string // absolute; report paths are relative to it
	produce func(ctx context.Context, max int64, out chan<- file) error
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

// pathSource scans files and directories. A directory inside a git work
// tree is listed with git (tracked and untracked files, .gitignore
// honoured); elsewhere it is walked, skipping .git directories. Files named
// explicitly are always scanned: "-" and a FIFO, a device or /dev/stdin as
// a stream until EOF, a symbolic link to a directory as that directory.
func pathSource(ctx context.Context, dir string, paths []string, stdin io.Reader) (source, error) {
	targets, err := pathTargets(dir, paths)
	if err != nil {
		return source{}, err
	}
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		for _, t := range targets {
			var err error
			switch {
			case t.kind == kindReader:
				err = send(ctx, out, file{rel: stdinName, kind: kindReader, rd: stdin})
			case !t.isDir:
				err = send(ctx, out, file{rel: relToDir(dir, t.abs), abs: t.abs, kind: t.kind, newPath: true})
			default:
				err = produceDir(ctx, dir, t, max, out)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return source{root: dir, produce: produce}, nil
}

// pathTarget is one path named on the command line, checked before any
// file is read.
type pathTarget struct {
	abs, given string // given: abs as named (before resolving links)
	isDir      bool
	kind       fileKind
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
			targets = append(targets, pathTarget{given: stdinName, kind: kindReader})
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
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(dir, p)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return pathTarget{}, pathError(p, err)
	}
	t := pathTarget{abs: abs, given: abs, isDir: st.IsDir()}
	switch {
	case st.IsDir():
		// Walk the directory a link points to, reporting paths under
		// the name given.
		if t.abs, err = filepath.EvalSymlinks(abs); err != nil {
			return pathTarget{}, pathError(p, err)
		}
	case st.Mode().IsRegular():
		t.kind = kindRegular
	case st.Mode()&fs.ModeSocket != 0:
		return pathTarget{}, pathError(p, errors.New("is a socket, which cannot be read"))
	default:
		t.kind = kindStream // FIFO, /dev/stdin, <(...), a device: the user asked for it
	}
	return t, nil
}

// relToDir is how a file is reported: relative to dir, or absolute when
// it is outside dir.
func relToDir(dir, abs string) string {
	r, err := filepath.Rel(dir, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// produceDir sends the files of the directory t: listed by git inside a
// work tree (files only in the index read from it), walked elsewhere.
func produceDir(ctx context.Context, dir string, t pathTarget, max int64, out chan<- file) error {
	shown := func(abs string) string {
		if t.abs == t.given {
			return relToDir(dir, abs)
		}
		sub, _ := filepath.Rel(t.abs, abs) // reached through a link
		return relToDir(dir, filepath.Join(t.given, sub))
	}
	emit := func(abs string, kind fileKind) error {
		return send(ctx, out, file{rel: shown(abs), abs: abs, kind: kind, newPath: true})
	}
	fromIndex := func(repo string, blobs []stagedBlob) error {
		for i := range blobs {
			blobs[i].path = shown(blobs[i].path)
		}
		// No lazy fetch: a scan does not go to the network.
		err := catFiles(ctx, repo, blobs, max, out, "GIT_NO_LAZY_FETCH=1")
		if errors.Is(err, errNoObject) || err != nil && strings.Contains(err.Error(), "promisor") {
			err = fmt.Errorf("%v; a file outside a sparse checkout is not in this partial clone: scan the checked-out directories (ghpat-ls scan DIR...) or fetch it", err)
		}
		return err
	}
	ok, err := gitList(ctx, t.abs, emit, fromIndex)
	if err != nil || ok {
		return err
	}
	return walk(t.abs, emit)
}

// listedKind says how to read a file found in a directory: a regular file
// as such, a symbolic link as its target text (what git stores for it).
// Anything else (a FIFO, socket or device) cannot be read as a file and
// is an error rather than a silent skip.
func listedKind(abs string, m fs.FileMode) (fileKind, error) {
	switch {
	case m.IsRegular():
		return kindRegular, nil
	case m&fs.ModeSymlink != 0:
		return kindLink, nil
	}
	return 0, fmt.Errorf("%s is %s: name it on the command line to read it as a stream", DisplayPath(abs), describeMode(m))
}

// gitList lists the files git would consider under dir (tracked, and
// untracked but not ignored). ok is false when dir is not in a work tree.
// The list goes through `git check-attr --stdin` on its way (a pipe, so
// files are read while git lists): a file with a working-tree-encoding is
// read as git commits it.
//
// A tracked file missing from disk that git marks skip-worktree (a sparse
// checkout) is unchanged for git, not deleted: it is read from the index,
// through fromIndex (blobs of the repository at dir, named by absolute path).
func gitList(ctx context.Context, dir string, emit func(abs string, kind fileKind) error, fromIndex func(repo string, blobs []stagedBlob) error) (ok bool, err error) {
	// "false" inside .git itself: walk it (which skips it) rather than fail.
	if out, err := gitOutput(ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return false, nil
	}
	// A directory that git ignores as a whole (build/, named on the
	// command line or the current directory) would list nothing: walk
	// it, as a file named there is read even if ignored.
	if ignored, err := gitIgnored(ctx, dir); err != nil || ignored {
		return false, err
	}
	ls := gitCommand(ctx, dir, "ls-files", "-co", "--exclude-standard", "-z")
	var lsErr, attrErr bytes.Buffer
	ls.Stderr = &lsErr
	listed, err := ls.StdoutPipe()
	if err != nil {
		return false, err
	}
	attr := gitCommand(ctx, dir, "check-attr", "-z", "--stdin", "working-tree-encoding")
	attr.Stdin, attr.Stderr = listed, &attrErr
	stdout, err := attr.StdoutPipe()
	if err != nil {
		return false, err
	}
	if err := ls.Start(); err != nil {
		return false, err
	}
	if err := attr.Start(); err != nil {
		_ = ls.Process.Kill()
		_ = ls.Wait()
		return false, err
	}
	missing, nested, emitErr := emitListed(bufio.NewReaderSize(stdout, 64<<10), dir, emit)
	if emitErr != nil {
		_ = ls.Process.Kill()
		_ = attr.Process.Kill()
	}
	lsWait, attrWait := ls.Wait(), attr.Wait()
	switch {
	case emitErr != nil:
		return true, emitErr
	case lsWait != nil:
		return true, fmt.Errorf("git ls-files in %s: %v: %s", DisplayPath(dir), lsWait, strings.TrimSpace(lsErr.String()))
	case attrWait != nil:
		return true, fmt.Errorf("git check-attr in %s: %v: %s", DisplayPath(dir), attrWait, strings.TrimSpace(attrErr.String()))
	}
	// git only warns about a directory it cannot read and lists the rest:
	// the scan would pass without having looked inside.
	if msg := lsErr.String(); strings.Contains(msg, "could not open directory") {
		return true, fmt.Errorf("git ls-files in %s: %s", DisplayPath(dir), strings.TrimSpace(msg))
	}
	if len(missing) > 0 {
		sparse, err := skipWorktree(ctx, dir, missing)
		if err != nil {
			return true, err
		}
		if len(sparse) > 0 {
			if err := fromIndex(dir, sparse); err != nil {
				return true, err
			}
		}
	}
	// An untracked repository inside this one is listed by its own git,
	// as a directory named on the command line would be.
	for _, sub := range nested {
		ok, err := gitList(ctx, sub, emit, fromIndex)
		if err == nil && !ok {
			err = walk(sub, emit)
		}
		if err != nil {
			return true, err
		}
	}
	return true, nil
}

// skipWorktree returns the index blobs of the names (relative to dir)
// that git marks skip-worktree, with their absolute paths.
func skipWorktree(ctx context.Context, dir string, names map[string]bool) ([]stagedBlob, error) {
	entries, err := indexEntries(ctx, dir)
	if err != nil {
		return nil, err
	}
	var blobs []stagedBlob
	for _, e := range entries {
		if names[e.path] && (e.tag == "S" || e.tag == "s") {
			blobs = append(blobs, stagedBlob{path: filepath.Join(dir, filepath.FromSlash(e.path)), oid: e.oid, newPath: true})
		}
	}
	return blobs, nil
}

// indexEntry is one stage-0 file of `git ls-files -v -s -z` (submodules
// left out): its tag letter, blob id and path.
type indexEntry struct{ tag, oid, path string }

// indexEntries lists the index of dir, in git's order. The tag is S for
// skip-worktree and lower case for assume-unchanged ("s": both).
func indexEntries(ctx context.Context, dir string) ([]indexEntry, error) {
	out, err := gitOutput(ctx, dir, "ls-files", "-v", "-s", "-z")
	if err != nil {
		return nil, err
	}
	var es []indexEntry
	for _, rec := range strings.Split(string(out), "\x00") {
		// "TAG MODE OID STAGE\tPATH"
		tab := strings.IndexByte(rec, '\t')
		if tab < 0 {
			continue
		}
		f := strings.Fields(rec[:tab])
		if len(f) != 4 || f[3] != "0" || f[1] == "160000" {
			continue
		}
		es = append(es, indexEntry{tag: f[0], oid: f[2], path: rec[tab+1:]})
	}
	return es, nil
}

// gitIgnored reports whether git ignores the directory dir itself.
func gitIgnored(ctx context.Context, dir string) (bool, error) {
	cmd := gitCommand(ctx, dir, "check-ignore", "-q", ".")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return false, nil
	}
	return false, fmt.Errorf("git check-ignore in %s: %v: %s", DisplayPath(dir), err, strings.TrimSpace(stderr.String()))
}

// emitListed reads `git check-attr -z` records (path, attribute, value)
// and emits each listed file once with how to read it. A listed directory
// ("sub/", an untracked repository inside this one) is returned in nested
// (absolute) for the caller to list.
func emitListed(r *bufio.Reader, dir string, emit func(abs string, kind fileKind) error) (missing map[string]bool, nested []string, err error) {
	missing = map[string]bool{}
	seen := ""
	for {
		var rec [3]string
		for i := range rec {
			f, err := r.ReadString(0)
			if err == io.EOF && i == 0 && f == "" {
				return missing, nested, nil
			}
			if err != nil {
				return nil, nil, fmt.Errorf("git check-attr in %s: output cut short", DisplayPath(dir))
			}
			rec[i] = f[:len(f)-1]
		}
		name, value := rec[0], rec[2]
		// Unmerged entries are listed once per stage.
		if name == seen {
			continue
		}
		seen = name
		if strings.HasSuffix(name, "/") {
			nested = append(nested, filepath.Join(dir, filepath.FromSlash(name)))
			continue
		}
		abs := filepath.Join(dir, filepath.FromSlash(name))
		st, err := os.Lstat(abs)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			// Deleted from the work tree (nothing to read), or left out
			// by a sparse checkout (gitList reads it from the index).
			missing[name] = true
			continue
		}
		if err != nil {
			return nil, nil, pathError(abs, err) // unreadable: an error, not a silent skip
		}
		kind := kindNameOnly // a submodule: another repository, scanned on its own
		if !st.IsDir() {
			if kind, err = listedKind(abs, st.Mode()); err != nil {
				return nil, nil, err
			}
		}
		if kind == kindRegular && value != "unspecified" && value != "unset" {
			kind = kindClean // working-tree-encoding: read as git commits it
		}
		if err := emit(abs, kind); err != nil {
			return nil, nil, err
		}
	}
}

// walk lists the files under dir, skipping .git directories below it. Symbolic
// links are not followed: their target text is scanned.
func walk(dir string, emit func(abs string, kind fileKind) error) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory is an error, as an unreadable file
			// is: skipping it would pass a scan that never looked.
			return pathError(p, err)
		}
		if d.IsDir() {
			if d.Name() == ".git" && p != dir { // not when asked for: `scan .git`
				return filepath.SkipDir
			}
			return nil
		}
		kind, err := listedKind(p, d.Type())
		if err != nil {
			return err
		}
		return emit(p, kind)
	})
}

// gitCommand runs git in dir without the environment variables that
// override its diff options from outside the command line (GIT_DIFF_OPTS
// takes precedence over -U; GIT_EXTERNAL_DIFF is also off by --no-ext-diff).
func gitCommand(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GIT_DIFF_OPTS=") || strings.HasPrefix(kv, "GIT_EXTERNAL_DIFF=")
	})
	return cmd
}

// gitOutput runs git in dir and returns its stdout; the error carries git's
// own message.
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := gitCommand(ctx, dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", subcommand(args), msg)
	}
	return out, nil
}

// subcommand names the git command in args for messages, past "-c k=v".
func subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		if args[i] == "-c" {
			i++
		} else if !strings.HasPrefix(args[i], "-") {
			return args[i]
		}
	}
	return ""
}

func gitTopLevel(ctx context.Context, dir string) (string, error) {
	out, err := gitOutput(ctx, dir, "rev-parse", "--show-toplevel")
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
	out, err := gitOutput(ctx, top, append(diffArgs, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-color", "--no-renames", "--no-ext-diff", "--ignore-submodules=none")...)
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
		out, err := gitOutput(ctx, top, "ls-files", "-u", "-z")
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
	cmd := gitCommand(ctx, top, "cat-file", "--batch")
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
			body := &io.LimitedReader{R: r, N: size}
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
			if c, err := r.ReadByte(); err != nil || c != '\n' {
				return fmt.Errorf("git cat-file: %s: output out of step", DisplayPath(b.path))
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
	recs, added, err := diffChanges(ctx, top, rev)
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

// diffChanges runs git twice on the change since rev: the raw list of
// changed paths, and the patch whose added lines are kept.
func diffChanges(ctx context.Context, top, rev string) ([]rawRecord, map[string]lineSet, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, nil, fmt.Errorf("--diff: invalid revision %q", rev)
	}
	common := []string{"--no-color", "--no-ext-diff", "--no-renames", "--no-relative", "--ignore-submodules=none"}
	out, err := gitOutput(ctx, top, append(append(append(diffArgs, "diff", "--raw", "-z", "--no-abbrev"), common...), rev, "--")...)
	if err != nil {
		return nil, nil, err
	}
	recs, err := parseRawDiff(out)
	if err != nil {
		return nil, nil, err
	}
	patch, err := gitOutput(ctx, top, append(append(append(diffArgs, "diff", "-U0", "--inter-hunk-context=0", "--text", "--no-textconv",
		"--src-prefix=a/", "--dst-prefix=b/"), common...), rev, "--")...)
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
	if f.kind, err = listedKind(f.abs, st.Mode()); err != nil {
		return err
	}
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
	entries, err := indexEntries(ctx, top)
	if err != nil {
		return nil, nil, err
	}
	flagged := map[string]string{} // path: blob id
	for _, e := range entries {
		if e.tag == "S" || e.tag == "s" || strings.ToLower(e.tag) == e.tag {
			flagged[e.path] = e.oid
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
