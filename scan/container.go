package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/therootcompany/xz"
)

// Containers: compressed streams (gzip, bzip2, xz, zstd) and archives (zip
// and everything built on it, tar), recognised by their magic bytes, never
// by a file name. The raw bytes of every source are read as always
// (read.go); a source that starts like a container is expanded on top,
// and its members go through the same chunked reader, so memory stays
// flat and nested containers are expanded in turn, to maxContainerDepth.
// What cannot be expanded (encrypted, corrupt, unsupported, past a bound)
// is an Unexpanded note, never a silent skip. docs/scan.md "Containers"
// is the user's account of this file.

// containerKind is a format recognised by its magic bytes.
type containerKind int

const (
	notContainer containerKind = iota
	kindGzip
	kindBzip2
	kindXz
	kindZstd
	kindZip
	kindTar
	// Recognised but not expanded: named, so that the gap is stated.
	kind7z
	kindRar
	kindLz4
)

// containerFormats names each kind: the layer name of a report
// (Container.Layers) and what a message says.
var containerFormats = map[containerKind]struct{ layer, noun string }{
	kindGzip:  {"gzip", "a gzip stream"},
	kindBzip2: {"bzip2", "a bzip2 stream"},
	kindXz:    {"xz", "an xz stream"},
	kindZstd:  {"zstd", "a zstd stream"},
	kindZip:   {"zip", "a zip archive"},
	kindTar:   {"tar", "a tar archive"},
	kind7z:    {"7z", "a 7z archive"},
	kindRar:   {"rar", "a RAR archive"},
	kindLz4:   {"lz4", "an LZ4 stream"},
}

// The bounds of expansion: whatever a file holds (a 42.zip-style bomb, a
// gigabyte stream, a million tiny members), the time and memory spent on
// its expanded views stay within these. Variables so that tests can lower
// them; docs/performance.md lists them.
var (
	// maxContainerDepth is how many containers deep a member may be and
	// still be expanded (a .tgz in a .zip in a .tar.xz is 5: xz, tar,
	// zip, gzip, tar).
	maxContainerDepth = 5
	// maxExpandedBytes caps the expanded bytes analysed per scanned file;
	// expandRatio and minExpandBudget lower it for a small file: a file
	// of n bytes expands to at most max(minExpandBudget, expandRatio*n).
	maxExpandedBytes int64 = 1 << 30
	minExpandBudget  int64 = 100 << 20
	expandRatio      int64 = 100
	// maxMembers caps the archive members (at every depth) per scanned
	// file.
	maxMembers = 100_000
	// maxZipDirectory caps a zip's central directory, which archive/zip
	// holds in memory whole.
	maxZipDirectory int64 = 32 << 20
	// maxWindow caps the history a decompressor keeps (xz's dictionary,
	// zstd's window) for a stream that is the scanned file itself: xz -9
	// and zstd --ultra -20 stay within it. nestedWindow caps it for one
	// inside another container (xz -6, xz's default, and zstd -19 fit),
	// so that nesting cannot multiply the largest.
	maxWindow    = 64 << 20
	nestedWindow = 8 << 20
)

// sniff recognises a container by the first bytes of a source.
func sniff(b []byte) containerKind {
	switch {
	case bytes.HasPrefix(b, []byte{0x1f, 0x8b, 0x08}):
		return kindGzip
	case len(b) >= 10 && bytes.HasPrefix(b, []byte("BZh")) && b[3] >= '1' && b[3] <= '9' &&
		(bytes.HasPrefix(b[4:], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) || bytes.HasPrefix(b[4:], []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90})):
		return kindBzip2
	case bytes.HasPrefix(b, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}):
		return kindXz
	case bytes.HasPrefix(b, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return kindZstd
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return kindZip
	case len(b) >= 263 && string(b[257:262]) == "ustar":
		return kindTar
	case bytes.HasPrefix(b, []byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c}):
		return kind7z
	case bytes.HasPrefix(b, []byte("Rar!\x1a\x07")):
		return kindRar
	case bytes.HasPrefix(b, []byte{0x04, 0x22, 0x4d, 0x18}):
		return kindLz4
	}
	return notContainer
}

// inside is where a member stands: the "!"-joined member names below the
// scanned file ("" for a compressed stream's content) and the containers
// around it, outermost first.
type inside struct {
	member string
	layers []containerKind
}

// Container locates a finding inside a container in a report: Finding.File
// is then File followed by "!" and Member.
type Container struct {
	// File is the scanned file (or blob's path) that holds the containers.
	File string `json:"file"`
	// Member is the member path, "!" between nested archives; "" for the
	// content of a compressed stream (a .gz's).
	Member string `json:"member"`
	// Layers names the containers from the outside in: "zip", "tar",
	// "gzip", "bzip2", "xz", "zstd".
	Layers []string `json:"layers"`
}

