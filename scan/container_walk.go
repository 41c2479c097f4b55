package scan

import (
	"archive/tar"
	"archive/zip"
	"compress/bzip2"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
	"github.com/therootcompany/xz"
)

// expandStream reads the content of a compressed stream as a member with
// no name of its own ("config.json.gz:3:7 ... in a gzip stream").
func (r *reader) expandStream(f *file, k containerKind, src io.Reader) []Finding {
	window := nestedWindow
	if f.in == nil {
		window = maxWindow
	}
	dec, closeDec, err := decompressor(k, src, window)
	if err != nil {
		r.note(f, "%s: %s", containerFormats[k].noun, readProblem(err))
		return nil
	}
	defer closeDec()
	fs, m, err := r.member(f, k, "", dec, nil)
	if err != nil {
		r.memberFailed(m, k, err)
	}
	return fs
}

// decompressor opens a compressed stream with its memory bounded: a
// history (xz dictionary, zstd window) over window bytes is an error.
func decompressor(k containerKind, src io.Reader, window int) (io.Reader, func(), error) {
	none := func() {}
	switch k {
	case kindGzip:
		zr, err := gzip.NewReader(src) // every member of a multi-member stream
		if err != nil {
			return nil, none, err
		}
		return zr, func() { zr.Close() }, nil
	case kindBzip2:
		return bzip2.NewReader(src), none, nil
	case kindXz:
		// A larger dictionary is an error on reading (xz.ErrMemlimit),
		// not an allocation.
		zr, err := xz.NewReader(src, uint32(window))
		return zr, none, err
	case kindZstd:
		zr, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(uint64(window)), zstd.WithDecoderMaxMemory(uint64(window)))
		if err != nil {
			return nil, none, err
		}
		return zr, zr.Close, nil
	}
	return nil, none, fmt.Errorf("%s: not a compressed stream", containerFormats[k].noun)
}

// expandTar reads every regular file of a tar archive, in order.
func (r *reader) expandTar(f *file, src io.Reader) []Finding {
	tr := tar.NewReader(src)
	var out []Finding
	for read := 0; ; read++ {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			r.note(f, "%s: cannot read past its first %d members: %v", containerFormats[kindTar].noun, read, err)
			return out
		}
		if !r.takeMember(f) {
			return out
		}
		out = append(out, r.memberName(f, kindTar, hdr.Name)...)
		switch hdr.Typeflag {
		case tar.TypeReg, tar.TypeGNUSparse, tar.TypeCont:
		default:
			continue // a directory, a link, a device: no content (a link's target is in the raw bytes)
		}
		fs, m, err := r.member(f, kindTar, hdr.Name, tr, nil)
		out = append(out, fs...)
		if err != nil {
			r.memberFailed(m, kindTar, err)
			return out // a tar is one stream: what follows a broken member cannot be found
		}
	}
}

// expandZip reads every file of a zip archive (jar, war, whl, apk, nupkg,
// vsix, docx, xlsx, ... are zips). Stored members are read in place;
// compressed ones through their decompressor.
func (r *reader) expandZip(f *file, src io.ReaderAt, size int64) []Finding {
	if n, dir, ok := zipDirectory(src, size); ok && (n > uint64(r.exp.members) || dir > uint64(maxZipDirectory)) {
		r.exp.stopped = true
		r.note(f, "a zip archive of %d members (a %s directory): over the bound of %d members or a %s directory, not expanded",
			n, humanBytes(int64(min(dir, 1<<62))), maxMembers, humanBytes(maxZipDirectory))
		return nil
	}
	zr, err := zip.NewReader(src, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // a "../" name is still a name to read
		r.note(f, "a zip archive: cannot read: %v", err)
		return nil
	}
	zr.RegisterDecompressor(12, func(rd io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(rd)) })
	zr.RegisterDecompressor(93, zipZstd)
	zr.RegisterDecompressor(95, zipXz)
	var out []Finding
	for _, zf := range zr.File {
		if !r.takeMember(f) {
			return out
		}
		out = append(out, r.memberName(f, kindZip, zf.Name)...)
		if zf.Mode().IsDir() && zf.UncompressedSize64 == 0 {
			continue
		}
		fs, stop := r.zipMember(f, src, zf)
		out = append(out, fs...)
		if stop {
			return out
		}
	}
	return out
}

