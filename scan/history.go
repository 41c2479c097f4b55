package scan

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/gitcmd"
)

// The history scan (`ghpat-ls scan --history`): every blob reachable from
// the selected commits is read once (Nosey Parker's and Kingfisher's
// design: `git rev-list --objects` + `git cat-file --batch`), analysed by
// the same engine as the file scanner, and only for blobs with findings
// is the provenance traced: which commit introduced each finding, at which
// path and line. docs/history.md explains the rules; docs/performance.md
// the choice of design.

// ModeHistory is the report mode of a history scan.
const ModeHistory Mode = "history"

// HistoryOptions select a history scan (Options.History).
type HistoryOptions struct {
	// Revs are `git rev-list` revision arguments ("main", "A..B", "^X").
	// Empty: every ref (`--all`: branches, remote-tracking branches, tags,
	// refs/stash, notes, ...).
	Revs []string
	// CacheFile, when set, keeps per-blob results between runs.
	CacheFile string
	// Progress receives a status line while the scan runs (nil: none).
	Progress io.Writer
}

// Commit is the commit that introduced a history finding. Author, e-mail
// and subject come from the repository and are shown redacted.
type Commit struct {
	SHA     string `json:"sha"`
	Author  string `json:"author"`
	Email   string `json:"email"`
	Date    string `json:"date"` // author date, RFC 3339
	Subject string `json:"subject"`
}

// HistoryInfo describes what a history scan covered (Report.History).
type HistoryInfo struct {
	Revisions     []string `json:"revisions"` // rev-list arguments, ["--all"] by default
	Head          string   `json:"head,omitempty"`
	Branch        string   `json:"branch,omitempty"`
	RepositoryURI string   `json:"repositoryUri,omitempty"`
	Commits       int      `json:"commits"`       // commits selected (their paths are always checked)
	Blobs         int      `json:"blobs"`         // distinct blobs covered
	Messages      int      `json:"messages"`      // commit and annotated tag objects covered (messages, authors)
	CachedObjects int      `json:"cachedObjects"` // blobs, commits and tags taken from --cache, not read
	// CacheError says why --cache could not be written (the scan itself
	// is complete).
	CacheError string `json:"cacheError,omitempty"`
}

// nameFindings checks the names no commit diff shows: with every ref
// (revs empty), the refs' own names; with revisions, the names in a tree
// one of them names.
func nameFindings(ctx context.Context, root string, revs []string, user *analysis.Config) ([]Finding, error) {
	if len(revs) == 0 {
		return refFindings(ctx, root, user)
	}
	return namedTreePaths(ctx, root, revs, user)
}

// historyResults turns what the engine found into report findings:
// commit and tag objects directly, blobs through the provenance pass over
// the commits (only when a blob has findings).
func historyResults(ctx context.Context, root string, objs []blobRef, hits map[string]*blobResult, commits []historyCommit, prog *progress) ([]Finding, error) {
	intros, found := messageFindings(objs, hits)
	if len(hits) == 0 {
		if len(intros) == 0 {
			return found, nil
		}
		traced, err := historyFindings(ctx, root, intros)
		return append(found, traced...), err
	}
	traced, err := traceFindings(ctx, root, commits, objs, hits, intros, prog)
	return append(found, traced...), err
}

// historyBlobs lists the objects to read: blobs (and commit and tag
// objects) to scan, and trees (and a range's parent commits) only to
// check against their ids. For every ref, that is every reachable
// object; for a range, the blobs its commits bring in, also those that
// exist outside the range (a revert of a deletion re-adds an old blob),
// and what a revision naming a tree or a blob names. commits is returned
// when it had to be listed anyway.
func historyBlobs(ctx context.Context, root string, isRange bool, revs []string) (commits []historyCommit, blobs, check []blobRef, err error) {
	if !isRange {
		objs, err := listObjects(ctx, root, revs, nil)
		blobs, check = splitTrees(objs)
		return nil, blobs, check, err
	}
	if commits, err = listCommits(ctx, root, revs); err != nil {
		return nil, nil, nil, err
	}
	if blobs, err = rangeBlobs(ctx, root, commits); err != nil {
		return nil, nil, nil, err
	}
	// What git reads to trace the range: the trees of its commits and of
	// their parents, and the parents themselves (not their blobs, which
	// are not read: a partial clone need not have them).
	var ids strings.Builder
	for _, c := range commits {
		ids.WriteString(c.oid + "\n")
		for _, p := range c.parents {
			ids.WriteString(p + "\n")
		}
	}
	traced, err := listObjects(ctx, root, []string{"--no-walk", "--filter=blob:none"}, strings.NewReader(ids.String()))
	if err != nil {
		return nil, nil, nil, err
	}
	direct, _, err := namedObjects(ctx, root, revs)
	if err != nil {
		return nil, nil, nil, err
	}
	// A revision that names a tree or a blob selects no commit: what it
	// names is read (its findings have no commit, as with a tag on a
	// tree in --all).
	var named []blobRef
	if len(direct) > 0 {
		if named, err = listObjects(ctx, root, direct, nil); err != nil {
			return nil, nil, nil, err
		}
	}
	blobs, check = mergeObjects(blobs, named, traced)
	return commits, blobs, check, nil
}