// Unexpanded is a container that the scan read as bytes but could not
// expand in full: its raw bytes were scanned, what it holds was not (or
// not all of it).
type Unexpanded struct {
	// File is the scanned file (or blob's path).
	File string `json:"file"`
	// Member is the member that could not be expanded, "!" between nested
	// archives; "" when it is File itself.
	Member string `json:"member,omitempty"`
	Reason string `json:"reason"`
}

// Path is where the note is: File, or File!Member.
func (u Unexpanded) Path() string {
	if u.Member == "" {
		return u.File
	}
	return u.File + "!" + u.Member
}

// depth is how many containers are around f.
func (f *file) depth() int {
	if f.in == nil {
		return 0
	}
	return len(f.in.layers)
}

// child is the content of one member of f, a container of kind k: name is
// "" for a compressed stream's content.
func (f *file) child(k containerKind, name string) *file {
	in := &inside{layers: []containerKind{k}}
	if f.in != nil {
		in.member = f.in.member
		in.layers = append(slices.Clone(f.in.layers), k)
	}
	if name != "" {
		if in.member != "" {
			in.member += "!"
		}
		in.member += name
	}
	return &file{rel: f.rel, in: in}
}

// memberPath is f's member path ("" for the scanned file).
func (f *file) memberPath() string {
	if f.in == nil {
		return ""
	}
	return f.in.member
}

// shownPath is how a report names f: the scanned file, then "!" and the
// member path when f is inside an archive.
func (f *file) shownPath() string {
	if m := f.memberPath(); m != "" {
		return DisplayPath(f.rel + "!" + m)
	}
	return DisplayPath(f.rel)
}

// analysisPath is the name the engine sees for f (it picks a language by
// it): the member's own path inside an archive.
func (f *file) analysisPath() string {
	if m := f.memberPath(); m != "" {
		return m[strings.LastIndexByte(m, '!')+1:]
	}
	return f.rel
}

// container describes f's containers for a finding (nil: none).
func (f *file) container() *Container {
	if f.in == nil {
		return nil
	}
	c := &Container{File: DisplayPath(f.rel), Member: DisplayPath(f.in.member)}
	for _, k := range f.in.layers {
		c.Layers = append(c.Layers, containerFormats[k].layer)
	}
	return c
}

// containerNote is what a message adds for a finding inside containers:
// "in a tar archive in a gzip stream" (innermost first).
func containerNote(f *file) string {
	if f.in == nil {
		return ""
	}
	var parts []string
	for i := len(f.in.layers) - 1; i >= 0; i-- {
		parts = append(parts, containerFormats[f.in.layers[i]].noun)
	}
	return "in " + strings.Join(parts, " in ")
}

// expansion is the state of expanding one scanned file: what is left of
// its bounds, its notes and its counts.
type expansion struct {
	budget  int64 // expanded bytes left
	members int   // members left
	stopped bool  // a bound was reached: nothing more is expanded
	paths   *pathChecker

	containers int   // containers expanded
	bytes      int64 // expanded bytes analysed
}

// errOverBudget stops reading a member once the file's expansion budget
// is spent.
var errOverBudget = errors.New("over the expansion budget")

// errTruncated is a member whose data ends before its format says.
var errTruncated = errors.New("unexpected end of data (truncated or corrupt)")

// budgetReader counts what a member yields against the file's budget.
type budgetReader struct {
	r io.Reader
	e *expansion
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if int64(len(p)) > b.e.budget+1 {
		p = p[:max(b.e.budget, 0)+1] // one byte past the budget tells a member that ends there from a larger one
	}
	n, err := b.r.Read(p)
	if err == io.ErrUnexpectedEOF { // a decompressor's "truncated", which the chunk reader would take for the end
		err = errTruncated
	}
	b.e.budget -= int64(n)
	b.e.bytes += int64(n)
	if b.e.budget < 0 {
		b.e.bytes += b.e.budget
		return n, errOverBudget
	}
	return n, err
}

// budgetFor is the expansion budget of a scanned file of size bytes.
func budgetFor(size int64) int64 {
	b := max(minExpandBudget, expandRatio*size)
	if size > maxExpandedBytes/expandRatio { // no overflow
		b = maxExpandedBytes
	}
	return min(b, maxExpandedBytes)
}

// maxNotes caps the notes of one scanned file (an archive of a thousand
// encrypted members): past it, one more note says the rest is not named.
const maxNotes = 100

// note records that f (the scanned file or a member) could not be
// expanded, or not in full.
func (r *reader) note(f *file, format string, a ...any) {
	switch {
	case len(r.notes) < maxNotes:
		r.notes = append(r.notes, Unexpanded{
			File: DisplayPath(f.rel), Member: DisplayPath(f.memberPath()),
			Reason: DisplayPath(fmt.Sprintf(format, a...)),
		})
	case len(r.notes) == maxNotes:
		r.notes = append(r.notes, Unexpanded{File: DisplayPath(f.rel),
			Reason: fmt.Sprintf("more could not be expanded: only the first %d are named", maxNotes)})
	}
}

