package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// The git plumbing of the history scan. Every command runs with the
// replace mechanism off (a `git replace` must not hide the real objects)
// and without lazy fetching in a partial clone (a missing blob is an
// error, never a network fetch); paths travel NUL-terminated.

// historyGitEnv is added to the environment of every git command.
// GIT_GRAFT_FILE: a graft file (.git/info/grafts, replace's older form)
// rewrites parents as replace refs do; the real ones are followed (the
// empty file, without git's deprecation hint on stderr).
// GIT_TEST_COMMIT_GRAPH=1 would make git read the commit-graph even
// with core.commitGraph=false (historyGitArgs).
var historyGitEnv = []string{"GIT_NO_REPLACE_OBJECTS=1", "GIT_NO_LAZY_FETCH=1", "GIT_TERMINAL_PROMPT=0",
	"GIT_GRAFT_FILE=" + os.DevNull, "GIT_TEST_COMMIT_GRAPH=0"}

// historyGitArgs come before every history git command. The commit-graph
// (.git/objects/info/commit-graph, or a chain in commit-graphs/) is a
// cache of each commit's parents that git trusts without checking it
// against the commit: a forged one can make any commit a root and hide
// the history before it. Parents are read from the commits themselves.
// A -c on the command line wins over GIT_CONFIG_PARAMETERS and
// GIT_CONFIG_COUNT from the environment.
var historyGitArgs = []string{"-c", "advice.graftFileDeprecated=false", "-c", "core.commitGraph=false"}

// historyGit is gitCommand with historyGitArgs and historyGitEnv added.
func historyGit(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := gitcmd.Command(ctx, dir, append(append([]string(nil), historyGitArgs...), args...)...)
	// exec.Cmd uses the last value of a key: these win over the user's.
	cmd.Env = append(cmd.Env, historyGitEnv...)
	return cmd
}

// historyOutput is gitcmd.Output through historyGit.
func historyOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return gitcmd.Run(historyGit(ctx, dir, args...))
}

// gitProc is a running git command whose stdout is read as a stream.
type gitProc struct {
	cmd    *exec.Cmd
	out    *bufio.Reader
	stderr bytes.Buffer
}

func startGit(cmd *exec.Cmd) (*gitProc, error) {
	p := &gitProc{cmd: cmd}
	cmd.Stderr = &p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p.out = bufio.NewReaderSize(stdout, 256<<10)
	return p, nil
}

// startGitFed starts cmd as startGit does, with its standard input written
// by feed in a goroutine (buffered, then closed): git reads the list it
// works through while its output is read here.
func startGitFed(cmd *exec.Cmd, feed func(w *bufio.Writer)) (*gitProc, error) {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	p, err := startGit(cmd)
	if err != nil {
		return nil, err
	}
	go func() {
		w := bufio.NewWriterSize(stdin, 64<<10)
		feed(w)
		w.Flush()
		stdin.Close()
	}()
	return p, nil
}

// wait ends the command; with a read error already in hand (failed) the
// process is killed first. git's own message is in the error, redacted
// (it may quote a path or a ref name).
func (p *gitProc) wait(failed error) error {
	if failed != nil {
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
		return failed
	}
	if err := p.cmd.Wait(); err != nil {
		return p.fail(err)
	}
	return nil
}

func (p *gitProc) fail(err error) error {
	return gitcmd.Error(p.cmd, p.stderr.String(), err)
}

// blobRef is one object to scan: a blob, or a commit or annotated tag
// (their messages and headers are as public as file content); its id,
// type, size and a name (for a blob a path it has in some commit, for a
// tag its name; for messages and progress only, rev-list cuts names at a
// newline).
type blobRef struct {
	oid  string
	typ  string // "blob", "commit" or "tag"; "tree" only to be checked (splitTrees)
	size int64
	name string
}

