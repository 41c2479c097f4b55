package filelist

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// git lists dir with git when it is in a work tree (ok false otherwise):
// tracked and untracked files, .gitignore honoured unless NoIgnore. The
// list goes through `git check-attr --stdin` on its way (a pipe, so files
// are visited while git lists): a file with a working-tree-encoding is
// Encoded. Untracked repositories inside are listed by their own git.
func (l *lister) git(dir string) (ok bool, err error) {
	// "false" inside .git itself: walk it (which skips it) rather than fail.
	if out, err := gitcmd.Output(l.ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return false, nil
	}
	if !l.opts.NoIgnore {
		// A directory git ignores as a whole (build/, named by the user)
		// would list nothing: walk it, as a file named there is read.
		if ignored, err := gitIgnored(l.ctx, dir); err != nil || ignored {
			return false, err
		}
	}
	if l.opts.CountIgnored && !l.opts.NoIgnore {
		n, err := gitIgnoredCount(l.ctx, dir)
		if err != nil {
			return true, err
		}
		l.stats.Ignored += n
	}
	missing, nested, err := l.gitListed(dir)
	if err != nil {
		return true, err
	}
	if err := l.sparse(dir, missing); err != nil {
		return true, err
	}
	for _, sub := range nested {
		ok, err := l.git(sub)
		if err == nil && !ok {
			err = l.walk(sub)
		}
		if err != nil {
			return true, err
		}
	}
	return true, nil
}

// lsFilesArgs lists tracked and untracked files, with or without the
// standard excludes (.gitignore, info/exclude, core.excludesFile).
func (l *lister) lsFilesArgs() []string {
	if l.opts.NoIgnore {
		return []string{"ls-files", "-co", "-z"}
	}
	return []string{"ls-files", "-co", "--exclude-standard", "-z"}
}

// gitListed runs `git ls-files | git check-attr` in dir and visits what
// they list.
func (l *lister) gitListed(dir string) (missing map[string]bool, nested []string, err error) {
	ls := gitcmd.Command(l.ctx, dir, l.lsFilesArgs()...)
	var lsErr, attrErr bytes.Buffer
	ls.Stderr = &lsErr
	listed, err := ls.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	attr := gitcmd.Command(l.ctx, dir, "check-attr", "-z", "--stdin", "working-tree-encoding")
	attr.Stdin, attr.Stderr = listed, &attrErr
	stdout, err := attr.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := ls.Start(); err != nil {
		return nil, nil, err
	}
	if err := attr.Start(); err != nil {
		_ = ls.Process.Kill()
		_ = ls.Wait()
		return nil, nil, err
	}
	missing, nested, emitErr := l.emitListed(bufio.NewReaderSize(stdout, 64<<10), dir)
	if emitErr != nil {
		_ = ls.Process.Kill()
		_ = attr.Process.Kill()
	}
	lsWait, attrWait := ls.Wait(), attr.Wait()
	switch {
	case emitErr != nil:
		return nil, nil, emitErr
	case lsWait != nil:
		return nil, nil, inDir(dir, gitcmd.Error(ls, lsErr.String(), lsWait))
	case attrWait != nil:
		return nil, nil, inDir(dir, gitcmd.Error(attr, attrErr.String(), attrWait))
	}
	// git only warns about a directory it cannot read and lists the rest:
	// each one is a problem, or the reader would pass without looking.
	if err := l.unreadableDirs(dir, lsErr.String()); err != nil {
		return nil, nil, err
	}
	return missing, nested, nil
}

// couldNotOpen is git's warning for a directory it cannot read
// (dir.c: "could not open directory '%s'"), path relative to the -C dir.
var couldNotOpen = regexp.MustCompile(`could not open directory '(.*)': (.*)`)

func (l *lister) unreadableDirs(dir, stderr string) error {
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.Contains(line, "could not open directory") {
			continue
		}
		abs, why := dir, line
		if m := couldNotOpen.FindStringSubmatch(line); m != nil {
			abs, why = filepath.Join(dir, filepath.FromSlash(m[1])), m[2]
		}
		if err := l.problem(abs, fmt.Errorf("cannot read the directory: %s", strings.ToLower(why))); err != nil {
			return err
		}
	}
	return nil
}

// sparse hands the missing files that git marks skip-worktree to
// Visitor.Sparse (or counts them): git reads them from the index.
func (l *lister) sparse(dir string, missing map[string]bool) error {
	if len(missing) == 0 {
		return nil
	}
	entries, err := IndexEntries(l.ctx, dir)
	if err != nil {
		return err
	}
	var blobs []IndexBlob
	for _, e := range entries {
		if missing[e.Path] && e.SkipWorktree() {
			blobs = append(blobs, IndexBlob{Abs: filepath.Join(dir, filepath.FromSlash(e.Path)), OID: e.OID})
		}
	}
	switch {
	case len(blobs) == 0:
		return nil
	case l.v.Sparse == nil:
		l.stats.IndexOnly += len(blobs)
		return nil
	}
	return l.v.Sparse(dir, blobs)
}

// IndexEntry is one stage-0 file of `git ls-files -v -s -z` (submodules
// left out): its tag letter, blob id and slash path relative to the work
// tree directory listed.
type IndexEntry struct{ Tag, OID, Path string }

// SkipWorktree: git does not look at the work tree for this file (a
// sparse checkout).
func (e IndexEntry) SkipWorktree() bool { return e.Tag == "S" || e.Tag == "s" }

// AssumeUnchanged: git does not look at the work tree for this file
// (`git update-index --assume-unchanged`: a lower-case tag).
func (e IndexEntry) AssumeUnchanged() bool { return strings.ToLower(e.Tag) == e.Tag }

// IndexEntries lists the index of the work tree at dir, in git's order.
func IndexEntries(ctx context.Context, dir string) ([]IndexEntry, error) {
	out, err := gitcmd.Output(ctx, dir, "ls-files", "-v", "-s", "-z")
	if err != nil {
		return nil, err
	}
	var es []IndexEntry
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
		es = append(es, IndexEntry{Tag: f[0], OID: f[2], Path: rec[tab+1:]})
	}
	return es, nil
}

// gitIgnored reports whether git ignores the directory dir itself.
func gitIgnored(ctx context.Context, dir string) (bool, error) {
	cmd := gitcmd.Command(ctx, dir, "check-ignore", "-q", ".")
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
	return false, inDir(dir, gitcmd.Error(cmd, stderr.String(), err))
}

// gitIgnoredCount counts the untracked files under dir that the standard
// excludes leave out, every file inside an ignored directory included,
// so that a report can say what it did not read.
func gitIgnoredCount(ctx context.Context, dir string) (int, error) {
	cmd := gitcmd.Command(ctx, dir, "ls-files", "-o", "-i", "--exclude-standard", "-z")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	n := 0
	r := bufio.NewReaderSize(out, 64<<10)
	for {
		if _, err := r.ReadSlice(0); err != nil {
			if err == bufio.ErrBufferFull {
				continue // a name longer than the buffer: its end is still to come
			}
			break
		}
		n++
	}
	if err := cmd.Wait(); err != nil {
		return 0, inDir(dir, gitcmd.Error(cmd, stderr.String(), err))
	}
	return n, nil
}

// inDir says in which directory git failed: a listing runs it in each
// repository it meets.
func inDir(dir string, err error) error {
	return fmt.Errorf("%w (in %s)", err, shown(dir))
}
