// Package filelist lists the files of a directory as ghpat-ls reads them,
// for every front door that reads a workspace (scan, the language
// server's index, permissions), so that all of them see the same files:
// in a git work tree what git lists (tracked and untracked files,
// .gitignore honoured unless asked not to, counting what it leaves out),
// elsewhere a walk that skips .git directories.
//
// A symbolic link is listed as itself, never followed: its target text is
// what git stores and what is read. A FIFO, socket or device, or a
// directory that cannot be read, is a problem named by its path, and the
// listing goes on. The package reads no file content; read.go opens a
// listed file without following a link or blocking on a FIFO.
package filelist

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Kind says what a listed path is and so how to read it.
type Kind int

const (
	// Regular is a regular file: its bytes are its content.
	Regular Kind = iota
	// Encoded is a regular file with a working-tree-encoding attribute:
	// git commits it converted, so that is its content.
	Encoded
	// Link is a symbolic link: its target text is its content (what git
	// stores). The target is never read.
	Link
	// Submodule is a repository git tracks as a commit id: no content
	// here, only its name.
	Submodule
)

// File is one listed path.
type File struct {
	Abs  string
	Kind Kind
}

// IndexBlob is a tracked file that is absent from the work tree because
// git marks it skip-worktree (a sparse checkout): its content is the blob
// OID of the index.
type IndexBlob struct {
	Abs, OID string
}

// Visitor receives what a listing finds. A non-nil error from any of its
// functions stops the listing and is returned by List.
type Visitor struct {
	// File is called for every listed file.
	File func(File) error
	// Problem is called for a path that cannot be listed or read as a
	// file (a FIFO, socket or device; an unreadable directory); err does
	// not repeat the path. The listing goes on after it.
	Problem func(abs string, err error) error
	// Sparse is called with the files of repository repo that are only in
	// its index. Nil: they are left out (counted in Stats.IndexOnly).
	Sparse func(repo string, blobs []IndexBlob) error
}

// Options change what is listed.
type Options struct {
	// NoIgnore lists what .gitignore (and .git/info/exclude, and the
	// user's core.excludesFile) would leave out.
	NoIgnore bool
	// CountIgnored counts what .gitignore leaves out in Stats.Ignored (one
	// more git command, which lists every file of an ignored directory).
	CountIgnored bool
}

// Stats counts what a listing left out.
type Stats struct {
	// Ignored counts the files that .gitignore left out, with
	// CountIgnored (0 with NoIgnore or outside a git work tree).
	Ignored int
	// Problems counts the calls to Visitor.Problem.
	Problems int
	// IndexOnly counts the skip-worktree files left out for want of a
	// Visitor.Sparse.
	IndexOnly int
}

// NotFileError is a FIFO, socket or device where a file was expected: it
// cannot be read as a file (opening a FIFO waits for a writer, a device
// may never end).
type NotFileError struct{ Mode fs.FileMode }

func (e *NotFileError) Error() string { return "is " + DescribeMode(e.Mode) + ", not a file" }

// shown is how this package's errors name a path: a token in it redacted.
func shown(p string) string { return ghtoken.RedactAll(p) }

// DescribeMode names a file type for messages: "a FIFO".
func DescribeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// KindOf says how to read a path of mode m found in a directory; a FIFO,
// socket or device is a *NotFileError.
func KindOf(m fs.FileMode) (Kind, error) {
	switch {
	case m.IsRegular():
		return Regular, nil
	case m&fs.ModeSymlink != 0:
		return Link, nil
	}
	return 0, &NotFileError{Mode: m}
}

// List lists the files under the directory dir (absolute). Its error is
// one that stopped the listing: a git command that failed, or an error a
// Visitor function returned; the problems went to Visitor.Problem.
func List(ctx context.Context, dir string, opts Options, v Visitor) (Stats, error) {
	l := &lister{ctx: ctx, opts: opts, v: v}
	ok, err := l.git(dir)
	if err == nil && !ok {
		err = l.walk(dir)
	}
	return l.stats, err
}

type lister struct {
	ctx   context.Context
	opts  Options
	v     Visitor
	stats Stats
}

func (l *lister) problem(abs string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is abs, named by the caller
	}
	l.stats.Problems++
	if l.v.Problem == nil {
		return fmt.Errorf("%s: %w", shown(abs), err)
	}
	return l.v.Problem(abs, err)
}

// walk lists the files under dir, skipping .git directories below it.
// Links are not followed, except dir itself (a workspace folder opened
// through a link), whose files are named under dir.
func (l *lister) walk(dir string) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return l.problem(dir, err)
	}
	return filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if real != dir {
			p = filepath.Join(dir, strings.TrimPrefix(p, real))
		}
		if err != nil {
			// An unreadable directory: named, and the walk goes on
			// (WalkDir skips its content).
			if perr := l.problem(p, err); perr != nil {
				return perr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if err := l.ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" && p != dir { // not when asked for: `scan .git`
				return filepath.SkipDir
			}
			return nil
		}
		kind, err := KindOf(d.Type())
		if err != nil {
			return l.problem(p, err)
		}
		return l.v.File(File{Abs: p, Kind: kind})
	})
}

// emitListed reads `git check-attr -z` records (path, attribute, value)
// and visits each listed file once with how to read it. A listed
// directory ("sub/", an untracked repository inside this one) is returned
// in nested (absolute) for the caller to list; a tracked path missing from
// the work tree in missing (relative, slash-separated).
func (l *lister) emitListed(r *bufio.Reader, dir string) (missing map[string]bool, nested []string, err error) {
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
				return nil, nil, fmt.Errorf("git check-attr in %s: output cut short", shown(dir))
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
		if err := l.listed(dir, name, value, missing); err != nil {
			return nil, nil, err
		}
	}
}

// listed visits one path git listed, with its working-tree-encoding value.
func (l *lister) listed(dir, name, encoding string, missing map[string]bool) error {
	if err := l.ctx.Err(); err != nil {
		return err
	}
	abs := filepath.Join(dir, filepath.FromSlash(name))
	st, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		// Deleted from the work tree (nothing to read), or left out by a
		// sparse checkout (read from the index).
		missing[name] = true
		return nil
	}
	if err != nil {
		return l.problem(abs, err) // unreadable: named, not skipped in silence
	}
	kind := Submodule
	if !st.IsDir() {
		if kind, err = KindOf(st.Mode()); err != nil {
			return l.problem(abs, err)
		}
	}
	if kind == Regular && encoding != "unspecified" && encoding != "unset" {
		kind = Encoded
	}
	return l.v.File(File{Abs: abs, Kind: kind})
}