// listObjects lists every object reachable from revs (and from the
// revisions on stdin, if not nil) with `git rev-list --objects` piped into
// `git cat-file --batch-check`, which gives each object's type and size.
func listObjects(ctx context.Context, dir string, revs []string, stdin io.Reader) ([]blobRef, error) {
	args := append([]string{"rev-list", "--objects"}, revs...)
	if stdin != nil {
		args = append(args, "--stdin")
	}
	rl := &gitProc{cmd: historyGit(ctx, dir, args...)}
	rl.cmd.Stdin = stdin
	rl.cmd.Stderr = &rl.stderr
	pipe, err := rl.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	bc := historyGit(ctx, dir, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)", "--buffer")
	bc.Stdin = pipe
	p, err := startGit(bc)
	if err != nil {
		return nil, err
	}
	if err := rl.cmd.Start(); err != nil {
		return nil, p.wait(err)
	}
	blobs, readErr := readBatchCheck(p.out)
	if readErr != nil {
		_ = rl.cmd.Process.Kill()
	}
	rlWait := rl.cmd.Wait()
	if err := p.wait(readErr); err != nil {
		return nil, err
	}
	if rlWait != nil {
		return nil, rl.fail(rlWait)
	}
	return blobs, nil
}

// splitTrees takes the trees out of objs: they hold only names and ids,
// which git reads (rev-list, diff-tree) and the scan only checks
// against their ids (checkObjects).
func splitTrees(objs []blobRef) (scan, trees []blobRef) {
	for _, o := range objs {
		if o.typ == "tree" {
			trees = append(trees, o)
		} else {
			scan = append(scan, o)
		}
	}
	return scan, trees
}

// checkObjects reads objs only to check each against its id: what git
// reads for the scan without handing it over (trees, the parents of a
// range) is as much the scan's input as a blob.
func checkObjects(ctx context.Context, dir string, objs []blobRef) error {
	return catBlobs(ctx, dir, objs, func(blobRef, io.Reader) error { return nil })
}

// checkRevTrees checks against their ids what git reads to diff against
// revs (object ids): each commit or tag and every tree under it. A
// rewritten tree could say a file is what the index or B holds, and the
// diff would not show it.
func checkRevTrees(ctx context.Context, dir string, revs ...string) error {
	objs, err := listObjects(ctx, dir, append([]string{"--no-walk", "--filter=blob:none"}, revs...), nil)
	if err != nil {
		return err
	}
	return checkObjects(ctx, dir, objs)
}

// readBatchCheck parses "<oid> <type> <size> <name>" lines, keeping
// blobs, commits, tags and trees. An object git cannot find ("<oid>
// missing") fails the scan.
func readBatchCheck(r *bufio.Reader) ([]blobRef, error) {
	var blobs []blobRef
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF && line == "" {
			return blobs, nil
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		line = strings.TrimSuffix(line, "\n")
		f := strings.SplitN(line, " ", 4)
		if len(f) >= 2 && f[1] == "missing" {
			return nil, fmt.Errorf("git object %s is missing (shallow or partial clone, or a corrupt repository)", f[0])
		}
		if len(f) < 3 {
			return nil, fmt.Errorf("git cat-file --batch-check: unexpected line %q", ghtoken.RedactAll(line))
		}
		if f[1] != "blob" && f[1] != "commit" && f[1] != "tag" && f[1] != "tree" {
			continue
		}
		size, perr := strconv.ParseInt(f[2], 10, 64)
		if perr != nil {
			return nil, fmt.Errorf("git cat-file --batch-check: bad size in %q", ghtoken.RedactAll(line))
		}
		b := blobRef{oid: f[0], typ: f[1], size: size}
		if len(f) == 4 {
			b.name = f[3]
		}
		blobs = append(blobs, b)
	}
}

// sizeBlobs asks `git cat-file --batch-check` for the size of each blob.
func sizeBlobs(ctx context.Context, dir string, blobs []blobRef) ([]blobRef, error) {
	if len(blobs) == 0 {
		return nil, nil
	}
	cmd := historyGit(ctx, dir, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)", "--buffer")
	p, err := startGitFed(cmd, idLines(len(blobs), func(i int) string { return blobs[i].oid }))
	if err != nil {
		return nil, err
	}
	sized, readErr := readBatchCheck(p.out)
	if err := p.wait(readErr); err != nil {
		return nil, err
	}
	if len(sized) != len(blobs) {
		return nil, fmt.Errorf("git cat-file --batch-check: %d of %d blobs answered", len(sized), len(blobs))
	}
	for i := range sized {
		if sized[i].oid != blobs[i].oid || sized[i].typ != blobs[i].typ {
			return nil, fmt.Errorf("git cat-file --batch-check: %s is a %s, expected a %s", sized[i].oid, sized[i].typ, blobs[i].typ)
		}
		sized[i].name = blobs[i].name
	}
	return sized, nil
}