// mergeObjects adds to blobs what named holds (its trees to be checked,
// the rest to be read) and returns, to be checked, the trees and commits
// of traced that are not read anyway (the blobs of a range's parents
// are not read: they are not the range's).
func mergeObjects(blobs, named, traced []blobRef) (scan, check []blobRef) {
	have := map[string]bool{}
	for _, b := range blobs {
		have[b.oid] = true
	}
	for _, o := range named {
		switch {
		case have[o.oid]:
		case o.typ == "tree":
			check = append(check, o)
		default:
			blobs = append(blobs, o)
		}
		have[o.oid] = true
	}
	for _, o := range traced {
		if !have[o.oid] && (o.typ == "tree" || o.typ == "commit") {
			check = append(check, o)
			have[o.oid] = true
		}
	}
	return blobs, check
}

// namedObjects returns the revisions of revs (their object ids) that name
// a tree or a blob, directly or through annotated tags, rather than a
// commit, and the trees among what they name. `git rev-list` selects
// commits only and would pass over them in silence.
func namedObjects(ctx context.Context, root string, revs []string) (direct, trees []string, err error) {
	// "--" last: each argument must be a revision, never a path.
	out, err := historyOutput(ctx, root, append(append([]string{"rev-parse"}, revs...), "--")...)
	if err != nil {
		return nil, nil, err
	}
	var positive []string
	for _, l := range strings.Fields(string(out)) {
		if l != "--" && !strings.HasPrefix(l, "^") {
			positive = append(positive, l)
		}
	}
	if len(positive) == 0 {
		return nil, nil, nil
	}
	cmd := historyGit(ctx, root, "cat-file", "--batch-check=%(objectname) %(objecttype)")
	cmd.Stdin = strings.NewReader(strings.Join(positive, "^{}\n") + "^{}\n") // peeled through tags
	peeled, err := gitcmd.Run(cmd)
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(peeled), "\n"), "\n")
	if len(lines) != len(positive) {
		return nil, nil, fmt.Errorf("git cat-file --batch-check: %d answers for %d revisions", len(lines), len(positive))
	}
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) != 2 || f[1] == "missing" {
			return nil, nil, fmt.Errorf("git cat-file --batch-check: revision %s: %q", positive[i], ghtoken.RedactAll(l))
		}
		switch f[1] {
		case "tree":
			trees = append(trees, f[0])
			direct = append(direct, positive[i])
		case "blob":
			direct = append(direct, positive[i])
		}
	}
	return direct, trees, nil
}

// messageFindings takes the findings in commit and tag objects (their
// messages and headers, e.g. an author name) out of hits. A commit
// introduces what its own object holds; the path is "(commit)" and the
// line is that of `git cat-file commit SHA`. An annotated tag has no
// commit: "(tag NAME)", the line of `git cat-file tag NAME`.
func messageFindings(objs []blobRef, hits map[string]*blobResult) ([]introduction, []Finding) {
	var intros []introduction
	var tags []Finding
	for _, o := range objs {
		r := hits[o.oid]
		if r == nil || o.typ == "blob" {
			continue
		}
		delete(hits, o.oid)
		for _, f := range r.findings {
			if o.typ == "commit" {
				intros = append(intros, introduction{commit: o.oid, path: commitObjectFile, blob: o.oid, finding: f})
				continue
			}
			name := o.name
			if name == "" { // named by id (--history=ID)
				name = o.oid
			}
			f.File = ghtoken.RedactAll("(tag " + name + ")")
			f.Fingerprint = fmt.Sprintf("%s:%s:%s:%d", o.oid, f.File, f.RuleID, f.Line)
			tags = append(tags, f)
		}
	}
	return intros, tags
}

