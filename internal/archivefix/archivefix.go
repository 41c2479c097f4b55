// Package archivefix builds archives and compressed streams at test time,
// so that no test commits an archive (and no archive hides a token from
// review). Formats the standard library cannot write (bzip2, xz) come from
// the system's bzip2 and xz programs; a test without them is skipped.
package archivefix

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"os/exec"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// Member is one file of an archive.
type Member struct {
	Name string
	Data []byte
	// Store keeps a zip member uncompressed; Encrypted marks it encrypted
	// (the flag only: its data is then unreadable to a scanner).
	Store, Encrypted bool
}

// Zip is a zip archive of the members.
func Zip(t testing.TB, members ...Member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.Name, Method: zip.Deflate}
		if m.Store {
			h.Method = zip.Store
		}
		if m.Encrypted {
			h.Flags |= 0x1
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(m.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Tar is a tar archive (POSIX ustar) of the members.
func Tar(t testing.TB, members ...Member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, m := range members {
		if err := w.WriteHeader(&tar.Header{Name: m.Name, Mode: 0o644, Size: int64(len(m.Data)), Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Gzip compresses data as a gzip stream.
func Gzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Zstd compresses data as a zstd stream.
func Zstd(t testing.TB, data []byte) []byte {
	t.Helper()
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll(data, nil)
}

// Bzip2 compresses data with the system's bzip2.
func Bzip2(t testing.TB, data []byte) []byte { t.Helper(); return filter(t, "bzip2", data, "-c") }

// Xz compresses data with the system's xz; options such as "-9" are
// passed on.
func Xz(t testing.TB, data []byte, options ...string) []byte {
	t.Helper()
	return filter(t, "xz", data, append([]string{"-c"}, options...)...)
}

func filter(t testing.TB, prog string, data []byte, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath(prog); err != nil {
		t.Skipf("%s is not installed", prog)
	}
	cmd := exec.Command(prog, args...)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", prog, err)
	}
	return out
}
