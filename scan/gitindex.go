package scan

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// git reads its index without checking the checksum at its end (only
// `git fsck` and a few writers do): a damaged entry is taken as it reads,
// a file's mode turned into a submodule's, say, so that `--staged` would
// read nothing of it and pass. verifyIndex checks the checksum first.

// verifyIndex fails when the index of the work tree at top (the file git
// uses: GIT_INDEX_FILE, or .git/index) does not end with the hash of the
// rest, and so do the shared index files of a split index. No index at
// all (a repository where nothing was ever staged) is fine.
func verifyIndex(ctx context.Context, top string) error {
	out, err := gitcmd.Output(ctx, top, "rev-parse", "--show-object-format", "--git-path", "index", "--git-dir")
	if err != nil {
		return err
	}
	f := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(f) != 3 {
		return fmt.Errorf("git rev-parse: unexpected answer %q", DisplayPath(string(out)))
	}
	newHash := map[string]func() hash.Hash{"sha1": sha1.New, "sha256": sha256.New}[f[0]]
	if newHash == nil {
		return fmt.Errorf("unknown git object format %q", f[0])
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(top, p)
	}
	skipHash := gitBool(ctx, top, "index.skipHash") || gitBool(ctx, top, "feature.manyFiles")
	if err := verifyIndexFile(abs(f[1]), newHash, skipHash); err != nil {
		return err
	}
	shared, err := filepath.Glob(filepath.Join(abs(f[2]), "sharedindex.*"))
	if err != nil {
		return err
	}
	for _, p := range shared {
		if err := verifyIndexFile(p, newHash, false); err != nil {
			return err
		}
	}
	return nil
}

// verifyIndexFile checks that the file at path ends with the hash of what
// comes before. With skipHash (index.skipHash, git 2.40) git may write
// zeros there instead.
func verifyIndexFile(path string, newHash func() hash.Hash, skipHash bool) error {
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return pathError(path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return pathError(path, err)
	}
	h := newHash()
	body := st.Size() - int64(h.Size())
	if body < 12 { // "DIRC", version, entry count
		return fmt.Errorf("the git index %s is corrupt: too short to be an index (git fsck says more)", DisplayPath(path))
	}
	if _, err := io.Copy(h, io.LimitReader(fh, body)); err != nil {
		return pathError(path, err)
	}
	sum := make([]byte, h.Size())
	if _, err := io.ReadFull(fh, sum); err != nil {
		return pathError(path, err)
	}
	if bytes.Equal(sum, h.Sum(nil)) || skipHash && bytes.Count(sum, []byte{0}) == len(sum) {
		return nil
	}
	return fmt.Errorf("the git index %s is corrupt: its checksum does not match, so git would read damaged entries as they are (git fsck says more)", DisplayPath(path))
}

// gitBool reads a boolean configuration value; unset or unreadable is false.
func gitBool(ctx context.Context, dir, key string) bool {
	out, err := gitcmd.Output(ctx, dir, "config", "--type=bool", "--get", key)
	return err == nil && strings.TrimSpace(string(out)) == "true"
}