// expandable decides, at the start of a source of kind k, whether it is
// to be expanded once read; when it is not, a note says why.
func (r *reader) expandable(f *file, k containerKind) bool {
	switch {
	case k == notContainer:
		return false
	case k == kind7z || k == kindRar || k == kindLz4:
		r.note(f, "%s: format not expanded (its raw bytes were scanned)", containerFormats[k].noun)
		return false
	case r.exp != nil && r.exp.stopped:
		return false // said once, when the bound was reached
	case f.depth() >= maxContainerDepth:
		r.note(f, "%s nested deeper than %d containers: not expanded", containerFormats[k].noun, maxContainerDepth)
		return false
	}
	return true
}

// expandSource expands the container of kind k that is f's content,
// size bytes readable at src, and returns the findings in it. At the
// scanned file (depth 0) it sets up the file's bounds.
func (r *reader) expandSource(f *file, k containerKind, src io.ReaderAt, size int64) []Finding {
	if f.in == nil {
		r.exp = &expansion{budget: budgetFor(size), members: maxMembers, paths: newPathChecker(r.cfg)}
		r.exp.paths.noun = "archive member"
		defer func() {
			r.expContainers += r.exp.containers
			r.expBytes += r.exp.bytes
			r.exp = nil
		}()
	}
	r.exp.containers++
	switch k {
	case kindZip:
		return r.expandZip(f, src, size)
	case kindTar:
		return r.expandTar(f, io.NewSectionReader(src, 0, size))
	}
	return r.expandStream(f, k, io.NewSectionReader(src, 0, size))
}

// member streams one member's content through the reader. name is "" for
// a compressed stream's content; at is the member's bytes when they can
// be read at random (a stored zip member), or nil.
func (r *reader) member(parent *file, k containerKind, name string, rd io.Reader, at io.ReaderAt) ([]Finding, *file, error) {
	m := parent.child(k, name)
	m.at = at
	fs, _, err := r.stream(m, &budgetReader{r: rd, e: r.exp})
	return fs, m, err
}

// memberFailed records why reading member m (of a container of kind k)
// stopped. It reports whether the walk over the container must stop.
func (r *reader) memberFailed(m *file, k containerKind, err error) (stop bool) {
	if errors.Is(err, errOverBudget) {
		r.overBudget(m)
		return true
	}
	r.note(m, "%s: %s", containerFormats[k].noun, readProblem(err))
	return false
}

// readProblem says why a container could not be read: a bound, or the
// decoder's own words.
func readProblem(err error) string {
	if errors.Is(err, xz.ErrMemlimit) || errors.Is(err, zstd.ErrWindowSizeExceeded) || errors.Is(err, zstd.ErrDecoderSizeExceeded) {
		return fmt.Sprintf("needs more decompressor memory than the bound (%s for a file, %s inside another container)",
			humanBytes(int64(maxWindow)), humanBytes(int64(nestedWindow)))
	}
	return fmt.Sprintf("cannot read: %v", err)
}

// overBudget stops the expansion of the whole scanned file.
func (r *reader) overBudget(at *file) {
	r.exp.stopped = true
	r.note(&file{rel: at.rel, in: at.in}, "expanded past the bound (%s, or %d times the file's size if more than %s): the rest of the file was not expanded",
		humanBytes(maxExpandedBytes), expandRatio, humanBytes(minExpandBudget))
}

// takeMember counts one member against the file's bound; false (with a
// note, once) when the bound is reached.
func (r *reader) takeMember(f *file) bool {
	if r.exp.stopped {
		return false
	}
	if r.exp.members <= 0 {
		r.exp.stopped = true
		r.note(f, "more than %d archive members in the file: the rest was not expanded", maxMembers)
		return false
	}
	r.exp.members--
	return true
}

// memberName checks a member's name for tokens, as a file's path is
// checked (github-token-in-path): it is reported as the member.
func (r *reader) memberName(f *file, k containerKind, name string) []Finding {
	named := r.exp.paths.names(name)
	if len(named) == 0 {
		return nil
	}
	m := f.child(k, name)
	var out []Finding
	for _, n := range named {
		prefix := ""
		if f.memberPath() != "" {
			prefix = f.memberPath() + "!"
		}
		if r.exp.paths.seen[prefix+n.named] { // a directory's name: once, however many members are under it
			continue
		}
		r.exp.paths.seen[prefix+n.named] = true
		at := &file{rel: f.rel, in: &inside{member: prefix + n.named, layers: m.in.layers}}
		fd := n.finding
		fd.File = at.shownPath()
		fd.Container = at.container()
		fd.Message += " (" + containerNote(at) + ")"
		fd.Fingerprint = fmt.Sprintf("%s:%s:0", fd.File, fd.RuleID)
		out = append(out, fd)
	}
	return out
}

