package scan

import (
	"bytes"
	"slices"
	"sort"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Tokens are ASCII, so in UTF-16 and UTF-32 each of their characters is a
// code unit whose other bytes are zero: "g\x00h\x00p\x00_" in UTF-16LE,
// "\x00g\x00h" in UTF-16BE, "g\x00\x00\x00h" in UTF-32LE. Rather than
// guess a file's encoding (a byte-order mark is optional, and a binary may
// hold UTF-16 strings among other bytes), every chunk that holds a NUL byte
// is searched for "g\x00", which starts a token in each of these encodings
// at any alignment. At a hit, the line around it is narrowed to one byte
// per code unit and analysed. A chunk without a NUL byte cannot hold such
// a unit, so text files cost one IndexByte.
//
// Positions: in a file whose start looks like UTF-16 or UTF-32 text (a
// byte-order mark, or zero bytes piling up at some offsets modulo 4), lines
// and columns are counted per encoding and alignment ("view"), so a token
// is reported where an editor shows it. Elsewhere (a binary) counting
// would cost a pass over every line feed for nothing: a token is reported
// at the line and column of its bytes, as a raw token is. The choice only
// affects positions, never what is found.

// A view is an encoding (width 2 or 4, little or big endian) at one
// alignment (phase: the file offset of its units, modulo the width).
type view struct {
	width int
	be    bool
	phase int
}

const nViews = 12 // UTF-16 LE/BE × 2 phases, UTF-32 LE/BE × 4 phases

func (v view) index() int {
	if v.width == 2 {
		return b2i(v.be)*2 + v.phase
	}
	return 4 + b2i(v.be)*4 + v.phase
}

// name is the encoding's name without the byte order: in the middle of an
// ASCII run, UTF-16BE is UTF-16LE read one byte later, so the order is not
// knowable from the token alone.
func (v view) name() string { return map[int]string{2: "UTF-16", 4: "UTF-32"}[v.width] }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Bounds of the line window analysed around a hit, in code units (the
// forward one, at 4 bytes a unit, stays within the reader's overlap).
const (
	wideBack = 1024
	wideFwd  = 4096
)

// wideState counts lines per view across the chunks of one source.
type wideState struct {
	counting  bool            // the file looks like wide text: count lines per view
	lines     [nViews]int     // line breaks before the current chunk
	lineStart [nViews]int64   // file offset of the current line's first unit
	events    [nViews][]int32 // this chunk's line breaks: chunk offset of the unit after each
	narrowed  []byte
}

func (w *wideState) reset() {
	w.counting = false
	for _, width := range [2]int{2, 4} {
		for _, be := range [2]bool{false, true} {
			for phase := range width {
				i := view{width, be, phase}.index()
				// A view's first unit is at its phase.
				w.lines[i], w.lineStart[i], w.events[i] = 0, int64(phase), w.events[i][:0]
			}
		}
	}
}

// start looks at the first chunk: it decides whether lines are counted
// per view, and makes line 1 of the view a byte-order mark selects start
// after it, so that columns are those an editor shows.
func (w *wideState) start(b []byte) {
	w.counting = looksWide(b[:min(len(b), 4096)])
	for _, c := range []struct {
		mark string
		v    view
	}{
		{"\xFF\xFE\x00\x00", view{4, false, 0}},
		{"\x00\x00\xFE\xFF", view{4, true, 0}},
		{"\xFF\xFE", view{2, false, 0}},
		{"\xFE\xFF", view{2, true, 0}},
	} {
		if bytes.HasPrefix(b, []byte(c.mark)) {
			w.lineStart[c.v.index()] = int64(len(c.mark))
			w.counting = true
		}
	}
}

// looksWide reports whether zero bytes pile up at some offsets modulo 4
// and are rare at others (their shares differ by half or more), as in
// UTF-16 or UTF-32 text; in a binary they spread evenly.
func looksWide(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	var zeros [4]int
	for i, c := range b {
		if c == 0 {
			zeros[i%4]++
		}
	}
	return (slices.Max(zeros[:])-slices.Min(zeros[:]))*4*2 >= len(b)
}

// unitByte is the ASCII character a code unit encodes, or 0xFF (a byte no
// token contains) for any other character.
func unitByte(u []byte, be bool) byte {
	c, rest := u[0], u[1:]
	if be {
		c, rest = u[len(u)-1], u[:len(u)-1]
	}
	for _, z := range rest {
		if z != 0 {
			return 0xFF
		}
	}
	if c >= 0x80 {
		return 0xFF
	}
	return c
}

// chunk finds the wide tokens whose 'g' is in b[first:cut]. off is b's file
// offset; raw gives raw line numbers (what --diff's added lines count).
func (w *wideState) chunk(r *reader, f *file, b []byte, first, cut int, off int64, raw *positioner, out []Finding) []Finding {
	if w.counting {
		w.lineBreaks(b, first, cut, off)
	}
	for i := first; i < cut; {
		j := bytes.Index(b[i:min(len(b), cut+1)], []byte("g\x00"))
		if j < 0 {
			break
		}
		p := i + j
		i = p + 1
		for _, c := range [4]struct{ width, back int }{{2, 0}, {2, 1}, {4, 0}, {4, 3}} {
			u := p - c.back
			// Cheapest test first: the next unit's character is 'h' or 'i'.
			if u < 0 || u+2*c.width > len(b) {
				continue
			}
			if h := b[u+c.width+c.back]; h != 'h' && h != 'i' {
				continue
			}
			v := view{c.width, c.back > 0, int((off + int64(u)) % int64(c.width))}
			if fd, ok := w.hit(r, f, b, u, off, v, raw, p); ok {
				out = append(out, fd)
				break
			}
		}
	}
	for i := range nViews {
		if ev := w.events[i]; len(ev) > 0 {
			w.lines[i] += len(ev)
			w.lineStart[i] = off + int64(ev[len(ev)-1])
		}
	}
	return out
}

// lineBreaks records, per view, the line feeds in b[first:cut]: a '\n'
// whose unit's other bytes are zero (checked byte by byte: this runs on
// every line feed of every binary).
func (w *wideState) lineBreaks(b []byte, first, cut int, off int64) {
	for i := range nViews {
		w.events[i] = w.events[i][:0]
	}
	add := func(width int, be bool, u, next int) {
		i := view{width, be, int((off + int64(u)) % int64(width))}.index()
		w.events[i] = append(w.events[i], int32(next))
	}
	for i := first; i < cut; {
		j := bytes.IndexByte(b[i:cut], '\n')
		if j < 0 {
			break
		}
		p := i + j
		i = p + 1
		if p+1 < len(b) && b[p+1] == 0 {
			add(2, false, p, p+2)
			if p+3 < len(b) && b[p+2] == 0 && b[p+3] == 0 {
				add(4, false, p, p+4)
			}
		}
		if p >= 1 && b[p-1] == 0 {
			add(2, true, p-1, p+1)
			if p >= 3 && b[p-2] == 0 && b[p-3] == 0 {
				add(4, true, p-3, p+1)
			}
		}
	}
}

// hit analyses the line of view v around the unit at b[u:] and returns the
// token finding that starts at that unit, if any.
func (w *wideState) hit(r *reader, f *file, b []byte, u int, off int64, v view, raw *positioner, p int) (Finding, bool) {
	width := v.width
	// Cheap test first: the units from u must spell a token prefix.
	var pre [11]byte
	k := 0
	for ; k < len(pre) && u+(k+1)*width <= len(b); k++ {
		pre[k] = unitByte(b[u+k*width:u+(k+1)*width], v.be)
	}
	if !tokenPrefix(pre[:k]) {
		return Finding{}, false
	}
	idx := v.index()
	abs := off + int64(u)
	ev := w.events[idx]
	nb := sort.Search(len(ev), func(i int) bool { return int(ev[i]) > u })
	lineStart := w.lineStart[idx]
	if nb > 0 {
		lineStart = off + int64(ev[nb-1])
	}
	start := max(int(lineStart-off), u-wideBack*width)
	if start < 0 {
		start = u % width
	}
	end := u
	for end+width <= len(b) && end < u+wideFwd*width && unitByte(b[end:end+width], v.be) != '\n' {
		end += width
	}
	w.narrowed = w.narrowed[:0]
	for q := start; q < end; q += width {
		w.narrowed = append(w.narrowed, unitByte(b[q:q+width], v.be))
	}
	target := (u - start) / width
	for _, a := range analysis.Analyze(f.analysisPath(), "", w.narrowed, r.cfg) {
		if a.Range.Start != target || a.Token == nil {
			continue
		}
		rawLine, rawCol := raw.at(u)
		if f.added != nil && !f.added[raw.gitLine] {
			return Finding{}, false
		}
		if !w.counting {
			endLine, endCol := raw.at(u + (a.Range.End-a.Range.Start)*width)
			return newFinding(f, a, rawLine, rawCol, endLine, endCol, v.name()), true
		}
		line := w.lines[idx] + nb + 1
		col := int((abs-lineStart)/int64(width)) + 1
		return newFinding(f, a, line, col, line, col+a.Range.End-a.Range.Start, v.name()), true
	}
	return Finding{}, false
}

// tokenPrefix reports whether b starts with a token prefix (or with the
// beginning of one, when b was cut short by the end of the data).
func tokenPrefix(b []byte) bool {
	for _, p := range ghtoken.Prefixes() {
		n := min(len(p), len(b))
		if n >= 4 && string(b[:n]) == p[:n] {
			return true
		}
	}
	return false
}
