package scan

import (
	"fmt"
	"io"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// scanContent is the one door through which the history scan hands blob
// bytes to the engine: "scan this reader as content named name". It is the
// shared streaming reader of every other scan (read.go): every byte is
// read, binaries and UTF-16/UTF-32 included, no size limit, in bounded
// chunks with an overlap, so memory stays at len(buf) whatever the blob's
// size and no token is split.
//
// The findings carry positions in the content and File = name. buf is
// reused across calls; it should hold chunkSize+overlap bytes (a smaller
// one is replaced for the call).
func scanContent(name string, rd io.Reader, buf []byte, cfg *analysis.Config) (findings []Finding, n int64, err error) {
	r := &reader{cfg: cfg, buf: buf}
	findings, n, err = r.stream(&file{rel: name}, rd)
	if err != nil {
		return nil, n, fmt.Errorf("read %s: %w", name, err)
	}
	return findings, n, nil
}
