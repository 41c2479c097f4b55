package filelist

import (
	"os"
	"path/filepath"
	"strings"
)

// Target is a path the user named. Named paths follow links (the user
// asked for what the link points to); what is listed under a directory
// does not.
type Target struct {
	// Named is the path as given, made absolute.
	Named string
	// Abs is what is read: for a directory or a regular file, with its
	// links resolved (a file is then opened as listed files are).
	Abs string
	// Info describes what Named points to.
	Info os.FileInfo
}

// Resolve makes the path p named by the user (relative to dir) a Target.
// Its error is os.Stat's or filepath.EvalSymlinks'.
func Resolve(dir, p string) (Target, error) {
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(dir, p)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return Target{}, err
	}
	t := Target{Named: abs, Abs: abs, Info: st}
	if st.IsDir() || st.Mode().IsRegular() {
		// Read what a link points to, reporting paths under the name
		// given. (Not a stream's: /dev/stdin leads to "pipe:[n]".)
		if t.Abs, err = filepath.EvalSymlinks(abs); err != nil {
			return Target{}, err
		}
	}
	return t, nil
}

// Rel is how the path abs, listed under t, is reported: relative to dir
// (slash-separated) under the name the user gave, or absolute outside dir.
func (t Target) Rel(dir, abs string) string {
	if t.Abs != t.Named {
		sub, _ := filepath.Rel(t.Abs, abs) // reached through a link
		abs = filepath.Join(t.Named, sub)
	}
	return RelTo(dir, abs)
}

// RelTo is how a path is reported: relative to dir (slash-separated), or
// absolute when it is outside dir.
func RelTo(dir, abs string) string {
	r, err := filepath.Rel(dir, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}