// historyCommit is one commit of the scan with its parents (none for a
// root commit or the boundary of a shallow clone).
type historyCommit struct {
	oid     string
	parents []string
}

// listCommits runs `git rev-list --parents revs`.
func listCommits(ctx context.Context, dir string, revs []string) ([]historyCommit, error) {
	p, err := startGit(historyGit(ctx, dir, append([]string{"rev-list", "--parents"}, revs...)...))
	if err != nil {
		return nil, err
	}
	var commits []historyCommit
	var readErr error
	for {
		line, err := p.out.ReadString('\n')
		if f := strings.Fields(line); len(f) > 0 {
			commits = append(commits, historyCommit{oid: f[0], parents: f[1:]})
		}
		if err != nil {
			if err != io.EOF {
				readErr = err
			}
			break
		}
	}
	if err := p.wait(readErr); err != nil {
		return nil, err
	}
	return commits, nil
}

// checkShallow fails the scan when a selected commit is a boundary of a
// shallow repository (listed in its shallow file): its parents are not
// here, or are hidden, so what came before cannot be read, and a token
// added and removed there would pass unseen.
func checkShallow(ctx context.Context, dir string, commits []historyCommit) error {
	out, err := gitcmd.Output(ctx, dir, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(out)) != "true" {
		return nil
	}
	out, err = gitcmd.Output(ctx, dir, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return err
	}
	path := strings.TrimSpace(string(out))
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	list, err := os.ReadFile(path)
	if err != nil {
		return &OptionError{OptionHistory, fmt.Errorf("a shallow repository whose boundary cannot be read: %v", err)}
	}
	boundary := map[string]bool{}
	for _, oid := range strings.Fields(string(list)) {
		boundary[oid] = true
	}
	for _, c := range commits {
		if boundary[c.oid] {
			return &OptionError{OptionHistory, fmt.Errorf("shallow repository: the parents of commit %s are not here, so the history before it cannot be scanned; fetch it (git fetch --unshallow) or scan a range that stays above it (%s..HEAD)", c.oid, c.oid[:12])}
		}
	}
	return nil
}

// filePair is one changed path of a commit against one parent, from
// `git diff-tree --raw`: the blob ids before and after (zeroOID for
// none) and the status letter.
type filePair struct {
	path             string
	oldOID, newOID   string
	oldMode, newMode string
	status           byte
}

// parentDiff is a commit against one of its parents (parent "" for a root
// commit, diffed against the empty tree); pairs holds only the pairs that
// keep() chose.
type parentDiff struct {
	commit, parent string
	pairs          []filePair
}

