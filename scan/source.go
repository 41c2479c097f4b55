package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// source lists the files of a scan and feeds them to the workers.
type source struct {
	root    string // absolute; report paths are relative to it
	produce func(ctx context.Context, max int64, out chan<- file) error
}

func send(ctx context.Context, out chan<- file, f file) error {
	select {
	case out <- f:
		return nil
	case <-ctx.Done():
		if f.release != nil {
			f.release()
		}
		return ctx.Err()
	}
}

// pathSource scans files and directories. A directory inside a git work
// tree is listed with git (tracked and untracked files, .gitignore
// honoured); elsewhere it is walked, skipping .git directories. Files named
// explicitly are always scanned.
func pathSource(ctx context.Context, dir string, paths []string) (source, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	type target struct {
		abs   string
		isDir bool
	}
	var targets []target
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(dir, p)
		}
		st, err := os.Stat(abs)
		if err != nil {
			return source{}, err
		}
		targets = append(targets, target{abs, st.IsDir()})
	}
	rel := func(abs string) string {
		r, err := filepath.Rel(dir, abs)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(abs)
		}
		return filepath.ToSlash(r)
	}
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		for _, t := range targets {
			if !t.isDir {
				if err := send(ctx, out, file{rel: rel(t.abs), abs: t.abs}); err != nil {
					return err
				}
				continue
			}
			emit := func(abs string) error { return send(ctx, out, file{rel: rel(abs), abs: abs}) }
			ok, err := gitList(ctx, t.abs, emit)
			if err != nil {
				return err
			}
			if !ok {
				if err := walk(t.abs, emit); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return source{root: dir, produce: produce}, nil
}

// gitList lists the files git would consider under dir (tracked, and
// untracked but not ignored). ok is false when dir is not in a work tree.
func gitList(ctx context.Context, dir string, emit func(abs string) error) (ok bool, err error) {
	// "false" inside .git itself: walk it (which skips it) rather than fail.
	if out, err := gitOutput(ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return false, nil
	}
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "ls-files", "-co", "--exclude-standard", "-z")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return false, err
	}
	if err := cmd.Start(); err != nil {
		return false, err
	}
	r := bufio.NewReaderSize(stdout, 64<<10)
	var emitErr error
	seen := ""
	for {
		name, err := r.ReadString(0)
		if err != nil {
			break
		}
		name = name[:len(name)-1]
		// Unmerged entries are listed once per stage; a nested repository
		// or submodule shows as a directory.
		if name == seen || strings.HasSuffix(name, "/") {
			continue
		}
		seen = name
		abs := filepath.Join(dir, filepath.FromSlash(name))
		st, err := os.Lstat(abs)
		if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			emitErr = err // unreadable: an error, not a silent skip
			break
		}
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the work tree, symlink, submodule
		}
		if emitErr = emit(abs); emitErr != nil {
			break
		}
	}
	if emitErr != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return true, emitErr
	}
	if err := cmd.Wait(); err != nil {
		return true, fmt.Errorf("git ls-files in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	// git only warns about a directory it cannot read and lists the rest:
	// the scan would pass without having looked inside.
	if msg := stderr.String(); strings.Contains(msg, "could not open directory") {
		return true, fmt.Errorf("git ls-files in %s: %s", dir, strings.TrimSpace(msg))
	}
	return true, nil
}

// walk lists regular files under dir, skipping .git directories and
// symbolic links.
func walk(dir string, emit func(abs string) error) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory is an error, as an unreadable file
			// is: skipping it would pass a scan that never looked.
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return emit(p)
	})
}

// gitOutput runs git in dir and returns its stdout; the error carries git's
// own message.
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", subcommand(args), msg)
	}
	return out, nil
}

// subcommand names the git command in args for messages, past "-c k=v".
func subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		if args[i] == "-c" {
			i++
		} else if !strings.HasPrefix(args[i], "-") {
			return args[i]
		}
	}
	return ""
}

func gitTopLevel(ctx context.Context, dir string) (string, error) {
	out, err := gitOutput(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("not in a git work tree (%v)", err)
	}
	return filepath.FromSlash(strings.TrimSpace(string(out))), nil
}

// stagedSource scans the index version of every added, copied, modified or
// renamed staged file, read with one `git cat-file --batch`, so line
// numbers are those of the content being committed.
func stagedSource(ctx context.Context, dir string) (source, error) {
	top, err := gitTopLevel(ctx, dir)
	if err != nil {
		return source{}, err
	}
	// --raw gives each staged blob's id: cat-file reads ids, so any path
	// (even one with a newline, which cat-file's line input cannot name)
	// is scanned.
	out, err := gitOutput(ctx, top, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-color", "--diff-filter=ACMR")
	if err != nil {
		return source{}, err
	}
	blobs, err := parseRawDiff(out)
	if err != nil {
		return source{}, err
	}
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		if len(blobs) == 0 {
			return nil
		}
		return catFiles(ctx, top, blobs, max, out)
	}
	return source{root: top, produce: produce}, nil
}

// stagedBlob is one file of the index: its path and blob id.
type stagedBlob struct{ path, oid string }

