package scan

import (
	"context"
	"fmt"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// historySource scans the history of the repository at top: every blob
// reachable from the selected commits (or every ref) read once, in shards
// by size, each shard from one `git cat-file --batch` analysed straight
// from the pipe; only the blobs with findings are then traced to the
// commit, path and line that introduced them. Commit and tag messages
// and the names in trees and refs are scanned too (docs/history.md).
type historySource struct {
	top string
}

func newHistorySource(ctx context.Context, opts Options) (*historySource, error) {
	for _, r := range opts.History.Revs {
		if r == "" || strings.HasPrefix(r, "-") {
			return nil, &OptionError{OptionHistory, fmt.Errorf("%q is not a revision (use e.g. main, A..B, ^X)", ghtoken.RedactAll(r))}
		}
	}
	if opts.AllRules {
		return nil, &ConflictError{Option: OptionHistory, With: []Option{OptionAllRules}, Why: "a history scan looks for tokens only, the other rules are advice about current code"}
	}
	root, err := historyRoot(ctx, opts.Dir)
	if err != nil {
		return nil, err
	}
	return &historySource{top: root}, nil
}

func (s *historySource) mode() Mode   { return ModeHistory }
func (s *historySource) root() string { return s.top }

func (s *historySource) scan(ctx context.Context, opts Options, rep *Report) error {
	h, root := opts.History, s.top
	cfg := analysisConfig(opts)
	revs := h.Revs
	if len(revs) == 0 {
		revs = []string{"--all"}
	}
	rep.History = &HistoryInfo{Revisions: revs}
	if len(h.Revs) == 0 {
		stashes, err := stashEntries(ctx, root)
		if err != nil {
			return err
		}
		revs = append(append([]string(nil), revs...), stashes...)
	}
	ign, err := loadHistoryIgnore(opts.IgnoreFile, root)
	if err != nil {
		return err
	}
	var cache *blobCache
	if h.CacheFile != "" {
		if cache, err = openCache(h.CacheFile, cfg); err != nil {
			return &OptionError{OptionCache, err}
		}
	}
	prog := newProgress(h.Progress)
	defer prog.finish()

	commits, blobs, check, err := historyBlobs(ctx, root, len(h.Revs) > 0, revs)
	if err != nil {
		return err
	}
	checked := make(chan error, 1)
	go func() { checked <- checkObjects(ctx, root, check) }()
	for _, b := range blobs {
		if b.typ == "blob" {
			rep.History.Blobs++
		} else {
			rep.History.Messages++
		}
	}
	// The commits are listed and their paths checked for tokens while the
	// blobs are read: the tree diffs cost little and their latency hides.
	type listed struct {
		commits []historyCommit
		paths   []introduction
		err     error
	}
	pending := make(chan listed, 1)
	go func() {
		l := listed{commits: commits}
		if l.commits == nil {
			l.commits, l.err = listCommits(ctx, root, revs)
		}
		if l.err == nil {
			l.err = checkShallow(ctx, root, l.commits)
		}
		if l.err == nil {
			l.paths, l.err = pathIntroductions(ctx, root, l.commits, opts.Config)
		}
		pending <- l
	}()
	hits, err := scanBlobs(ctx, root, blobs, cache, cfg, opts.Workers, prog, rep)
	l := <-pending
	if err == nil {
		err = <-checked
	}
	if err != nil {
		return err
	}
	if l.err != nil {
		return l.err
	}
	rep.History.Commits = len(l.commits)
	found, err := historyResults(ctx, root, blobs, hits, l.commits, prog)
	if err != nil {
		return err
	}
	inPaths, err := historyFindings(ctx, root, l.paths)
	if err != nil {
		return err
	}
	found = append(found, inPaths...)
	names, err := nameFindings(ctx, root, h.Revs, opts.Config)
	if err != nil {
		return err
	}
	found = append(found, names...)
	addHistoryFindings(rep, found, ign, opts.Baseline)
	describeRepo(ctx, root, rep.History)
	// Everything was read: a cache that cannot be written costs the next
	// run time, not this run its report.
	if err := cache.save(); err != nil {
		rep.History.CacheError = ghtoken.RedactAll((&OptionError{OptionCache, err}).Error())
	}
	return nil
}
