package filelist

import (
	"context"
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
// text, an Encoded file's committed form (its bytes when git cannot make
// one). Content over limit bytes (0: none) is a *TooLargeError, also when
// a file grows past limit while read. A Submodule has no content.
func ReadListed(ctx context.Context, f File, limit int64) ([]byte, error) {
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
	if limit > 0 && st.Size() > limit && f.Kind != Encoded {
		return nil, &TooLargeError{Size: st.Size(), Limit: limit}
	}
	r := io.ReadCloser(fh)
	if f.Kind == Encoded {
		switch committed, err := OpenCommittedForm(ctx, f.Abs); {
		case err == nil:
			r = committed
		case !errors.Is(err, ErrNoCommittedForm):
			return nil, err
		}
	}
	data, err := readUpTo(r, limit)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return data, err
}

// readUpTo reads r whole, or fails with a *TooLargeError past limit (0:
// no limit) without reading further.
func readUpTo(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		return io.ReadAll(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(data)) > limit {
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
