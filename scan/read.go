package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Every source (a file, a link's target, standard input, a staged blob)
// is read by reader.stream in chunks of chunkSize bytes plus an overlap:
// the overlap is read ahead so that a token starting in a chunk is seen
// whole, and analysed again as part of the next chunk, where only the
// findings starting in it count. Memory per worker is one buffer of
// chunkSize+overlap bytes, whatever the size of the source.
var (
	chunkSize = 4 << 20 // a variable so tests can shrink it
	overlap   = 64 << 10
)

// lead is how many bytes of the previous chunk (at least) each later chunk
// starts with: enough to hold the rest of a UTF-32 unit that ends in it.
const lead = 4

// errOverLimit stops reading a stream that grew past the user's size limit.
var errOverLimit = errors.New("over the size limit")

// reader is one worker's reusable state.
type reader struct {
	cfg  *analysis.Config
	max  int64 // the user's size limit (0: none)
	buf  []byte
	wide wideState

	// Containers (container.go): the expansion of the file being read,
	// and per file read, what could not be expanded and what was.
	exp           *expansion
	notes         []Unexpanded
	expContainers int
	expBytes      int64
}

// stream analyses everything rd yields as the content of f. It returns the
// findings, the bytes read, and errOverLimit (with the findings of what was
// read) when a limit is set and rd yields more.
func (r *reader) stream(f *file, rd io.Reader) ([]Finding, int64, error) {
	size := chunkSize + overlap
	if cap(r.buf) < size {
		r.buf = make([]byte, size)
	}
	b := r.buf[:size]
	r.wide.reset()
	var out []Finding
	var off int64 // file offset of b[0]
	n, first := 0, 0
	pos := fileStart // position of b[0]
	var cont *pendingContainer
	defer func() { cont.release() }()
	var readErr error // what was read before it is still analysed (a truncated member's start)
	for eof, sniffed := false, false; ; {
		if !eof {
			m, err := io.ReadFull(rd, b[n:])
			n += m
			switch {
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				eof = true
			case err != nil:
				eof, readErr = true, err
			}
		}
		if !sniffed { // the first bytes: a container to expand once read?
			sniffed = true
			cont, rd = r.startContainer(f, b[:n], rd)
		}
		total := off + int64(n)
		cut := n
		if !eof {
			cut = chooseCut(b[:n], first)
		}
		out = r.raw(f, b[:n], first, cut, pos, out)
		if bytes.IndexByte(b[:n], 0) >= 0 {
			if off == 0 {
				r.wide.start(b[:n])
			}
			raw := &positioner{text: b[:n], first: pos}
			raw.reset()
			out = r.wide.chunk(r, f, b[:n], first, cut, off, raw, out)
		}
		if r.max > 0 && total > r.max && f.in == nil {
			return out, total, errOverLimit
		}
		if readErr != nil {
			return out, total, readErr
		}
		if eof {
			return r.finishContainer(f, cont, out, total), total, nil
		}
		// The next chunk starts a little before cut, and never inside a
		// UTF-8 sequence, whose columns would then be counted twice.
		next := cut - lead
		for k := 0; k < 3 && next > 0 && b[next]&0xC0 == 0x80; k++ {
			next--
		}
		if next > 0 && b[next-1] == '\r' && b[next] == '\n' {
			next-- // nor inside a "\r\n", which would count as two line breaks
		}
		pos = advance(b[:next], pos)
		n = copy(b, b[next:n])
		off += int64(next)
		first = cut - next
	}
}

// chooseCut picks where the chunk's own part of b ends: after the last
// line break in its second half (so chunks hold whole lines and an inline
// suppression stays on its finding's line), else at the overlap.
func chooseCut(b []byte, first int) int {
	lim := len(b) - overlap
	if i := bytes.LastIndexByte(b[first:lim], '\n'); i >= 0 && first+i+1 > lim/2 {
		return first + i + 1
	}
	return lim
}

// raw runs the engine over the bytes as they are (UTF-8, ASCII, or any
// binary) and keeps the findings that start in [first, cut).
func (r *reader) raw(f *file, text []byte, first, cut int, at textPos, out []Finding) []Finding {
	fs := analysis.Analyze(f.analysisPath(), "", text, r.cfg)
	if len(fs) == 0 {
		return out
	}
	pos := &positioner{text: text, first: at}
	pos.reset()
	for _, a := range fs {
		if a.Range.Start < first || a.Range.Start >= cut {
			continue
		}
		l, c := pos.at(a.Range.Start)
		if f.added != nil && !f.added[pos.gitLine] {
			continue
		}
		el, ec := pos.at(a.Range.End)
		out = append(out, newFinding(f, a, l, c, el, ec, ""))
	}
	return out
}

func newFinding(f *file, a analysis.Finding, line, col, endLine, endCol int, encoding string) Finding {
	msg := a.Message
	if encoding != "" {
		msg += " (encoded as " + encoding + ")"
	}
	if in := containerNote(f); in != "" {
		msg += " (" + in + ")"
	}
	shown := f.shownPath()
	// Messages may quote the file (an action name, a header value): this
	// is the scanner's one door for them, as toDiagnostic is the editor's.
	return Finding{
		File: shown, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
		RuleID: a.RuleID, Severity: a.Severity.String(), Message: ghtoken.RedactAll(msg),
		Token:       tokenInfo(a.Token),
		Fingerprint: fmt.Sprintf("%s:%s:%d", shown, a.RuleID, line),
		Container:   f.container(),
	}
}
