package scan

import (
	"context"
	"fmt"
)

// ListFiles calls emit with each file a files-mode scan of paths would
// read (in a git work tree: tracked and untracked files, .gitignore
// honoured; elsewhere a walk that skips .git), with its report path
// relative to dir. Other tools that read the same files (ghpat-ls
// permissions) use it so they see what the scan sees.
func ListFiles(ctx context.Context, dir string, paths []string, emit func(rel, abs string) error) error {
	src, err := pathSource(ctx, dir, paths, nil)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan file)
	produced := make(chan error, 1)
	go func() {
		produced <- src.produce(ctx, 0, out)
		close(out)
	}()
	var emitErr error
	for f := range out {
		if f.release != nil {
			f.release()
		}
		if emitErr != nil {
			continue
		}
		if f.kind != kindRegular {
			// "-", a FIFO or a device: a stream, not a file to list.
			emitErr = fmt.Errorf("%s: not a regular file", DisplayPath(f.rel))
		} else {
			emitErr = emit(f.rel, f.abs)
		}
		if emitErr != nil {
			cancel()
		}
	}
	if err := <-produced; emitErr == nil {
		return err
	}
	return emitErr
}

// TextPath is how reports print a path: quoted when it holds control
// characters, so a file name cannot forge lines or drive the terminal.
func TextPath(p string) string { return textPath(p) }
