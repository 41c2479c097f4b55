package scan

import (
	"bytes"
	"fmt"
	"io"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// scanContent is the one door through which the history scan hands blob
// bytes to the engine: "scan this reader as content named name". Every
// byte is read (binary content included, no size limit); content larger
// than buf is analysed in bounded chunks that end at a line break (or, in
// a line longer than a chunk, after a byte no token contains), so memory
// stays at len(buf) whatever the blob's size and no token is split.
//
// The findings carry positions in the content and File = name. buf is
// reused across calls; it must hold at least one byte.
//
// After the fail-closed scanner rework this is the place to switch to the
// shared streaming reader (UTF-16/32 decoding and all); nothing else in
// the history scan touches content.
func scanContent(name string, rd io.Reader, buf []byte, cfg *analysis.Config) (findings []Finding, n int64, err error) {
	f := file{rel: name}
	fill := 0
	line, col := 1, 0
	first := true
	for eof := false; !eof || fill > 0; {
		if !eof {
			m, err := io.ReadFull(rd, buf[fill:])
			fill += m
			switch {
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				eof = true
			case err != nil:
				return nil, n, fmt.Errorf("read %s: %w", name, err)
			}
		}
		if first && eof {
			// Content that fits one chunk: a UTF-16 file with a byte-order
			// mark is decoded, as the file scanner does.
			text := buf[:fill]
			if dec, ok := decodeUTF16(text); ok {
				text = dec
			}
			return analyzeChunk(f, text, cfg, 1, 0), int64(fill), nil
		}
		first = false
		cut := fill
		if !eof {
			cut = bytes.LastIndexByte(buf[:fill], '\n') + 1
			if cut == 0 {
				cut = lastBreak(buf[:fill]) + 1
			}
			if cut == 0 { // a chunk of nothing but token characters
				cut = fill
			}
		}
		part := buf[:cut]
		n += int64(cut)
		findings = append(findings, analyzeChunk(f, part, cfg, line, col)...)
		if nl := bytes.Count(part, []byte{'\n'}); nl > 0 {
			line += nl
			col = analysis.UTF16Len(part[bytes.LastIndexByte(part, '\n')+1:])
		} else {
			col += analysis.UTF16Len(part)
		}
		fill = copy(buf, buf[cut:fill])
	}
	return findings, n, nil
}