// traceFindings finds where each finding of the hit blobs came in and
// turns the introductions (with those of commit objects, given) into
// report findings.
func traceFindings(ctx context.Context, root string, commits []historyCommit, blobs []blobRef, hits map[string]*blobResult, given []introduction, prog *progress) ([]Finding, error) {
	prog.begin("tracing commits", "commits", int64(len(commits)), 0)
	intros, seen, err := findIntroductions(ctx, root, commits, hits, func(n int) { prog.set(int64(n)) })
	if err != nil {
		return nil, err
	}
	found, err := historyFindings(ctx, root, append(given, intros...))
	if err != nil {
		return nil, err
	}
	return append(found, orphanFindings(blobs, hits, seen)...), nil
}

// addHistoryFindings applies the suppressions, sorts and counts.
func addHistoryFindings(rep *Report, found []Finding, ign historyIgnore, baseline *Baseline) {
	for _, f := range found {
		switch {
		case ign.match(f):
			rep.Summary.Suppressed.GitleaksIgnore++
		case baseline.contains(f):
			rep.Summary.Suppressed.Baseline++
		default:
			rep.Findings = append(rep.Findings, f)
		}
	}
	sortHistory(rep.Findings)
	countFindings(rep)
	sortUnexpanded(rep)
}

// historyRoot is the work tree's top level, or the git directory of a
// bare repository.
func historyRoot(ctx context.Context, dir string) (string, error) {
	if top, err := gitcmd.Output(ctx, dir, "rev-parse", "--show-toplevel"); err == nil && strings.TrimSpace(string(top)) != "" {
		return filepath.FromSlash(strings.TrimSpace(string(top))), nil
	}
	gd, err := gitcmd.Output(ctx, dir, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return "", &OptionError{OptionHistory, fmt.Errorf("not in a git repository (%v)", err)}
	}
	return filepath.FromSlash(strings.TrimSpace(string(gd))), nil
}

// rangeBlobs lists the blobs the given commits bring in: the new side of
// every diff against each parent.
func rangeBlobs(ctx context.Context, dir string, commits []historyCommit) ([]blobRef, error) {
	seen := map[string]bool{}
	var blobs []blobRef
	keep := func(p filePair) bool {
		if p.status == 'D' || !blobSide(p.newOID, p.newMode) || seen[p.newOID] {
			return false
		}
		seen[p.newOID] = true
		blobs = append(blobs, blobRef{oid: p.newOID, typ: "blob", name: p.path})
		return false
	}
	if err := diffCommits(ctx, dir, commits, false, keep, func(historyCommit, []parentDiff) error { return nil }); err != nil {
		return nil, err
	}
	for _, c := range commits { // their messages
		blobs = append(blobs, blobRef{oid: c.oid, typ: "commit"})
	}
	return sizeBlobs(ctx, dir, blobs)
}

// scanBlobs reads every blob not in the cache and returns the results of
// the blobs with findings. Blobs are split into one contiguous shard per
// worker, each read by its own `git cat-file --batch` and analysed in the
// same goroutine straight from the pipe: no copy between reader and
// analyser, and memory is one chunk buffer per worker.
func scanBlobs(ctx context.Context, dir string, blobs []blobRef, cache *blobCache, cfg *analysis.Config, workers int, prog *progress, rep *Report) (map[string]*blobResult, error) {
	hits := map[string]*blobResult{}
	var todo []blobRef
	var todoBytes int64
	for _, b := range blobs {
		if fs, ok := cache.lookup(b.oid); ok {
			rep.History.CachedObjects++
			if len(fs) > 0 {
				hits[b.oid] = newBlobResult(fs)
			}
			continue
		}
		todo = append(todo, b)
		todoBytes += b.size
	}
	rep.Summary.Files = len(blobs)
	prog.begin("reading objects", "objects", int64(len(todo)), todoBytes)

	if workers <= 0 {
		workers = 1
	}
	shards := shardBySize(todo, todoBytes, workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for _, shard := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, chunkSize+overlap)
			err := catBlobs(ctx, dir, shard, func(b blobRef, r io.Reader) error {
				fs, n, exp, err := scanBlobContent("", r, buf, cfg)
				if err != nil {
					return fmt.Errorf("blob %s (%s): %v", b.oid, ghtoken.RedactAll(b.name), err)
				}
				prog.add(1, n)
				mu.Lock()
				defer mu.Unlock()
				rep.Summary.Bytes += n
				addBlobExpansion(rep, b, exp)
				if len(exp.notes) == 0 { // a blob not expanded in full is read again, and said again, next time
					cache.store(b.oid, fs)
				}
				if len(fs) > 0 {
					hits[b.oid] = newBlobResult(fs)
				}
				return nil
			})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return hits, ctx.Err()
}

