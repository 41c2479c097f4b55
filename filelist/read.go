package filelist

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OpenListed opens a listed regular file for reading as listed: a link
// put in its place is not followed, a FIFO put in its place is not waited
// on, and what was opened must be a regular file (a *NotFileError
// otherwise).
func OpenListed(abs string) (*os.File, fs.FileInfo, error) {
	if openFlags == 0 {
		if st, err := os.Lstat(abs); err != nil {
			return nil, nil, err
		} else if !st.Mode().IsRegular() {
			return nil, nil, &NotFileError{Mode: st.Mode()}
		}
	}
	f, err := os.OpenFile(abs, os.O_RDONLY|openFlags, 0)
	if err != nil {
		if st, lerr := os.Lstat(abs); lerr == nil && !st.Mode().IsRegular() {
			return nil, nil, &NotFileError{Mode: st.Mode()} // ELOOP: say what it is
		}
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotFileError{Mode: st.Mode()}
	}
	return f, st, nil
}

// TooLargeError is a file over the caller's size limit, not read.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than the %d-byte limit (%d bytes)", e.Limit, e.Size)
}

// ReadListed returns the content of a listed file as the scanner reads
// it: a regular file's bytes (opened with OpenListed), a link's target
// text. A regular file over limit bytes (0: none) is a *TooLargeError,
// also when it grows past limit while read. An Encoded file's bytes are
// its work-tree form; a Submodule has no content.
func ReadListed(f File, limit int64) ([]byte, error) {
	switch f.Kind {
	case Link:
		target, err := os.Readlink(f.Abs)
		return []byte(target), err
	case Submodule:
		return nil, errors.New("a submodule has no content here")
	}
	fh, st, err := OpenListed(f.Abs)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if limit > 0 && st.Size() > limit {
		return nil, &TooLargeError{Size: st.Size(), Limit: limit}
	}
	r := io.Reader(fh)
	if limit > 0 {
		r = io.LimitReader(fh, limit+1)
	}
	data, err := io.ReadAll(r)
	if limit > 0 && int64(len(data)) > limit {
		return nil, &TooLargeError{Size: int64(len(data)), Limit: limit}
	}
	return data, err
}

// ErrOutside is a path outside the folder it must be under.
var ErrOutside = errors.New("outside the workspace folder")

// Within says how to read the path abs given from outside (a watched
// file event) the way a listing of root would: abs must be under root,
// outside any .git directory, reached through no link, and a regular file
// or a link. Anything else is an error and must not be read.
func Within(root, abs string) (File, error) {
	rel, err := filepath.Rel(root, filepath.Clean(abs))
	if err != nil || !filepath.IsAbs(abs) || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return File{}, ErrOutside
	}
	parts := strings.Split(rel, string(filepath.Separator))
	p := root
	for i, part := range parts {
		if part == ".git" {
			return File{}, errors.New("inside a .git directory")
		}
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if err != nil {
			return File{}, err
		}
		if i < len(parts)-1 {
			if !st.IsDir() { // a link to a directory: its files are not the folder's
				return File{}, fmt.Errorf("reached through %s", DescribeMode(st.Mode()))
			}
			continue
		}
		kind, err := KindOf(st.Mode())
		if err != nil {
			return File{}, err
		}
		return File{Abs: p, Kind: kind}, nil
	}
	return File{}, ErrOutside
}
