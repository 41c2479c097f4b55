package scan

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Parsers of git's output. They take bytes exactly as git wrote them: with
// -z, paths are raw bytes (any sequence but NUL); in patches they may be
// C-quoted, which gitUnquote undoes byte for byte.

// rawRecord is one entry of `git diff --raw -z`.
type rawRecord struct {
	srcMode, dstMode string
	srcOID, dstOID   string
	status           byte // A C D M R T U X
	path             string
}

// parseRawDiff reads `git diff --raw -z --no-abbrev` output: for each file
// ":srcmode dstmode srcoid dstoid status" NUL path NUL (two paths for
// renames and copies, the new one last).
func parseRawDiff(out []byte) ([]rawRecord, error) {
	fields := strings.Split(string(out), "\x00")
	var recs []rawRecord
	for i := 0; i < len(fields); i++ {
		meta := fields[i]
		if meta == "" && i == len(fields)-1 {
			break
		}
		m := strings.Fields(strings.TrimPrefix(meta, ":"))
		if !strings.HasPrefix(meta, ":") || len(m) != 5 || m[4] == "" {
			return nil, fmt.Errorf("git diff --raw: unexpected record %q", meta)
		}
		rec := rawRecord{srcMode: m[0], dstMode: m[1], srcOID: m[2], dstOID: m[3], status: m[4][0]}
		n := 1
		if rec.status == 'R' || rec.status == 'C' {
			n = 2
		}
		if i+n >= len(fields) || fields[i+n] == "" {
			return nil, errors.New("git diff --raw: record without a path")
		}
		i += n
		rec.path = fields[i]
		recs = append(recs, rec)
	}
	return recs, nil
}

// unmergedEntry is one stage of an unmerged path (`git ls-files -u -z`).
type unmergedEntry struct{ mode, oid, path string }

// parseUnmerged reads `git ls-files -u -z`: "mode oid stage" TAB path NUL.
func parseUnmerged(out []byte) ([]unmergedEntry, error) {
	var es []unmergedEntry
	for _, rec := range strings.Split(string(out), "\x00") {
		if rec == "" {
			continue
		}
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || path == "" {
			return nil, fmt.Errorf("git ls-files -u: unexpected record %q", rec)
		}
		es = append(es, unmergedEntry{mode: f[0], oid: f[1], path: path})
	}
	return es, nil
}

// gitUnquote undoes git's C-style quoting of a path (quote_c_style): s
// starts with '"'. It returns the path's bytes and what follows the
// closing quote. Bytes that are not escaped are kept as they are, valid
// UTF-8 or not.
func gitUnquote(s string) (path, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", errors.New("not quoted")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
		default:
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			break
		}
		i++
		if e, ok := map[byte]byte{'a': 7, 'b': 8, 't': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, '"': '"', '\\': '\\'}[s[i]]; ok {
			b.WriteByte(e)
			continue
		}
		if i+3 > len(s) {
			break
		}
		v, perr := strconv.ParseUint(s[i:i+3], 8, 8)
		if perr != nil {
			return "", "", fmt.Errorf("bad escape in %q", s)
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return "", "", fmt.Errorf("unterminated quoted path %q", s)
}

// patchPath reads the path of a "+++ " or "--- " line after its marker:
// "b/name", "b/name with space\t", "\"b/quoted\"" or "/dev/null" ("" then).
func patchPath(s, prefix string) (string, error) {
	if s == "/dev/null" {
		return "", nil
	}
	if strings.HasPrefix(s, `"`) {
		p, rest, err := gitUnquote(s)
		if err != nil {
			return "", err
		}
		if rest != "" && rest != "\t" {
			return "", fmt.Errorf("text after quoted path %q", s)
		}
		s = p
	} else {
		s = strings.TrimSuffix(s, "\t") // git ends a name holding a space with a tab
	}
	if !strings.HasPrefix(s, prefix) {
		return "", fmt.Errorf("path %q lacks the %q prefix", s, prefix)
	}
	return s[len(prefix):], nil
}

// parseAddedLines reads a unified diff with zero context and returns, per
// new file path, the line numbers it adds. Hunk bodies are skipped by
// count, so an added line that starts with "++ " is not taken for a header.
func parseAddedLines(diff []byte) (map[string]lineSet, error) {
	out := map[string]lineSet{}
	var cur lineSet
	oldLeft, newLeft, next := 0, 0, 0 // next: number of the next new line
	for len(diff) > 0 {
		var line []byte
		if i := bytes.IndexByte(diff, '\n'); i < 0 {
			line, diff = diff, nil
		} else {
			line, diff = diff[:i], diff[i+1:]
		}
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case len(line) > 0 && line[0] == '-':
				oldLeft--
			case len(line) > 0 && line[0] == '+':
				if cur != nil {
					cur[next] = true
				}
				newLeft--
				next++
			case len(line) > 0 && line[0] == '\\': // "\ No newline at end of file"
			default:
				oldLeft--
				newLeft--
				next++
			}
			continue
		}
		switch {
		case bytes.HasPrefix(line, []byte("+++ ")):
			p, err := patchPath(string(line[4:]), "b/")
			if err != nil {
				return nil, fmt.Errorf("git diff: %v", err)
			}
			cur = nil
			if p != "" {
				if out[p] == nil {
					out[p] = lineSet{}
				}
				cur = out[p]
			}
		case bytes.HasPrefix(line, []byte("@@ ")):
			o, n, start, ok := parseHunk(string(line))
			if !ok {
				return nil, fmt.Errorf("git diff: bad hunk header %q", line)
			}
			oldLeft, newLeft, next = o, n, start
		}
	}
	return out, nil
}

// parseHunk parses "@@ -a[,b] +c[,d] @@..." into b, d and c.
func parseHunk(h string) (oldCount, newCount, newStart int, ok bool) {
	f := strings.Fields(h)
	if len(f) < 3 || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, false
	}
	_, oldCount, ok1 := parseRange(f[1][1:])
	newStart, newCount, ok2 := parseRange(f[2][1:])
	return oldCount, newCount, newStart, ok1 && ok2 && oldCount >= 0 && newCount >= 0
}

func parseRange(s string) (start, count int, ok bool) {
	a, b, found := strings.Cut(s, ",")
	start, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, false
	}
	count = 1
	if found {
		if count, err = strconv.Atoi(b); err != nil {
			return 0, 0, false
		}
	}
	return start, count, true
}
