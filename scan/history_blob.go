package scan

import (
	"fmt"
	"io"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// scanBlobContent is the one door through which the history scan hands blob
// bytes to the engine: "scan this reader as content named name". It is the
// shared streaming reader of every other scan (read.go): every byte is
// read, binaries and UTF-16/UTF-32 included, no size limit, in bounded
// chunks with an overlap, so memory stays at len(buf) whatever the blob's
// size and no token is split.
//
// The findings carry positions in the content and File = name. buf is
// reused across calls; it should hold chunkSize+overlap bytes (a smaller
// one is replaced for the call). It also says what expanding the
// containers in the content (container.go) did: its notes have File empty.
func scanBlobContent(name string, rd io.Reader, buf []byte, cfg *analysis.Config) (findings []Finding, n int64, exp blobExpansion, err error) {
	r := &reader{cfg: cfg, buf: buf}
	findings, n, err = r.stream(&file{rel: name}, rd)
	if err != nil {
		return nil, n, exp, fmt.Errorf("read %s: %w", name, err)
	}
	return findings, n, blobExpansion{notes: r.notes, containers: r.expContainers, bytes: r.expBytes}, nil
}

// blobExpansion is what expanding the containers of one blob did.
type blobExpansion struct {
	notes      []Unexpanded
	containers int
	bytes      int64
}

// placeFinding puts a blob's finding at path: File is the path, and for
// a finding inside an archive, the path then "!" and the member.
func placeFinding(f *Finding, path string) {
	f.File = ghtoken.RedactAll(path)
	if f.Container != nil {
		c := *f.Container
		c.File = f.File
		f.Container = &c
		if c.Member != "" {
			f.File += "!" + c.Member
		}
	}
}

// addBlobExpansion adds what expanding blob b's containers did to a
// history report: each note is named by a path the blob has, and its id.
func addBlobExpansion(rep *Report, b blobRef, exp blobExpansion) {
	rep.Summary.Expanded.Containers += exp.containers
	rep.Summary.Expanded.Bytes += exp.bytes
	name := b.name
	if name == "" {
		name = "(blob " + b.oid + ")"
	}
	for _, n := range exp.notes {
		n.File = ghtoken.RedactAll(name)
		n.Reason += " (blob " + b.oid + ")"
		rep.Unexpanded = append(rep.Unexpanded, n)
	}
}
