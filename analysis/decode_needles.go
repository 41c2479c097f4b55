package analysis

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// The encodings of the token prefixes are fixed strings too: base64 of
// "ghp_" at each of the three byte alignments (in both alphabets), its hex,
// its escaped spellings, and the encodings of those encodings. One pass
// over the text finds all of them together; a decoder then runs only
// around a hit. This file builds that set of needles and the pass.

// family is how a run is written; it picks the decoder.
type family uint8

const (
	famBase64 family = iota
	famHex
	famPercent
	famBackslash
	famHTML
	famQP
	numFamilies
)

// needle is one fixed string that starts an encoded prefix.
type needle struct {
	text string
	// head, when set, is the set of bytes allowed right before text (the
	// base64 character that mixes the byte before the prefix with its
	// first bits); tail, the set allowed right after (the character that
	// mixes the prefix's last bits with the token's first).
	head, tail *[4]uint64
	fam        family
	// phase: for base64, the index of the needle's first character (the
	// head, if any) in its 4-character group.
	phase int8
	level int8 // how many encodings deep the prefix is (1: encoded once)
}

func (n *needle) len() int {
	return b2i(n.head != nil) + len(n.text) + b2i(n.tail != nil)
}

func (n *needle) at(text []byte, p int) bool {
	if len(text)-p < n.len() {
		return false
	}
	if n.head != nil {
		if !inSet(n.head, text[p]) {
			return false
		}
		p++
	}
	if string(text[p:p+len(n.text)]) != n.text {
		return false
	}
	return n.tail == nil || inSet(n.tail, text[p+len(n.text)])
}

// class is the set of bytes the needle allows at position i.
func (n *needle) class(i int) string {
	if n.head != nil {
		if i == 0 {
			return setChars(n.head)
		}
		i--
	}
	if i < len(n.text) {
		return n.text[i : i+1]
	}
	return setChars(n.tail)
}

