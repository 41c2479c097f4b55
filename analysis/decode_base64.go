package analysis

import "bytes"

// b64Value maps a base64 character of either alphabet to its value, and
// every other byte to 0xFF.
var b64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for i := 0; i < 64; i++ {
		t[b64Std[i]] = byte(i)
		t[b64URL[i]] = byte(i)
	}
	return t
}()

func isB64(c byte) bool { return b64Value[c] != 0xFF }

// b64Wrap is the length of a line break inside a base64 run at i: "\n" or
// "\r\n" (then any indentation), or a "\n" written as an escape inside a
// string literal (a PEM in JSON); 0 when the run does not go on there.
func b64Wrap(text []byte, i int) int {
	j := i
	switch {
	case j < len(text) && text[j] == '\n':
		j++
	case j+1 < len(text) && text[j] == '\r' && text[j+1] == '\n':
		j += 2
	case j+1 < len(text) && text[j] == '\\' && text[j+1] == 'n':
		return 2 * b2i(j+2 < len(text) && isB64(text[j+2]))
	default:
		return 0
	}
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	if j < len(text) && isB64(text[j]) {
		return j - i
	}
	return 0
}

// b64Lookback is how many groups before a hit are decoded with it.
const b64Lookback = 16

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decodeBase64 decodes the base64 run whose character at p has index
// phase in its group of four (the needle knows), in either alphabet,
// across line wraps, up to decodeWindow characters.
func decodeBase64(text []byte, p, phase int) (*view, int, bool) {
	start, ok := b64Back(text, p, phase)
	if !ok {
		return nil, p, false
	}
	// Decode a little of what comes before, whole groups of it: a nested
	// encoding's prefix needs the characters before it to know its own
	// alignment.
	for k := 0; k < b64Lookback; k++ {
		s, ok := b64Back(text, start, 4)
		if !ok {
			break
		}
		start = s
	}
	v := newView("base64", min(decodeWindow, len(text)-start)/4*3+3)
	var g b64Group
	chars, i := 0, start
	for i < len(text) && chars < decodeWindow {
		val, n := b64CharAt(text, i)
		if n == 0 {
			w := b64Wrap(text, i)
			if w == 0 {
				break
			}
			i += w
			continue
		}
		g.pos[g.n], g.val[g.n] = i, val
		g.n++
		chars++
		i += n
		if g.n == 4 {
			g.emit(v)
		}
	}
	end := i
	if g.n == 1 { // a lone character decodes to nothing
		end = g.pos[0]
	}
	g.emit(v)
	v.src = append(v.src, int32(end))
	if len(v.data) == 0 {
		return nil, end, false
	}
	return v, end, chars >= decodeWindow
}

// b64CharAt reads one base64 character at i: a character of either
// alphabet, or '+' and '/' escaped as a URL ("%2B", "%2F") or a JSON
// string ("\/") writes them. n is 0 when there is none.
func b64CharAt(text []byte, i int) (val byte, n int) {
	if v := b64Value[text[i]]; v != 0xFF {
		return v, 1
	}
	switch {
	case text[i] == '%' && i+2 < len(text) && text[i+1] == '2':
		switch text[i+2] {
		case 'B', 'b':
			return 62, 3
		case 'F', 'f':
			return 63, 3
		}
	case text[i] == '\\' && i+1 < len(text) && text[i+1] == '/':
		return 63, 2
	}
	return 0, 0
}

// b64Group is up to four characters being decoded.
type b64Group struct {
	pos [4]int  // where each character stands
	val [4]byte // its value
	n   int
}

// emit decodes 2 to 4 characters into 1 to 3 bytes; byte j's encoding
// starts at character j.
func (g *b64Group) emit(v *view) {
	if g.n > 1 {
		var bits uint32
		for k := 0; k < 4; k++ {
			bits = bits<<6 | uint32(g.val[k]&-b2b(k < g.n))
		}
		for j := 0; j < g.n-1; j++ {
			v.add(byte(bits>>(16-8*j)), g.pos[j])
		}
	}
	g.n = 0
}

func b2b(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// b64Back is where the n-th base64 character before p stands, stepping
// over line wraps (a line break, then indentation).
func b64Back(text []byte, p, n int) (int, bool) {
	i := p
	for ; n > 0; n-- {
		j, k := i, i
		for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') {
			k--
		}
		if k > 0 && text[k-1] == '\n' {
			k--
			if k > 0 && text[k-1] == '\r' {
				k--
			}
			j = k
		}
		if j == 0 || !isB64(text[j-1]) {
			return p, false
		}
		i = j - 1
	}
	return i, true
}

// minWrapLine is the shortest line that can be part of a line-wrapped
// base64 run (MIME wraps at 76, PEM at 64; any width from this one up).
const minWrapLine = 16

// seamLen is how much of each side of a line wrap a seam holds: the
// longest needle (a head, maxNeedle bytes, a tail) less one, so a needle
// cut by the wrap lies whole in the seam, and no more (a seam is searched
// at every wrap of every PEM block).
const seamLen = maxNeedle + 1

// base64Seams calls base64Seam at the line ends after a base64
// character: the only places a wrap can cut a needle (most lines end
// otherwise, and are passed over with two lookups).
func base64Seams(text []byte, hit func(p int, n *needle)) {
	// A line break within minWrapLine bytes after the last one ends a line
	// too short to be a wrap: the search starts past them (blank lines,
	// closing braces and short lines are a good part of any source file).
	for k := 0; k < len(text); k += 1 + minWrapLine {
		j := bytes.IndexByte(text[k:], '\n')
		if j < 0 {
			return
		}
		k += j
		e := k - b2i(k > 0 && text[k-1] == '\r')
		if e > minWrapLine && isB64(text[e-1]) && isB64(text[e-minWrapLine/2]) {
			base64Seam(text, k, hit)
		}
	}
}

// base64Seam finds the needles that a line wrap cuts: a fixed string
// cannot match across "\n", so at a wrap of a base64 run (a line ending
// in 16 or more base64 characters, the next starting with one) the end
// of the line and the start of the next are joined and searched. The rest
// of a wrapped run is searched by the needle pass as it stands, and a
// hit's decoder reads across wraps. nl is the line feed's offset.
func base64Seam(text []byte, nl int, hit func(p int, n *needle)) {
	e := nl
	if e > 0 && text[e-1] == '\r' {
		e--
	}
	// Cheapest tests first: most lines end in a word, not a run.
	if e < minWrapLine || text[nl] != '\n' || !isB64(text[e-minWrapLine/2]) || !isB64(text[e-minWrapLine]) {
		return
	}
	for k := e - 1; k > e-minWrapLine; k-- {
		if !isB64(text[k]) {
			return
		}
	}
	w := b64Wrap(text, e)
	if w == 0 {
		return
	}
	next := e + w
	left := min(minWrapLine, seamLen) // the characters just checked
	for left < seamLen && e-left > 0 && isB64(text[e-left-1]) {
		left++
	}
	right := next
	for right < len(text) && right-next < seamLen && isB64(text[right]) {
		right++
	}
	var seam [2 * seamLen]byte
	n := copy(seam[:], text[e-left:e])
	n += copy(seam[n:], text[next:right])
	theNeedles().scan(seam[:n], func(k int, nd *needle) {
		if k < left && k+nd.len() > left { // cut by the wrap
			hit(e-left+k, nd)
		}
	})
}