// zipMember reads one zip member; stop says the file's bounds are spent.
func (r *reader) zipMember(f *file, src io.ReaderAt, zf *zip.File) ([]Finding, bool) {
	if zf.Flags&0x1 != 0 {
		r.note(f.child(kindZip, zf.Name), "encrypted zip member: its content cannot be read")
		return nil, false
	}
	var rd io.Reader
	var at io.ReaderAt
	if off, err := zf.DataOffset(); err == nil && zf.Method == zip.Store && zf.CompressedSize64 == zf.UncompressedSize64 {
		sec := io.NewSectionReader(src, off, int64(zf.CompressedSize64))
		rd, at = sec, sec
	} else {
		rc, err := zf.Open()
		if err != nil {
			r.note(f.child(kindZip, zf.Name), "zip member: cannot read: %v (compression method %d)", err, zf.Method)
			return nil, false
		}
		defer rc.Close()
		rd = rc
	}
	fs, m, err := r.member(f, kindZip, zf.Name, rd, at)
	if err != nil {
		return fs, r.memberFailed(m, kindZip, err)
	}
	return fs, false
}

func zipZstd(rd io.Reader) io.ReadCloser {
	zr, err := decompressorReadCloser(kindZstd, rd)
	if err != nil {
		return io.NopCloser(errReader{err})
	}
	return zr
}

func zipXz(rd io.Reader) io.ReadCloser {
	zr, err := decompressorReadCloser(kindXz, rd)
	if err != nil {
		return io.NopCloser(errReader{err})
	}
	return zr
}

func decompressorReadCloser(k containerKind, rd io.Reader) (io.ReadCloser, error) {
	dec, closeDec, err := decompressor(k, rd, nestedWindow) // a zip member: nested
	if err != nil {
		return nil, err
	}
	return readCloser{dec, closeDec}, nil
}

type readCloser struct {
	io.Reader
	close func()
}

func (c readCloser) Close() error { c.close(); return nil }

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// zipDirectory reads a zip's end of central directory record (zip64's
// when present): the number of members and the directory's size, which
// archive/zip would otherwise load whole, whatever they are. ok is false
// when no record is found (archive/zip then says why).
func zipDirectory(src io.ReaderAt, size int64) (members, dirSize uint64, ok bool) {
	const eocdLen, maxComment = 22, 65535
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := src.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, 0, false
	}
	i := len(buf) - eocdLen
	for ; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == 0x06054b50 {
			break
		}
	}
	if i < 0 {
		return 0, 0, false
	}
	rec := buf[i:]
	members = uint64(binary.LittleEndian.Uint16(rec[10:]))
	dirSize = uint64(binary.LittleEndian.Uint32(rec[12:]))
	if members != 0xffff && dirSize != 0xffffffff {
		return members, dirSize, true
	}
	// zip64: the locator stands just before the record.
	loc := size - tail + int64(i) - 20
	var l [20]byte
	if loc < 0 {
		return members, dirSize, true
	}
	if _, err := src.ReadAt(l[:], loc); err != nil || binary.LittleEndian.Uint32(l[:]) != 0x07064b50 {
		return members, dirSize, true
	}
	var rec64 [56]byte
	off := int64(binary.LittleEndian.Uint64(l[8:]))
	if off < 0 || off > size-56 {
		return members, dirSize, true
	}
	if _, err := src.ReadAt(rec64[:], off); err != nil || binary.LittleEndian.Uint32(rec64[:]) != 0x06064b50 {
		return members, dirSize, true
	}
	return binary.LittleEndian.Uint64(rec64[32:]), binary.LittleEndian.Uint64(rec64[40:]), true
}
