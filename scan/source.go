package scan

import (
	"context"
	"sync"

	"github.com/ghpat-ls/ghpat-ls/filelist"
)

// A source is one mode of scan: what it reads, and how. Run picks one by
// the options (newSource) and hands it the report to fill. There are four:
// paths (files and directories, source_paths.go), staged (the git index,
// source_staged.go), diff (the lines added since a revision, or between
// two: source_diff.go, diffrange.go) and history (every commit,
// source_history.go). The first three feed files to one pool of workers
// (scanFiles); the history reads each blob once, in shards, and traces
// what it finds to commits. Every source that reads the object store
// does it through the one reader of git objects (catfile.go).
type source interface {
	// mode names the source in the report.
	mode() Mode
	// root is the absolute directory the report's paths are relative to.
	root() string
	// scan reads everything the source holds into rep: a source never
	// skips what it cannot read, it fails naming it.
	scan(ctx context.Context, opts Options, rep *Report) error
}

// newSource checks that the options select one mode and makes its source.
func newSource(ctx context.Context, opts Options) (source, error) {
	switch {
	case opts.History != nil:
		if opts.Staged || opts.DiffRev != "" || len(opts.Paths) > 0 {
			return nil, &ConflictError{Option: OptionHistory, With: []Option{OptionStaged, OptionDiff, OptionPaths}}
		}
		return asSource(newHistorySource(ctx, opts))
	case opts.Staged && opts.DiffRev != "":
		return nil, &ConflictError{Option: OptionStaged, With: []Option{OptionDiff}}
	case opts.Staged:
		return asSource(newStagedSource(ctx, opts.Dir))
	case opts.DiffRev != "":
		return newDiffSource(ctx, opts.Dir, opts.DiffRev)
	}
	return asSource(newPathSource(opts.Dir, opts.Paths, opts.Stdin, filelist.Options{NoIgnore: opts.NoIgnore, CountIgnored: true}))
}

// asSource keeps a failed constructor's nil pointer from becoming a
// non-nil source.
func asSource[S source](s S, err error) (source, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}

// produceFunc lists a file source's files and sends them to the workers;
// files over max (when positive) are sent as skipped when their size is
// known without reading them.
type produceFunc func(ctx context.Context, max int64, out chan<- file) error

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

// scanFiles runs produce beside a pool of opts.Workers readers and
// collects their results into rep, suppressions (.gitleaksignore under
// root, the baseline) applied. The first error stops the scan.
func scanFiles(ctx context.Context, opts Options, rep *Report, root string, produce produceFunc) error {
	cfg := analysisConfig(opts)
	ign, err := loadIgnore(opts.IgnoreFile, root)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	files := make(chan file, opts.Workers)
	var produceErr error
	go func() {
		defer close(files)
		produceErr = produce(ctx, opts.MaxFileSize, files)
	}()

	results := make(chan result, opts.Workers)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rd := &reader{cfg: cfg, max: opts.MaxFileSize}
			for f := range files {
				results <- rd.file(f)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	col := &collector{rep: rep, ign: ign, baseline: opts.Baseline, paths: newPathChecker(opts.Config)}
	var firstErr error
	for r := range results {
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
				cancel()
			}
			continue
		}
		col.add(r)
	}
	if firstErr != nil {
		return firstErr
	}
	if produceErr != nil {
		return produceErr
	}
	col.finish()
	return nil
}
