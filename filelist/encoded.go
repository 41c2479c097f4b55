package filelist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// A file whose `working-tree-encoding` attribute is set (Encoded) is kept
// in the work tree in that encoding (IBM037, UTF-7, UTF-16...) and
// committed as UTF-8: in a fresh clone the work-tree bytes need not spell
// a token that the committed blob holds (EBCDIC). Its content is its
// clean form, made by `git hash-object -w` into a temporary object
// directory (the repository is not written to) and streamed back with
// `git cat-file blob`.

// ErrNoCommittedForm: git cannot convert the file (bytes that are not
// valid in the declared encoding; `git add` fails the same way). Its
// work-tree bytes are then its content.
var ErrNoCommittedForm = errors.New("git cannot make the committed form")

// OpenCommittedForm streams the form git would commit of the Encoded
// file abs. Close reports how git ended.
func OpenCommittedForm(ctx context.Context, abs string) (io.ReadCloser, error) {
	objects, err := os.MkdirTemp("", "ghpat-ls-clean-")
	if err != nil {
		return nil, err
	}
	env := "GIT_OBJECT_DIRECTORY=" + objects
	dir, base := filepath.Split(abs)
	hash := gitcmd.Command(ctx, dir, "hash-object", "-w", "--", base)
	hash.Env = append(hash.Env, env)
	oid, err := hash.Output()
	if err != nil {
		os.RemoveAll(objects)
		return nil, ErrNoCommittedForm
	}
	cat := gitcmd.Command(ctx, dir, "cat-file", "blob", strings.TrimSpace(string(oid)))
	cat.Env = append(cat.Env, env)
	c := &committedForm{objects: objects}
	cat.Stderr = &c.stderr
	out, err := cat.StdoutPipe()
	if err == nil {
		err = cat.Start()
	}
	if err != nil {
		os.RemoveAll(objects)
		return nil, err
	}
	c.cat, c.out = cat, out
	return c, nil
}

type committedForm struct {
	out     io.Reader
	cat     *exec.Cmd
	objects string
	stderr  bytes.Buffer
	ended   bool // out reached its end: git's exit status means something
}

func (c *committedForm) Read(p []byte) (int, error) {
	n, err := c.out.Read(p)
	if err == io.EOF {
		c.ended = true
	}
	return n, err
}

// Close ends git (stopping it when the reader gave up early) and removes
// the temporary objects; after a whole read, it reports how git ended.
func (c *committedForm) Close() error {
	defer os.RemoveAll(c.objects)
	if !c.ended {
		_ = c.cat.Process.Kill()
		_ = c.cat.Wait()
		return nil
	}
	if err := c.cat.Wait(); err != nil {
		return fmt.Errorf("the committed form: %w", gitcmd.Error(c.cat, c.stderr.String(), err))
	}
	return nil
}