// dedupe keeps the raw findings of a container's bytes that its expanded
// view does not explain: a token in a stored member, or in a member's
// name, is reported once, where it is in the member.
func dedupe(raw, expanded []Finding) []Finding {
	if len(expanded) == 0 {
		return raw
	}
	seen := map[string]bool{}
	for _, f := range expanded {
		if f.Token != nil {
			seen[f.Token.Fingerprint] = true
		}
	}
	out := raw[:0]
	for _, f := range raw {
		if f.Token == nil || !seen[f.Token.Fingerprint] {
			out = append(out, f)
		}
	}
	return append(out, expanded...)
}

// pendingContainer is a source being read that is a container to expand
// once its raw bytes have been read: from at, or from a spool.
type pendingContainer struct {
	kind  containerKind
	at    io.ReaderAt
	spool *spool
}

func (p *pendingContainer) release() {
	if p != nil && p.spool != nil {
		p.spool.release()
	}
}

// startContainer looks at the first bytes of f's content. When they are
// a container to expand, its bytes for random access are the file itself
// (a regular file, a stored member), or a spool that the rest of rd is
// copied to as it is read.
func (r *reader) startContainer(f *file, head []byte, rd io.Reader) (*pendingContainer, io.Reader) {
	k := sniff(head)
	if !r.expandable(f, k) {
		return nil, rd
	}
	p := &pendingContainer{kind: k, at: f.at}
	if fh, ok := rd.(*os.File); ok && p.at == nil {
		if st, err := fh.Stat(); err == nil && st.Mode().IsRegular() { // not a pipe: git's output, a FIFO
			p.at = fh
		}
	}
	if p.at == nil {
		p.spool = &spool{}
		_, _ = p.spool.Write(head) // never fails: a problem is kept for later
		rd = io.TeeReader(rd, p.spool)
	}
	return p, rd
}

// finishContainer expands the container that f's content is, now read
// whole (size bytes), and merges what it holds with raw, the findings in
// its raw bytes.
func (r *reader) finishContainer(f *file, p *pendingContainer, raw []Finding, size int64) []Finding {
	if p == nil {
		return raw
	}
	src := p.at
	if p.spool != nil {
		var err error
		if src, size, err = p.spool.readerAt(); err != nil {
			r.note(f, "%s: %v", containerFormats[p.kind].noun, err)
			return raw
		}
	}
	inner := r.expandSource(f, p.kind, src, size)
	if f.base != nil && len(inner) > 0 {
		inner = r.dropKnown(f, inner)
	}
	return dedupe(raw, inner)
}

// sortUnexpanded sorts a report's notes, and gives none an empty list
// (JSON [] rather than null).
func sortUnexpanded(rep *Report) {
	slices.SortStableFunc(rep.Unexpanded, func(a, b Unexpanded) int { return strings.Compare(a.Path(), b.Path()) })
	if rep.Unexpanded == nil {
		rep.Unexpanded = []Unexpanded{}
	}
	rep.Summary.Skipped.Unexpanded = len(rep.Unexpanded)
}

// gitBlob is a blob of the repository in dir.
type gitBlob struct{ dir, oid string }

// dropKnown takes out of a changed container's findings (--diff) the
// tokens the container already held at REV: inside an archive there are
// no added lines to tell new from old, so the old version is expanded
// too. If it cannot be read, every finding stays (fail closed). It is
// read through the one reader of git objects (catfile.go), so its content
// is hashed against its id as it is read: a rewritten old version cannot
// hide a new token.
func (r *reader) dropKnown(f *file, found []Finding) []Finding {
	old := &reader{cfg: r.cfg, buf: r.buf}
	var oldFound []Finding
	base := blobRef{oid: f.base.oid, typ: "blob", size: -1, name: f.rel}
	err := catBlobs(context.Background(), f.base.dir, []blobRef{base}, func(_ blobRef, body io.Reader) error {
		var err error
		oldFound, _, err = old.stream(&file{rel: f.rel, kind: kindReader}, body)
		return err
	})
	if err != nil {
		return found
	}
	known := map[string]bool{}
	for _, o := range oldFound {
		if o.Container != nil && o.Token != nil {
			known[o.RuleID+"\x00"+o.Token.Fingerprint] = true // wherever it stood: a move is not a leak
		}
	}
	kept := found[:0]
	for _, n := range found {
		if n.Container == nil || n.Token == nil || !known[n.RuleID+"\x00"+n.Token.Fingerprint] {
			kept = append(kept, n)
		}
	}
	return kept
}