// diffCommits diffs every commit against each of its parents with one
// `git diff-tree --stdin`, fed "commit parent" lines (merges therefore get
// one full diff per parent, which is how a merge's own changes are seen)
// and, for root commits, the commit alone (--root: against the empty
// tree). --always makes git answer every line, even an empty diff, so
// answers pair with questions in order. visit gets each commit's diffs
// together; keep filters pairs as they are read so memory holds only what
// is wanted. With trees, only additions are listed, directories included
// (mode 040000: `-t`), which is all a name's introduction needs.
func diffCommits(ctx context.Context, dir string, commits []historyCommit, trees bool, keep func(filePair) bool, visit func(c historyCommit, diffs []parentDiff) error) error {
	if len(commits) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := []string{"diff-tree", "--stdin", "--always", "--root", "-r", "-z", "--raw",
		"--no-abbrev", "--no-renames", "--no-ext-diff", "--no-textconv", "--ignore-submodules=none"}
	if trees {
		args = append(args, "-t", "--diff-filter=A")
	}
	cmd := historyGit(ctx, dir, args...)
	p, err := startGitFed(cmd, func(w *bufio.Writer) {
		for _, c := range commits {
			if len(c.parents) == 0 {
				w.WriteString(c.oid + "\n")
			}
			for _, par := range c.parents {
				w.WriteString(c.oid + " " + par + "\n")
			}
		}
	})
	if err != nil {
		return err
	}
	rd := &diffReader{r: p.out}
	var runErr error
	for _, c := range commits {
		n := max(1, len(c.parents))
		diffs := make([]parentDiff, 0, n)
		for i := range n {
			d := parentDiff{commit: c.oid}
			if len(c.parents) > 0 {
				d.parent = c.parents[i]
			}
			if d.pairs, runErr = rd.next(c.oid, keep); runErr != nil {
				break
			}
			diffs = append(diffs, d)
		}
		if runErr == nil {
			runErr = visit(c, diffs)
		}
		if runErr != nil {
			break
		}
	}
	if runErr == nil {
		if _, err := rd.r.ReadByte(); err != io.EOF {
			runErr = errors.New("git diff-tree: more output than commits asked for")
		}
	}
	return p.wait(runErr)
}

// diffReader parses `git diff-tree --stdin -z --raw` output: for each input
// line the commit id, then ":oldmode newmode oldoid newoid status" and the
// path for every changed file. Each record is followed by exactly one path
// (no rename detection), so a path that looks like a commit id is never
// taken for one.
type diffReader struct {
	r       *bufio.Reader
	pending string // a commit id read ahead while finishing the last diff
}

func (d *diffReader) field() (string, error) {
	s, err := d.r.ReadString(0)
	if err != nil {
		if err == io.EOF {
			return "", io.ErrUnexpectedEOF
		}
		return "", err
	}
	return s[:len(s)-1], nil
}

// next reads one diff, which must be of commit oid.
func (d *diffReader) next(oid string, keep func(filePair) bool) ([]filePair, error) {
	head := d.pending
	d.pending = ""
	if head == "" {
		var err error
		if head, err = d.field(); err != nil {
			return nil, fmt.Errorf("git diff-tree: %v", err)
		}
	}
	if head != oid {
		return nil, fmt.Errorf("git diff-tree: answered %q for commit %s", ghtoken.RedactAll(head), oid)
	}
	var pairs []filePair
	for {
		b, err := d.r.Peek(1)
		if err == io.EOF {
			return pairs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("git diff-tree: %v", err)
		}
		if b[0] != ':' {
			return pairs, nil // the next commit's id
		}
		meta, err := d.field()
		if err != nil {
			return nil, fmt.Errorf("git diff-tree: %v", err)
		}
		path, err := d.field()
		if err != nil {
			return nil, fmt.Errorf("git diff-tree: %v", err)
		}
		m := strings.Fields(meta[1:])
		if len(m) != 5 || len(m[4]) == 0 {
			return nil, fmt.Errorf("git diff-tree: unexpected record %q", ghtoken.RedactAll(meta))
		}
		fp := filePair{path: path, oldMode: m[0], newMode: m[1], oldOID: m[2], newOID: m[3], status: m[4][0]}
		if keep(fp) {
			pairs = append(pairs, fp)
		}
	}
}

// isZeroOID reports an all-zero object id (no blob on that side).
func isZeroOID(oid string) bool { return strings.Trim(oid, "0") == "" }

// blobSide reports whether a side of a pair is a file's content (not a
// submodule commit, not absent).
func blobSide(oid, mode string) bool { return !isZeroOID(oid) && mode != "160000" }

// commitMeta is what a finding says about the commit that introduced it.
type commitMeta struct {
	author, email, date, subject string
}