// shardBySize cuts blobs into at most n contiguous runs of about equal
// bytes (contiguous: rev-list order keeps a file's versions together,
// which is what git's delta-base cache likes).
func shardBySize(blobs []blobRef, total int64, n int) [][]blobRef {
	var shards [][]blobRef
	per := total/int64(n) + 1
	start, acc := 0, int64(0)
	for i, b := range blobs {
		acc += b.size
		if acc >= per && len(shards) < n-1 {
			shards = append(shards, blobs[start:i+1])
			start, acc = i+1, 0
		}
	}
	if start < len(blobs) {
		shards = append(shards, blobs[start:])
	}
	return shards
}

// historyFindings turns introductions into report findings with their
// commit's metadata; everything from the repository is redacted.
func historyFindings(ctx context.Context, dir string, intros []introduction) ([]Finding, error) {
	var oids []string
	seen := map[string]bool{}
	for _, in := range intros {
		if !seen[in.commit] {
			seen[in.commit] = true
			oids = append(oids, in.commit)
		}
	}
	meta, err := readCommits(ctx, dir, oids)
	if err != nil {
		return nil, err
	}
	out := make([]Finding, 0, len(intros))
	for _, in := range intros {
		m := meta[in.commit]
		f := in.finding
		placeFinding(&f, in.path)
		f.Commit = &Commit{SHA: in.commit, Author: ghtoken.RedactAll(m.author), Email: ghtoken.RedactAll(m.email),
			Date: m.date, Subject: ghtoken.RedactAll(m.subject)}
		f.Fingerprint = fmt.Sprintf("%s:%s:%s:%d", in.commit, f.File, f.RuleID, f.Line)
		out = append(out, f)
	}
	return out, nil
}

// orphanFindings reports blobs with findings that no scanned commit holds:
// reachable only through a tag or ref that names a tree or blob directly.
// They have no commit; the path is the one rev-list gave, if any.
func orphanFindings(blobs []blobRef, hits map[string]*blobResult, seen map[string]bool) []Finding {
	var out []Finding
	for _, b := range blobs {
		r := hits[b.oid]
		if r == nil || seen[b.oid] || b.typ != "blob" {
			continue
		}
		seen[b.oid] = true
		name := b.name
		if name == "" {
			name = "(blob " + b.oid + ")"
		}
		for _, f := range r.findings {
			placeFinding(&f, name)
			f.Fingerprint = fmt.Sprintf("%s:%s:%d", f.File, f.RuleID, f.Line)
			out = append(out, f)
		}
	}
	return out
}

func sortHistory(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return commitSHA(a) < commitSHA(b)
	})
}

func commitSHA(f Finding) string {
	if f.Commit == nil {
		return ""
	}
	return f.Commit.SHA
}

// describeRepo fills in HEAD, its branch and the origin remote for SARIF's
// versionControlProvenance. Each is optional (an empty or detached
// repository, no remote). A remote URL loses any user:password part.
func describeRepo(ctx context.Context, dir string, info *HistoryInfo) {
	if out, err := gitcmd.Output(ctx, dir, "rev-parse", "--verify", "-q", "HEAD^{commit}"); err == nil {
		info.Head = strings.TrimSpace(string(out))
	}
	if out, err := gitcmd.Output(ctx, dir, "symbolic-ref", "-q", "--short", "HEAD"); err == nil {
		info.Branch = ghtoken.RedactAll(strings.TrimSpace(string(out)))
	}
	if out, err := gitcmd.Output(ctx, dir, "config", "--get", "remote.origin.url"); err == nil {
		info.RepositoryURI = remoteURI(strings.TrimSpace(string(out)))
	}
	if info.RepositoryURI == "" {
		info.RepositoryURI = DisplayPath((&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String())
	}
}

func remoteURI(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		u.User = nil
		return ghtoken.RedactAll(u.String())
	}
	if _, err := os.Stat(raw); err == nil { // a local path
		if abs, err := filepath.Abs(raw); err == nil {
			return DisplayPath((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String())
		}
	}
	// scp-like "git@github.com:owner/repo.git": drop the user.
	if at := strings.IndexByte(raw, '@'); at >= 0 && strings.Contains(raw[at:], ":") {
		raw = raw[at+1:]
	}
	return ghtoken.RedactAll(raw)
}
