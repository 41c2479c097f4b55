package scan

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// The one reader of git objects. Every source that reads content from
// the object store (--staged, the index-only files of --diff and of a
// sparse checkout, --diff A..B, --history) reads it here: one
// `git cat-file --batch` a call, with the history scan's git settings
// (no replace objects, no lazy fetch: historyGit), each object checked
// for the type and size asked for and hashed against its id on the way
// (gitobject.go).

// catBlobs streams the content of objs, in order, from one
// `git cat-file --batch`. each gets the object (its size filled in) and
// a reader limited to its bytes, and may consume or ignore it; the rest
// is drained here, and the object's hash checked.
func catBlobs(ctx context.Context, dir string, objs []blobRef, each func(b blobRef, r io.Reader) error) error {
	if len(objs) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// git's default delta-base cache (96 MB) makes cat-file the largest
	// process of the scan; 32 MB keeps reading as fast on real
	// repositories (docs/performance.md) at half the memory.
	cmd := historyGit(ctx, dir, "-c", "core.deltaBaseCacheLimit=32m", "cat-file", "--batch", "--buffer")
	p, err := startGitFed(cmd, idLines(len(objs), func(i int) string { return objs[i].oid }))
	if err != nil {
		return err
	}
	var runErr error
	for _, b := range objs {
		if runErr = catOne(p, b, each); runErr != nil {
			break
		}
	}
	return p.wait(runErr)
}

// catOne reads the next object of cat-file's output, which must be b (of
// b.size bytes, unless b.size is negative: any size).
func catOne(p *gitProc, b blobRef, each func(b blobRef, r io.Reader) error) error {
	r := p.out
	hdr, err := r.ReadString('\n')
	if err != nil {
		// git closed its output: let it exit, so that its stderr (why
		// it stopped) is all there before it is quoted.
		_ = p.cmd.Wait()
		return fmt.Errorf("git cat-file stopped before %s %s%s (%v): %s", b.typ, b.oid, objectWhere(b.name), err, gitcmd.Message(p.stderr.String()))
	}
	typ, size, err := catFileHeader(strings.TrimSuffix(hdr, "\n"))
	switch {
	case err != nil:
		return fmt.Errorf("%w%s", err, objectWhere(b.name))
	case !strings.HasPrefix(hdr, b.oid+" "):
		return fmt.Errorf("git cat-file: unexpected header %q for %s %s", ghtoken.RedactAll(strings.TrimSpace(hdr)), b.typ, b.oid)
	case typ != b.typ:
		return fmt.Errorf("git object %s%s is a %s, not a %s", b.oid, objectWhere(b.name), typ, b.typ)
	case b.size >= 0 && size != b.size:
		return fmt.Errorf("git cat-file: size %d for %s %s, expected %d", size, b.typ, b.oid, b.size)
	}
	b.size = size
	check, err := newObjectCheck(b.oid, b.typ, size)
	if err != nil {
		return err
	}
	lr := &io.LimitedReader{R: r, N: size}
	body := check.reader(lr)
	if err := each(b, body); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return fmt.Errorf("git cat-file: %v reading %s %s", err, b.typ, b.oid)
	}
	if lr.N != 0 {
		return fmt.Errorf("git cat-file: %s %s cut short", b.typ, b.oid)
	}
	if c, err := r.ReadByte(); err != nil || c != '\n' {
		return fmt.Errorf("git cat-file: %s %s not followed by a newline", b.typ, b.oid)
	}
	return check.verify(objectWhere(b.name))
}

// objectWhere names where an object was found, for an error message.
func objectWhere(name string) string {
	if name == "" {
		return ""
	}
	return " (" + DisplayPath(name) + ")"
}

// catFileHeader parses a `git cat-file --batch` header line (without its
// newline): "<oid> <type> <size>", or "<object> missing" (and "ambiguous").
// errNoObject is an object git cannot give (missing, or an ambiguous id).
var errNoObject = errors.New("not readable")

func catFileHeader(line string) (typ string, size int64, err error) {
	f := strings.Fields(line)
	if len(f) == 2 && (f[1] == "missing" || f[1] == "ambiguous") {
		return "", 0, fmt.Errorf("git object %s is %s from the repository: %w", f[0], f[1], errNoObject)
	}
	if len(f) != 3 {
		return "", 0, fmt.Errorf("git cat-file: bad header %q", ghtoken.RedactAll(line))
	}
	size, err = strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return "", 0, fmt.Errorf("git cat-file: bad size in %q", ghtoken.RedactAll(line))
	}
	return f[1], size, nil
}

// idLines writes n object ids, one a line: cat-file's input.
func idLines(n int, id func(i int) string) func(w *bufio.Writer) {
	return func(w *bufio.Writer) {
		for i := 0; i < n; i++ {
			w.WriteString(id(i))
			w.WriteByte('\n')
		}
	}
}

// stagedBlob is one file read from the object store by the file sources:
// its path, blob id, whether the path is new, and the lines that count.
type stagedBlob struct {
	path, oid string
	newPath   bool
	added     lineSet // nil: every line counts
}

// sendBlobs hands each blob, read by catBlobs, to a worker and waits
// until the worker has read it: memory stays one chunk per blob. A blob
// over max (when positive) is sent as skipped, unread.
func sendBlobs(ctx context.Context, dir string, blobs []stagedBlob, max int64, out chan<- file) error {
	objs := make([]blobRef, len(blobs))
	for i, b := range blobs {
		objs[i] = blobRef{oid: b.oid, typ: "blob", size: -1, name: b.path}
	}
	next := 0
	return catBlobs(ctx, dir, objs, func(ref blobRef, body io.Reader) error {
		b := blobs[next]
		next++
		f := file{rel: b.path, newPath: b.newPath, size: ref.size, added: b.added}
		done := make(chan struct{})
		if max > 0 && ref.size > max {
			f.kind = kindSkip
		} else {
			f.kind, f.rd = kindReader, body // the worker's reads hash it
			f.release = func() { close(done) }
		}
		if err := send(ctx, out, f); err != nil {
			return err
		}
		if f.release == nil {
			return nil
		}
		select { // the worker reads the blob from cat-file's output
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
}
