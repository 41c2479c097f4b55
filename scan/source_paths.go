package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/filelist"
)

// stdinName is how standard input ("-") is reported.
const stdinName = "-"

// pathSource scans files and directories, listed by filelist (in a git
// work tree as git lists them, .gitignore honoured unless list.NoIgnore;
// elsewhere walked, skipping .git). Files named explicitly are always
// scanned: "-" and a FIFO, a device or /dev/stdin as a stream until EOF,
// a symbolic link to a directory as that directory. What a listing cannot
// read is named, the listing goes on, and the scan fails with every name.
type pathSource struct {
	dir     string // absolute; report paths are relative to it
	targets []pathTarget
	stdin   io.Reader
	list    filelist.Options
	listed  filelist.Stats // what the listings left out (.gitignore)
}

func newPathSource(dir string, paths []string, stdin io.Reader, list filelist.Options) (*pathSource, error) {
	targets, err := pathTargets(dir, paths)
	if err != nil {
		return nil, err
	}
	return &pathSource{dir: dir, targets: targets, stdin: stdin, list: list}, nil
}

func (s *pathSource) mode() Mode   { return ModeFiles }
func (s *pathSource) root() string { return s.dir }

func (s *pathSource) scan(ctx context.Context, opts Options, rep *Report) error {
	if err := scanFiles(ctx, opts, rep, s.dir, s.produce); err != nil {
		return err
	}
	rep.Summary.Skipped.Gitignore = s.listed.Ignored
	return nil
}

func (s *pathSource) produce(ctx context.Context, max int64, out chan<- file) error {
	var problems []error
	for _, t := range s.targets {
		var err error
		switch {
		case t.kind == kindReader:
			err = send(ctx, out, file{rel: stdinName, kind: kindReader, rd: s.stdin})
		case !t.Info.IsDir():
			err = send(ctx, out, file{rel: filelist.RelTo(s.dir, t.Named), abs: t.Abs, kind: t.kind, newPath: true})
		default:
			err = produceDir(ctx, s.dir, t.Target, s.list, max, out, &s.listed, &problems)
		}
		if err != nil {
			return err
		}
	}
	return listingError(problems)
}

// listingError names every path a listing could not read, one a line.
func listingError(problems []error) error {
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return problems[0]
	}
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.Error()
	}
	return fmt.Errorf("%d paths could not be read:\n  %s", len(problems), strings.Join(msgs, "\n  "))
}

// pathTarget is one path named on the command line, checked before any
// file is read.
type pathTarget struct {
	filelist.Target
	kind fileKind
}

// pathTargets checks every named path ("." when none is): standard input
// at most once, every other path present and readable as a file, a stream
// or a directory.
func pathTargets(dir string, paths []string) ([]pathTarget, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var targets []pathTarget
	stdinSeen := false
	for _, p := range paths {
		if p == stdinName {
			if stdinSeen {
				return nil, errors.New(`"-" (standard input) can be named only once`)
			}
			stdinSeen = true
			targets = append(targets, pathTarget{Target: filelist.Target{Named: stdinName}, kind: kindReader})
			continue
		}
		t, err := namedTarget(dir, p)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	return targets, nil
}

// namedTarget says how to read the path p (relative to dir) the user named.
func namedTarget(dir, p string) (pathTarget, error) {
	ft, err := filelist.Resolve(dir, p)
	if err != nil {
		return pathTarget{}, pathError(p, err)
	}
	t := pathTarget{Target: ft}
	switch m := ft.Info.Mode(); {
	case m.IsDir():
	case m.IsRegular():
		t.kind = kindRegular
	case m&fs.ModeSocket != 0:
		return pathTarget{}, pathError(p, errors.New("is a socket, which cannot be read"))
	default:
		t.kind = kindStream // FIFO, /dev/stdin, <(...), a device: the user asked for it
	}
	return t, nil
}

// listedKinds says how the scan reads each kind of listed file.
var listedKinds = map[filelist.Kind]fileKind{
	filelist.Regular:   kindRegular,
	filelist.Encoded:   kindClean, // read as git commits it
	filelist.Link:      kindLink,  // its target text, as git stores it
	filelist.Submodule: kindNameOnly,
}

// produceDir sends the files of the directory t: listed by git inside a
// work tree (files only in the index read from it), walked elsewhere. What
// cannot be read is added to problems and the listing goes on.
func produceDir(ctx context.Context, dir string, t filelist.Target, list filelist.Options, max int64, out chan<- file, stats *filelist.Stats, problems *[]error) error {
	v := filelist.Visitor{
		File: func(f filelist.File) error {
			return send(ctx, out, file{rel: t.Rel(dir, f.Abs), abs: f.Abs, kind: listedKinds[f.Kind], newPath: true})
		},
		Problem: func(abs string, err error) error {
			*problems = append(*problems, problemError(t.Rel(dir, abs), err))
			return nil
		},
		Sparse: func(repo string, blobs []filelist.IndexBlob) error {
			staged := make([]stagedBlob, len(blobs))
			for i, b := range blobs {
				staged[i] = stagedBlob{path: t.Rel(dir, b.Abs), oid: b.OID, newPath: true}
			}
			err := sendBlobs(ctx, repo, staged, max, out) // no lazy fetch: a scan does not go to the network
			if errors.Is(err, errNoObject) || err != nil && strings.Contains(err.Error(), "promisor") {
				err = fmt.Errorf("%v; a file outside a sparse checkout is not in this partial clone: scan the checked-out directories (ghpat-ls scan DIR...) or fetch it", err)
			}
			return err
		},
	}
	st, err := filelist.List(ctx, t.Abs, list, v)
	stats.Ignored += st.Ignored
	return err
}

// problemError names a path a listing could not read, and says how a
// FIFO or device can be read after all.
func problemError(rel string, err error) error {
	var nf *filelist.NotFileError
	if errors.As(err, &nf) {
		return fmt.Errorf("%s is %s: name it on the command line to read it as a stream", DisplayPath(rel), filelist.DescribeMode(nf.Mode))
	}
	return pathError(rel, err)
}
