package scan

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// A container read from a stream (standard input, a git blob, a member
// of another container) is expanded after its raw bytes have been read,
// and a zip needs random access: its bytes are kept in a spool as they
// stream past, in memory up to memSpool bytes and then in a temporary
// file (removed when done), never more than maxExpandedBytes. A spool
// that cannot be written, or a container past that size, is a note, not
// an error: the raw bytes were still read.
var memSpool = 1 << 20

// spool keeps a copy of what is written to it. Writes never fail: the
// first problem is kept in err and later writes are dropped.
type spool struct {
	mem  bytes.Buffer
	file *os.File
	n    int64
	err  error
}

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return len(p), nil
	}
	if s.n+int64(len(p)) > maxExpandedBytes {
		s.err = fmt.Errorf("over %s: too large to keep a copy of for expanding", humanBytes(maxExpandedBytes))
		s.release()
		return len(p), nil
	}
	s.n += int64(len(p))
	if s.file == nil && s.mem.Len()+len(p) <= memSpool {
		s.mem.Write(p)
		return len(p), nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "ghpat-ls-spool-")
		if err != nil {
			s.err = fmt.Errorf("cannot keep a copy for expanding: %v", err)
			return len(p), nil
		}
		_ = os.Remove(f.Name()) // unlinked: gone with the descriptor, whatever happens
		s.file = f
		if _, err := f.Write(s.mem.Bytes()); err != nil {
			s.fail(err)
			return len(p), nil
		}
		s.mem = bytes.Buffer{}
	}
	if _, err := s.file.Write(p); err != nil {
		s.fail(err)
	}
	return len(p), nil
}

func (s *spool) fail(err error) {
	s.err = fmt.Errorf("cannot keep a copy for expanding: %v", err)
	s.release()
}

// readerAt is the spool's content for random access.
func (s *spool) readerAt() (io.ReaderAt, int64, error) {
	if s.err != nil {
		return nil, 0, s.err
	}
	if s.file != nil {
		return s.file, s.n, nil
	}
	return bytes.NewReader(s.mem.Bytes()), s.n, nil
}

// release frees the spool's memory and file.
func (s *spool) release() {
	s.mem = bytes.Buffer{}
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}
