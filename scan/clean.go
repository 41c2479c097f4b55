package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
)

// A file whose `working-tree-encoding` attribute is set is kept in the
// work tree in that encoding (IBM037, UTF-7, UTF-16...) and committed as
// UTF-8: git's patch counts the lines of the UTF-8 form, and in a fresh
// clone the work-tree bytes need not spell a token that the committed blob
// holds (EBCDIC). No git configuration is needed, so a pull request can
// set it in .gitattributes. Such a file is read as git stores it: its
// clean form, made by `git hash-object -w` into a temporary object
// directory (the repository is not written to) and streamed back with
// `git cat-file --batch`.

// applyAttributes reads the attributes that change what the diff's lines
// are: a file with a `filter` (git-lfs, any clean filter) counts whole, as
// its diff is of what the filter makes of it; a file with a
// `working-tree-encoding` is returned in encoded, to be read in its clean
// form (and, if it also has a filter, as it is in the work tree too: the
// clean form of a filter is not the file's content).
func applyAttributes(ctx context.Context, top string, files []file) (encoded, filtered map[string]bool, err error) {
	encoded, filtered = map[string]bool{}, map[string]bool{}
	if len(files) == 0 {
		return encoded, filtered, nil
	}
	var in bytes.Buffer
	for _, f := range files {
		in.WriteString(f.rel + "\x00")
	}
	cmd := gitCommand(ctx, top, "check-attr", "-z", "--stdin", "filter", "working-tree-encoding")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("git check-attr: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+2 < len(fields); i += 3 {
		if v := fields[i+2]; v == "unspecified" || v == "unset" {
			continue
		}
		switch fields[i+1] {
		case "filter":
			filtered[fields[i]] = true
		case "working-tree-encoding":
			encoded[fields[i]] = true
		}
	}
	for i := range files {
		if filtered[files[i].rel] {
			files[i].added = nil
		}
	}
	return encoded, filtered, nil
}

// scanCleanForms sends the clean form of each regular file in files to
// the workers, keeping its added lines (which are the clean form's). A
// symbolic link is stored as its target text, unconverted: it is read as
// usual.
func scanCleanForms(ctx context.Context, top string, files []file, max int64, out chan<- file) error {
	if len(files) == 0 {
		return nil
	}
	objects, err := os.MkdirTemp("", "ghpat-ls-clean-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(objects)
	env := "GIT_OBJECT_DIRECTORY=" + objects
	var blobs []stagedBlob
	for _, f := range files {
		st, err := os.Lstat(f.abs)
		if err != nil {
			return pathError(f.rel, err)
		}
		if !st.Mode().IsRegular() {
			if f.kind, err = listedKind(f.abs, st.Mode()); err != nil {
				return err
			}
			if err := send(ctx, out, f); err != nil {
				return err
			}
			continue
		}
		cmd := gitCommand(ctx, top, "hash-object", "-w", "--", f.rel)
		cmd.Env = append(cmd.Env, env)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		oid, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%s: git cannot make the form it commits (working-tree-encoding): %v: %s", DisplayPath(f.rel), err, strings.TrimSpace(stderr.String()))
		}
		blobs = append(blobs, stagedBlob{path: f.rel, oid: strings.TrimSpace(string(oid)), newPath: f.newPath, added: f.added})
	}
	return catFiles(ctx, top, blobs, max, out, env)
}