// parseRawDiff reads `git diff --raw -z` output: for each file a
// ":srcmode dstmode srcoid dstoid status" field, then the path (two paths
// for renames and copies, the new one last). Submodules (mode 160000)
// have no blob and are left out.
func parseRawDiff(out []byte) ([]stagedBlob, error) {
	fields := strings.Split(string(out), "\x00")
	var blobs []stagedBlob
	for i := 0; i < len(fields); i++ {
		meta := fields[i]
		if meta == "" {
			continue
		}
		m := strings.Fields(strings.TrimPrefix(meta, ":"))
		if !strings.HasPrefix(meta, ":") || len(m) != 5 {
			return nil, fmt.Errorf("git diff --raw: unexpected record %q", meta)
		}
		n := 1
		if s := m[4]; s[0] == 'R' || s[0] == 'C' {
			n = 2
		}
		if i+n >= len(fields) {
			return nil, fmt.Errorf("git diff --raw: record without a path")
		}
		i += n
		if m[1] != "160000" {
			blobs = append(blobs, stagedBlob{path: fields[i], oid: m[3]})
		}
	}
	return blobs, nil
}

var bufPool = sync.Pool{New: func() any { return new([]byte) }}

func catFiles(ctx context.Context, top string, blobs []stagedBlob, max int64, out chan<- file) error {
	cmd := exec.CommandContext(ctx, "git", "-C", top, "cat-file", "--batch")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, b := range blobs {
			w.WriteString(b.oid + "\n")
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 64<<10)
	var runErr error
	for _, b := range blobs {
		hdr, err := r.ReadString('\n')
		if err != nil {
			runErr = fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
			break
		}
		fields := strings.Fields(hdr)
		if len(fields) != 3 { // "<name> missing": e.g. a submodule entry
			continue
		}
		size, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			runErr = fmt.Errorf("git cat-file: bad header %q", hdr)
			break
		}
		f := file{rel: b.path}
		if fields[1] != "blob" || (max > 0 && size > max) {
			if _, err := io.CopyN(io.Discard, r, size+1); err != nil {
				runErr = err
				break
			}
			if fields[1] != "blob" {
				continue
			}
			f.large = true
		} else {
			bp := bufPool.Get().(*[]byte)
			if int64(cap(*bp)) < size+1 {
				*bp = make([]byte, size+1)
			}
			buf := (*bp)[:size+1] // content and the trailing newline
			if _, err := io.ReadFull(r, buf); err != nil {
				runErr = err
				bufPool.Put(bp)
				break
			}
			f.data = buf[:size]
			f.release = func() { bufPool.Put(bp) }
		}
		if runErr = send(ctx, out, f); runErr != nil {
			break
		}
	}
	if runErr != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return runErr
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// diffSource scans the work-tree files changed since rev and keeps only the
// findings on added lines (from `git diff -U0 rev`).
func diffSource(ctx context.Context, dir, rev string) (source, error) {
	top, err := gitTopLevel(ctx, dir)
	if err != nil {
		return source{}, err
	}
	if strings.HasPrefix(rev, "-") {
		return source{}, fmt.Errorf("--diff: invalid revision %q", rev)
	}
	out, err := gitOutput(ctx, top, "-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff",
		"--src-prefix=a/", "--dst-prefix=b/", "--diff-filter=ACMR", rev, "--")
	if err != nil {
		return source{}, err
	}
	added := parseAddedLines(out)
	produce := func(ctx context.Context, max int64, out chan<- file) error {
		for _, a := range added {
			abs := filepath.Join(top, filepath.FromSlash(a.path))
			if err := send(ctx, out, file{rel: a.path, abs: abs, added: a.lines}); err != nil {
				return err
			}
		}
		return nil
	}
	return source{root: top, produce: produce}, nil
}

type addedLines struct {
	path  string
	lines lineSet
}

// parseAddedLines reads a unified diff with zero context and returns, per
// new file path, the line numbers it adds. Hunk bodies are skipped by
// count, so an added line that starts with "++ " is not taken for a header.
func parseAddedLines(diff []byte) []addedLines {
	var out []addedLines
	var cur *addedLines
	oldLeft, newLeft := 0, 0
	for len(diff) > 0 {
		i := bytes.IndexByte(diff, '\n')
		var line []byte
		if i < 0 {
			line, diff = diff, nil
		} else {
			line, diff = diff[:i], diff[i+1:]
		}
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case len(line) > 0 && line[0] == '-':
				oldLeft--
			case len(line) > 0 && line[0] == '+':
				newLeft--
			case len(line) > 0 && line[0] == '\\': // "\ No newline at end of file"
			default:
				oldLeft--
				newLeft--
			}
			continue
		}
		switch {
		case bytes.HasPrefix(line, []byte("+++ ")):
			// git ends a name holding a space with a tab.
			p := strings.TrimSuffix(string(line[4:]), "\t")
			if strings.HasPrefix(p, `"`) {
				if u, err := strconv.Unquote(p); err == nil {
					p = u
				}
			}
			cur = nil
			if strings.HasPrefix(p, "b/") {
				out = append(out, addedLines{path: p[2:], lines: lineSet{}})
				cur = &out[len(out)-1]
			}
		case bytes.HasPrefix(line, []byte("@@ ")):
			o, n, start, ok := parseHunk(string(line))
			if !ok {
				continue
			}
			oldLeft, newLeft = o, n
			if cur != nil {
				for l := start; l < start+n; l++ {
					cur.lines[l] = true
				}
			}
		}
	}
	return out
}

// parseHunk parses "@@ -a[,b] +c[,d] @@..." into b, d and c.
func parseHunk(h string) (oldCount, newCount, newStart int, ok bool) {
	f := strings.Fields(h)
	if len(f) < 3 || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, false
	}
	_, oldCount, ok1 := parseRange(f[1][1:])
	newStart, newCount, ok2 := parseRange(f[2][1:])
	return oldCount, newCount, newStart, ok1 && ok2
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
