package scan

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/filelist"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// A file whose `working-tree-encoding` attribute is set is kept in the
// work tree in that encoding (IBM037, UTF-7, UTF-16...) and committed as
// UTF-8: git's patch counts the lines of the UTF-8 form, and in a fresh
// clone the work-tree bytes need not spell a token that the committed blob
// holds (EBCDIC). No git configuration is needed, so a pull request can
// set it in .gitattributes. In a work tree such a file is read as git
// stores it (kindClean): its clean form, from filelist.OpenCommittedForm.

// gitAttrs returns, for each attribute asked, the paths (relative to top)
// for which it is set to anything.
func gitAttrs(ctx context.Context, top string, rels []string, attrs ...string) (map[string]map[string]bool, error) {
	set := map[string]map[string]bool{}
	for _, a := range attrs {
		set[a] = map[string]bool{}
	}
	if len(rels) == 0 {
		return set, nil
	}
	var in bytes.Buffer
	for _, r := range rels {
		in.WriteString(r + "\x00")
	}
	cmd := gitcmd.Command(ctx, top, append([]string{"check-attr", "-z", "--stdin"}, attrs...)...)
	cmd.Stdin = &in
	out, err := gitcmd.Run(cmd)
	if err != nil {
		return nil, err
	}
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+2 < len(fields); i += 3 {
		if v := fields[i+2]; v != "unspecified" && v != "unset" && set[fields[i+1]] != nil {
			set[fields[i+1]][fields[i]] = true
		}
	}
	return set, nil
}

// clean reads the form git would commit of the work-tree file f
// (filelist.OpenCommittedForm). When git cannot make it (bytes that are
// not valid in the declared encoding; git add fails the same way) the
// file is read as it is, every line counting.
func (r *reader) clean(f *file, res *result) ([]Finding, int64, error) {
	committed, err := filelist.OpenCommittedForm(context.Background(), f.abs)
	if errors.Is(err, filelist.ErrNoCommittedForm) {
		f.kind, f.added = kindRegular, nil
		return r.open(f, res)
	}
	if err != nil {
		return nil, 0, err
	}
	fs, n, readErr := r.stream(f, committed)
	if err := committed.Close(); readErr == nil && err != nil {
		return nil, n, err
	}
	return fs, n, readErr
}