// readCommits parses the named commit objects (read by catBlobs): author
// name, e-mail, date and the first line of the message. A commit is
// streamed, not held: its message may be any size (its
// tokens are found by the blob reader, scanBlobs); only the author line
// and the subject are kept, each cut at metaLineLimit. Each commit is
// hashed against its id on the way.
func readCommits(ctx context.Context, dir string, oids []string) (map[string]commitMeta, error) {
	out := map[string]commitMeta{}
	objs := make([]blobRef, len(oids))
	for i, oid := range oids {
		objs[i] = blobRef{oid: oid, typ: "commit", size: -1}
	}
	err := catBlobs(ctx, dir, objs, func(b blobRef, body io.Reader) error {
		out[b.oid] = parseCommit(bufio.NewReaderSize(body, 16<<10))
		return nil
	})
	return out, err
}

// metaLineLimit bounds what is kept of a commit's author line and subject.
const metaLineLimit = 4 << 10

// parseCommit reads the author header and the message's first line of a
// raw commit object, reading no further than the subject's end.
func parseCommit(r *bufio.Reader) commitMeta {
	var m commitMeta
	for {
		line, cut, err := boundedLine(r, metaLineLimit)
		if len(line) == 0 && err == nil {
			break // the blank line before the message
		}
		if rest, ok := bytes.CutPrefix(line, []byte("author ")); ok {
			m.author, m.email, m.date = parseIdent(cutWord(string(rest), cut))
		}
		if err != nil {
			return m // no message
		}
	}
	first, cut, _ := boundedLine(r, metaLineLimit)
	m.subject = strings.TrimSpace(cutWord(string(first), cut))
	return m
}

// boundedLine reads a line and returns at most limit bytes of it (without
// the newline), the rest read and dropped; cut says so. err is set at the
// end of input.
func boundedLine(r *bufio.Reader, limit int) (line []byte, cut bool, err error) {
	for {
		frag, err := r.ReadSlice('\n')
		if keep := min(len(frag), limit-len(line)); keep < len(frag) {
			line, cut = append(line, frag[:keep]...), true
		} else {
			line = append(line, frag...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), cut, err
	}
}

// cutWord ends a line that was cut short before its last (partial) word
// with "…": a token cut in two would no longer be recognised, and so not
// redacted.
func cutWord(s string, cut bool) string {
	if !cut {
		return s
	}
	if i := strings.LastIndexAny(s, " \t"); i >= 0 {
		return s[:i+1] + "…"
	}
	return "…"
}

// parseIdent splits "Name <email> 1700000000 +0100" into name, e-mail and
// an RFC 3339 date in the author's own zone.
func parseIdent(s string) (name, email, date string) {
	lt, gt := strings.LastIndexByte(s, '<'), strings.LastIndexByte(s, '>')
	if lt < 0 || gt < lt {
		return strings.TrimSpace(s), "", ""
	}
	name, email = strings.TrimSpace(s[:lt]), s[lt+1:gt]
	f := strings.Fields(s[gt+1:])
	if len(f) >= 1 {
		date = identDate(f)
	}
	return name, email, date
}

// identDate turns git's "<epoch> <+hhmm>" into RFC 3339 in that zone.
func identDate(f []string) string {
	sec, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return ""
	}
	loc := time.UTC
	if len(f) >= 2 && len(f[1]) == 5 {
		h, herr := strconv.Atoi(f[1][1:3])
		mi, merr := strconv.Atoi(f[1][3:5])
		if herr == nil && merr == nil {
			off := (h*60 + mi) * 60
			if f[1][0] == '-' {
				off = -off
			}
			loc = time.FixedZone(f[1], off)
		}
	}
	return time.Unix(sec, 0).In(loc).Format(time.RFC3339)
}

// stashEntries lists every stash, not only the latest: refs/stash points
// at the newest and the older ones live only in its reflog, which
// `rev-list --all` does not read.
func stashEntries(ctx context.Context, dir string) ([]string, error) {
	// for-each-ref prints nothing for a missing ref and fails only when
	// git does: a broken stash is an error, not "no stash".
	if ref, err := gitcmd.Output(ctx, dir, "for-each-ref", "--format=%(refname)", "refs/stash"); err != nil || len(ref) == 0 {
		return nil, err
	}
	out, err := gitcmd.Output(ctx, dir, "rev-list", "--walk-reflogs", "refs/stash", "--")
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}
