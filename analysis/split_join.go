package analysis

import "bytes"

// Tokens split over the elements of a list joined with the empty string:
// Python "".join(["ghp_ab", "cd…"]) (and ''.join((…))), JavaScript
// ["ghp_ab", "cd…"].join(""), Go strings.Join([]string{"ghp_ab", "cd…"}, "").
// The walker steps over a comma between two literals like over a join
// operator (quoteGap), and a checksum-valid token that did is kept only
// when the literals are elements of such a list: from the first
// element's list opening to the last one's close, every element a string
// literal, and the join, before or after it, with an empty separator. A
// list that is not joined, or joined with another separator, is not one
// string. The check runs only for a checksum-valid candidate, and reads at
// most maxListJoin bytes either side of the token.

const maxListJoin = 4096

// listJoined reports whether the token jt, whose pieces a comma separated,
// is the empty-separator join of the list holding them.
func listJoined(text []byte, jt joinedToken) bool {
	first := jt.pieces[0]
	if first.End >= len(text) || !isQuote(text[first.End]) {
		return false // the first element does not end right after its piece
	}
	lastQuote := text[first.End]
	for _, g := range jt.gaps {
		if g.kind == gapQuote {
			lastQuote = text[g.open]
		}
	}
	open, ok := listOpen(text, first.Start, text[first.End])
	if !ok {
		return false
	}
	close, ok := listClose(text, jt.end(), lastQuote, closingBracket(text[open]))
	if !ok {
		return false
	}
	switch text[open] {
	case '[', '(':
		return pythonJoinBefore(text, open) || text[open] == '[' && jsJoinAfter(text, close)
	case '{':
		return goJoinAround(text, open, close)
	}
	return false
}

func closingBracket(c byte) byte {
	switch c {
	case '[':
		return ']'
	case '(':
		return ')'
	}
	return '}'
}

// listOpen walks back from start, inside a literal quoted by q, over the
// elements before it to the list's opening bracket.
func listOpen(text []byte, start int, q byte) (int, bool) {
	lo := max(0, start-maxListJoin)
	for {
		o := bytes.LastIndexByte(text[lo:start], q)
		if o < 0 {
			return 0, false
		}
		k := lo + o
		for n := 0; n < 2 && k > lo && isStringPrefixByte(text[k-1]); n++ {
			k--
		}
		k = skipListSpaceBack(text, lo, k)
		switch {
		case k == lo:
			return 0, false
		case text[k-1] == '[' || text[k-1] == '(' || text[k-1] == '{':
			return k - 1, true
		case text[k-1] != ',':
			return 0, false
		}
		k = skipListSpaceBack(text, lo, k-1)
		if k == lo || !isQuote(text[k-1]) {
			return 0, false // an element that is not a string literal
		}
		q, start = text[k-1], k-1
	}
}

// listClose walks forward from end, inside a literal quoted by q, over the
// rest of it and the elements after it to the list's closing bracket.
func listClose(text []byte, end int, q, closer byte) (int, bool) {
	hi := min(len(text), end+maxListJoin)
	for k := end; ; {
		k = literalClose(text, k, hi, q)
		if k < 0 {
			return 0, false
		}
		k = skipListSpace(text, k+1, hi)
		if k < hi && text[k] == closer {
			return k, true
		}
		if k >= hi || text[k] != ',' {
			return 0, false
		}
		k = skipListSpace(text, k+1, hi)
		if k < hi && text[k] == closer {
			return k, true // a trailing comma
		}
		for n := 0; n < 2 && k < hi && isStringPrefixByte(text[k]); n++ {
			k++
		}
		if k >= hi || !isQuote(text[k]) {
			return 0, false // an element that is not a string literal
		}
		q, k = text[k], k+1
	}
}

// literalClose is the offset of the quote q that closes the literal text[k:]
// is inside (a backslash escapes the next byte, except in a Go raw string),
// or -1 before hi.
func literalClose(text []byte, k, hi int, q byte) int {
	for ; k < hi; k++ {
		switch text[k] {
		case q:
			return k
		case '\\':
			if q != '`' {
				k++
			}
		case '\n':
			if q != '`' {
				return -1
			}
		}
	}
	return -1
}

// pythonJoinBefore: "".join( stands right before the list opening at
// open (the empty string in either quote).
func pythonJoinBefore(text []byte, open int) bool {
	lo := max(0, open-maxListJoin)
	k, ok := backOverAll(text, lo, open, "(", "join", ".")
	if !ok {
		return false
	}
	k = skipListSpaceBack(text, lo, k)
	return k-2 >= lo && isQuote(text[k-1]) && text[k-2] == text[k-1] && (k-3 < lo || !isQuote(text[k-3]))
}

// jsJoinAfter: .join("") (or ” or “) follows the list closing at close.
func jsJoinAfter(text []byte, close int) bool {
	hi := min(len(text), close+maxListJoin)
	k, ok := overWords(text, close+1, hi, ".", "join", "(")
	return ok && emptyStringThen(text, k, hi, ')')
}

// goJoinAround: strings.Join([]string{ … }, "") around the list.
func goJoinAround(text []byte, open, close int) bool {
	lo := max(0, open-maxListJoin)
	if _, ok := backOverAll(text, lo, open, "[]string", "(", "strings.Join"); !ok {
		return false
	}
	hi := min(len(text), close+maxListJoin)
	k, ok := overWord(text, close+1, hi, ",")
	return ok && emptyStringThen(text, k, hi, ')')
}

// backOverAll steps back over words in turn, from k (backOver each).
func backOverAll(text []byte, lo, k int, words ...string) (int, bool) {
	for _, w := range words {
		var ok bool
		if k, ok = backOver(text, lo, k, w); !ok {
			return k, false
		}
	}
	return k, true
}

// overWords steps forward over words in turn, from k (overWord each).
func overWords(text []byte, k, hi int, words ...string) (int, bool) {
	for _, w := range words {
		var ok bool
		if k, ok = overWord(text, k, hi, w); !ok {
			return k, false
		}
	}
	return k, true
}

// emptyStringThen: after blanks, an empty string literal and then end.
func emptyStringThen(text []byte, k, hi int, end byte) bool {
	k = skipListSpace(text, k, hi)
	if k+1 >= hi || !isQuote(text[k]) || text[k+1] != text[k] {
		return false
	}
	k = skipListSpace(text, k+2, hi)
	return k < hi && text[k] == end
}

// backOver skips blanks back from k and then w, which must end there.
func backOver(text []byte, lo, k int, w string) (int, bool) {
	k = skipListSpaceBack(text, lo, k)
	if k-len(w) < lo || string(text[k-len(w):k]) != w {
		return k, false
	}
	return k - len(w), true
}

// overWord skips blanks from k and then w, which must start there.
func overWord(text []byte, k, hi int, w string) (int, bool) {
	k = skipListSpace(text, k, hi)
	if k+len(w) > hi || string(text[k:k+len(w)]) != w {
		return k, false
	}
	return k + len(w), true
}

func isListSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func skipListSpace(text []byte, k, hi int) int {
	for k < hi && isListSpace(text[k]) {
		k++
	}
	return k
}

func skipListSpaceBack(text []byte, lo, k int) int {
	for k > lo && isListSpace(text[k-1]) {
		k--
	}
	return k
}