func inSet(s *[4]uint64, c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

func setOf(chars string) *[4]uint64 {
	var s [4]uint64
	for i := 0; i < len(chars); i++ {
		s[chars[i]>>6] |= 1 << (chars[i] & 63)
	}
	return &s
}

func setChars(s *[4]uint64) string {
	var b []byte
	for c := 0; c < 256; c++ {
		if inSet(s, byte(c)) {
			b = append(b, byte(c))
		}
	}
	return string(b)
}

const (
	b64Std    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b64URL    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	alnumSet  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	hexDigits = "0123456789abcdefABCDEF"
	// minNeedle: the pass reads 3-byte grams every 4 bytes, so every
	// needle must be at least 6 bytes long to cover a gram on that grid.
	minNeedle = 6
	maxNeedle = 24
	// maxNeedleLevel: prefixes encoded up to three times are found by
	// fixed strings (deeper nesting is found when an outer level decodes).
	maxNeedleLevel = 3
)

// base64Needles are the fixed parts of base64(pad + s + c) for 0, 1 and 2
// pad bytes and c in follow, in both alphabets.
func base64Needles(s, follow string, level int8) []needle {
	var out []needle
	for _, alpha := range []string{b64Std, b64URL} {
		for pad := 0; pad < 3; pad++ {
			n := needle{fam: famBase64, level: level, phase: -1}
			var text []byte
			end := 8 * (pad + len(s))
			for k := 0; ; k++ {
				lo := 6 * k
				if lo+6 <= 8*pad {
					continue
				}
				if lo < 8*pad {
					// The first character mixes the byte before with s's
					// first bits: any byte before.
					// Its top m bits are that byte's low ones, any of them.
					off := lo - 8*(pad-1)
					m := 8 - off
					low := bitsAround(0, s, 0, off, 6)
					var head []byte
					for b := 0; b < 1<<m; b++ {
						head = append(head, alpha[low|b<<(6-m)])
					}
					n.head, n.phase = setOf(string(head)), int8(k%4)
					continue
				}
				if lo >= end {
					break
				}
				if n.phase < 0 {
					n.phase = int8(k % 4)
				}
				if lo+6 <= end {
					text = append(text, alpha[bitsAt(s, lo-8*pad, 6)])
					continue
				}
				// The last character mixes s's last bits with the next byte.
				var tail []byte
				for i := 0; i < len(follow); i++ {
					v := bitsAround(0, s, follow[i], lo-8*pad+8, 6)
					tail = append(tail, alpha[v])
				}
				n.tail = setOf(string(tail))
				break
			}
			n.text = string(text)
			out = append(out, n)
		}
	}
	return out
}

// bitsAt reads n bits of s starting at bit off (big-endian bit order).
func bitsAt(s string, off, n int) int {
	v := 0
	for i := off; i < off+n; i++ {
		v = v<<1 | int(s[i/8]>>(7-i%8)&1)
	}
	return v
}

// bitsAround reads n bits at bit off of before+s+after without building
// that string: the needles are built at every start (LSP and scan), and
// the concatenations were most of their cost.
func bitsAround(before byte, s string, after byte, off, n int) int {
	v := 0
	for i := off; i < off+n; i++ {
		c := after
		switch k := i / 8; {
		case k == 0:
			c = before
		case k <= len(s):
			c = s[k-1]
		}
		v = v<<1 | int(c>>(7-i%8)&1)
	}
	return v
}

// hexNeedles are hex(s) in lower and upper case, with the high nibble of
// the next byte as the tail.
func hexNeedles(s, follow string, level int8) []needle {
	var out []needle
	for _, upper := range []bool{false, true} {
		h := hex.EncodeToString([]byte(s))
		var tail []byte
		for i := 0; i < len(follow); i++ {
			tail = append(tail, hex.EncodeToString([]byte{follow[i]})[0])
		}
		t := string(tail)
		if upper {
			h, t = strings.ToUpper(h), strings.ToUpper(t)
		}
		out = append(out, needle{text: h, tail: setOf(t), fam: famHex, level: level})
	}
	return out
}

// escapeNeedles are the escaped spellings of a prefix: its first two
// bytes escaped ("%67%68", `\u0067\u0068`, ...: the decoder reads the rest
// in any mix of spellings), or its first underscore alone ("ghp%5F"), the
// form URL encoders and HTML escapers produce.
func escapeNeedles(prefix string) []needle {
	var out []needle
	g, h := prefix[0], prefix[1]
	us := strings.IndexByte(prefix, '_')
	for _, f := range []struct {
		format string
		fam    family
	}{
		{"%%%02x", famPercent}, {"%%%02X", famPercent},
		{`\u%04x`, famBackslash}, {`\u%04X`, famBackslash}, {`\x%02x`, famBackslash}, {`\x%02X`, famBackslash},
		{`\u{%x}`, famBackslash}, {`\U%08x`, famBackslash}, {`\%03o`, famBackslash},
		{"&#%d;", famHTML}, {"&#x%x;", famHTML}, {"&#x%X;", famHTML}, {"&#X%x;", famHTML},
		{"=%02X", famQP},
	} {
		out = append(out, needle{text: fmt.Sprintf(f.format, g) + fmt.Sprintf(f.format, h), fam: f.fam, level: 1})
		out = append(out, needle{text: prefix[:us] + fmt.Sprintf(f.format, '_'), fam: f.fam, level: 1})
	}
	for _, named := range []string{"&lowbar;", "&UnderBar;"} {
		out = append(out, needle{text: prefix[:us] + named, fam: famHTML, level: 1})
	}
	return out
}

// buildNeedles derives every needle from ghtoken's prefixes.
func buildNeedles() []needle {
	var out []needle
	var b64Prev []needle
	for _, p := range ghtoken.Prefixes() {
		out = append(out, escapeNeedles(p)...)
		b := base64Needles(p, alnumSet, 1)
		h := hexNeedles(p, alnumSet, 1)
		out = append(append(out, b...), h...)
		b64Prev = append(b64Prev, b...)
		// base64 of the hex form.
		for _, hn := range h {
			out = append(out, base64Needles(hn.text, hexDigits, 2)...)
		}
	}
	for level := int8(2); level <= maxNeedleLevel; level++ {
		var next []needle
		for _, n := range b64Prev {
			if len(n.text) < 4 {
				continue
			}
			next = append(next, base64Needles(n.text, b64Std+"-_", level)...)
			if level == 2 {
				out = append(out, hexNeedles(n.text, b64Std, level)...)
			}
		}
		out = append(out, next...)
		b64Prev = next
	}
	// Keep the usable, distinct ones.
	type needleKey struct {
		fam              family
		head, tail       [4]uint64
		hasHead, hasTail bool
		text             string
		phase            int8
	}
	set := func(s *[4]uint64) [4]uint64 {
		if s == nil {
			return [4]uint64{}
		}
		return *s
	}
	seen := map[needleKey]bool{}
	kept := out[:0]
	for _, n := range out {
		if len(n.text) > maxNeedle { // long enough to be rare; seams hold it
			n.text, n.tail = n.text[:maxNeedle], nil
		}
		key := needleKey{n.fam, set(n.head), set(n.tail), n.head != nil, n.tail != nil, n.text, n.phase}
		if n.len() < minNeedle || seen[key] {
			continue
		}
		seen[key] = true
		kept = append(kept, n)
	}
	return kept
}

// gridBits sizes the filter of 3-byte grams: 2^17 bits (16 KiB, in the
// first-level cache), so that a gram of ordinary text rarely passes it.
const gridBits = 17

// The pass reads a gram of gramLen bytes every gridStep bytes: a needle of
// minNeedle bytes or more always covers one of them whole.
const (
	gramLen  = 3
	gridStep = minNeedle - gramLen + 1
)

// needleSet finds every needle in one pass: it reads the 3-byte gram at
// every gridStep-th offset, tests it against a bit filter, and compares
// needles only where the filter passes.
type needleSet struct {
	filter []uint64
	refs   map[uint32][]gridRef
	list   []needle
}

type gridRef struct {
	needle int32
	off    int8 // where the gram starts in the needle (0 to gridStep-1)
}

var (
	needlesOnce sync.Once
	needles     *needleSet
)

func theNeedles() *needleSet {
	needlesOnce.Do(func() { needles = newNeedleSet(buildNeedles()) })
	return needles
}

// gramHash is multiplicative (Fibonacci) hashing of a gram's gramLen bytes
// (little-endian, in the low bits): two instructions in the inner loop.
func gramHash(v uint32) uint32 { return v * 0x9E3779B1 >> (32 - gridBits) }

func newNeedleSet(list []needle) *needleSet {
	s := &needleSet{filter: make([]uint64, 1<<gridBits/64), refs: map[uint32][]gridRef{}, list: list}
	for i, n := range list {
		for off := 0; off < gridStep; off++ {
			for _, g := range gramsAt(&n, off) {
				v := gramAt([]byte(g), 0)
				h := gramHash(v)
				s.filter[h>>6] |= 1 << (h & 63)
				s.refs[v] = append(s.refs[v], gridRef{needle: int32(i), off: int8(off)})
			}
		}
	}
	return s
}

func gramAt(text []byte, i int) uint32 {
	return uint32(text[i]) | uint32(text[i+1])<<8 | uint32(text[i+2])<<16
}

// gramsAt are the grams a needle shows at off (several where the gram
// covers its head or tail).
func gramsAt(n *needle, off int) []string {
	grams := []string{""}
	for i := off; i < off+gramLen; i++ {
		var next []string
		for _, g := range grams {
			for _, c := range []byte(n.class(i)) {
				next = append(next, g+string([]byte{c}))
			}
		}
		grams = next
	}
	return grams
}

// scan calls hit for every needle occurrence, in about ascending order.
// The loop reads 8 bytes at a time, the grams at offsets 0 and gridStep
// (4), and moves on 8: every needle (6 bytes or more) covers one of them.
// It takes two such words per round, which halves the loop's branches.
func (s *needleSet) scan(text []byte, hit func(p int, n *needle)) {
	filter := (*[1 << gridBits / 64]uint64)(s.filter)
	pass := func(v uint64) uint64 {
		h := gramHash(uint32(v) & (1<<(8*gramLen) - 1))
		return filter[h>>6] >> (h & 63)
	}
	i := 0
	for ; i <= len(text)-16; i += 16 {
		b := text[i : i+16 : i+16]
		v := binary.LittleEndian.Uint64(b[:8])
		w := binary.LittleEndian.Uint64(b[8:])
		if (pass(v)|pass(v>>(8*gridStep))|pass(w)|pass(w>>(8*gridStep)))&1 != 0 {
			s.check(text, i, hit)
			s.check(text, i+gridStep, hit)
			s.check(text, i+2*gridStep, hit)
			s.check(text, i+3*gridStep, hit)
		}
	}
	for ; i+gramLen <= len(text); i += gridStep {
		s.check(text, i, hit)
	}
}

// check compares the needles whose gram the filter let through at i.
func (s *needleSet) check(text []byte, i int, hit func(p int, n *needle)) {
	if i+gramLen > len(text) {
		return
	}
	v := gramAt(text, i)
	h := gramHash(v)
	if s.filter[h>>6]&(1<<(h&63)) == 0 {
		return
	}
	for _, r := range s.refs[v] {
		n := &s.list[r.needle]
		if p := i - int(r.off); p >= 0 && n.at(text, p) {
			hit(p, n)
		}
	}
}
