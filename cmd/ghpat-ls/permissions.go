package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/filelist"
	"github.com/ghpat-ls/ghpat-ls/internal/report"
	"github.com/ghpat-ls/ghpat-ls/permissions"
	"github.com/ghpat-ls/ghpat-ls/scan"
)

// permCall is one API call as the report shows it.
type permCall struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	How     string `json:"how"`
	GraphQL bool   `json:"graphql,omitempty"`
	// Known is false for a REST path the route table does not document:
	// it makes no permission claim.
	Known bool `json:"known"`
	// ClassicInferred: GitHub's description names no classic scope; repo
	// is assumed (a private repository needs it).
	ClassicInferred bool `json:"classicScopeInferred,omitempty"`
	route           *permissions.Route
}

// permReport is the JSON form (docs/permissions.md documents it).
// permissionsFormats are the formats of permissions, text first.
var permissionsFormats = report.Formats[*permReport]{
	{Name: "text", Write: func(w io.Writer, r *permReport) error { writePermText(w, r); return nil }},
	{Name: "json", Write: func(w io.Writer, r *permReport) error { return writeJSONTo(w, r) }},
	{Name: "markdown", Write: func(w io.Writer, r *permReport) error { writePermMarkdown(w, r); return nil }},
}

type permReport struct {
	Calls       []permCall          `json:"calls"`
	FineGrained map[string]string   `json:"fineGrained"`
	NeededBy    map[string][]int    `json:"fineGrainedNeededBy"`
	Groups      map[string][]string `json:"fineGrainedGroups"`
	Classic     []string            `json:"classicScopes"`
	ClassicBy   map[string][]int    `json:"classicScopesNeededBy"`
	Links       map[string]string   `json:"links"`
	set         permissions.Set
	tab         *permissions.Table
}

const permissionsHeader = `Usage: ghpat-ls permissions [flags] [PATH...]

Lists the GitHub API calls in the files under PATH (default: .; in a git
work tree, .gitignore is honoured), the least fine-grained permissions and
classic scopes they need, and links that create a token with just those.

Flags:
`

// runPermissions: exit 0 when every file was read, 2 otherwise (naming
// the file) or on a usage error.
func runPermissions(args []string, stdout, stderr io.Writer) error {
	stdout = redactWriter{stdout}
	fs := newFlagSet("permissions")
	format := addFormatFlag(fs, permissionsFormats, "output")
	host := fs.String("enterprise-host", "", "GitHub Enterprise Server `host`: its API calls count, and the links point there")
	name := fs.String("name", "", "token `name` for the links (default: ghpat-ls <directory>)")
	desc := fs.String("description", "", "token `description` for the links (default: what made it)")
	owner := fs.String("owner", "", "user or organization `name` the fine-grained token is for (pre-selects the resource owner)")
	expires := fs.Int("expires-in", permissions.DefaultExpiresDays, "fine-grained token lifetime in `days` for the link (0: GitHub's default)")
	paths, help, err := parseArgs(fs, args, stdout, permissionsHeader)
	if help || err != nil {
		return err
	}
	writer, err := format.chosen()
	if err != nil {
		return usagef("%v", err)
	}
	if *expires < 0 {
		return usagef("--expires-in must be 0 or more days, not %d", *expires)
	}
	webHost, apiHosts, err := enterpriseHostFlag(*host)
	if err != nil {
		return usagef("%v", err)
	}
	dir, err := os.Getwd()
	if err != nil {
		return failf(2, "%v", err)
	}
	calls, unread, indexOnly, err := collectCalls(dir, paths, apiHosts)
	if err != nil {
		return failf(2, "%v", err)
	}
	if indexOnly > 0 {
		fmt.Fprintf(stderr, "ghpat-ls permissions: %d files left out of the work tree by a sparse checkout were not read\n", indexOnly)
	}
	opts := permissions.LinkOptions{Host: webHost, Name: *name, Description: *desc, Owner: *owner, ExpiresDays: *expires}
	if opts.Name == "" {
		opts.Name = permissions.DefaultName(dir)
	}
	if opts.Description == "" {
		opts.Description = permissions.DefaultDescription
	}
	rep := buildPermReport(calls, opts)
	if err := writer.Write(stdout, rep); err != nil {
		return err
	}
	return unreadError(unread)
}

// unreadError fails the command, after the report of what was read, with
// every path that could not be read.
func unreadError(unread []string) error {
	switch len(unread) {
	case 0:
		return nil
	case 1:
		return failf(2, "cannot read %s; the report above leaves it out", unread[0])
	}
	return failf(2, "cannot read %d paths; the report above leaves them out:\n  %s", len(unread), strings.Join(unread, "\n  "))
}

// collectCalls reads every file the scanner would and finds its calls
// (readEachFile says how paths are read and what fails).
func collectCalls(dir string, paths, apiHosts []string) (calls []permCall, unread []string, indexOnly int, err error) {
	unread, indexOnly, err = readEachFile(dir, paths, func(rel string, data []byte) {
		// The one line model (\n, \r\n and a lone \r), as scan's and the
		// editor's: a call is on the same line in every report. Only the
		// line: counting each call's column re-read a minified line per call.
		lines := analysis.NewLineIndex(data)
		for _, c := range analysis.FindAPICalls(analysis.DetectLanguage(rel, ""), data, apiHosts) {
			calls = append(calls, permCall{Method: c.Method, Path: c.Path, File: rel, Line: lines.Line(c.Range.Start) + 1,
				How: c.How, GraphQL: c.GraphQL, Known: c.Route != nil, route: c.Route,
				ClassicInferred: c.Route != nil && c.Route.ClassicInferred})
		}
	})
	if err != nil {
		return nil, nil, 0, err
	}
	sort.SliceStable(calls, func(i, j int) bool {
		if calls[i].File != calls[j].File {
			return calls[i].File < calls[j].File
		}
		return calls[i].Line < calls[j].Line
	})
	return calls, unread, indexOnly, nil
}

// readEachFile reads every file the scanner would, as it reads it
// (filelist: a link's own text, never its target; no FIFO or device), and
// hands it to fn. A path that cannot be read is named in unread and the
// listing goes on; the command then fails, since a report that skipped a
// file would under-state what the code does. indexOnly counts the files a
// sparse checkout keeps out of the work tree, not read.
func readEachFile(dir string, paths []string, fn func(rel string, data []byte)) (unread []string, indexOnly int, err error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	read := func(rel string, f filelist.File) {
		data, err := filelist.ReadListed(context.Background(), f, 0)
		if err != nil {
			unread = append(unread, unreadPath(rel, err))
			return
		}
		fn(rel, data)
	}
	for _, p := range paths {
		t, err := filelist.Resolve(dir, p)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %v", scan.TextPath(scan.DisplayPath(p)), unwrapPath(err))
		}
		switch m := t.Info.Mode(); {
		case m.IsRegular():
			read(filelist.RelTo(dir, t.Named), filelist.File{Abs: t.Abs, Kind: filelist.Regular})
			continue
		case !m.IsDir():
			unread = append(unread, unreadPath(filelist.RelTo(dir, t.Named), &filelist.NotFileError{Mode: m}))
			continue
		}
		st, err := filelist.List(context.Background(), t.Abs, filelist.Options{}, filelist.Visitor{
			File: func(f filelist.File) error {
				if f.Kind != filelist.Submodule {
					read(t.Rel(dir, f.Abs), f)
				}
				return nil
			},
			Problem: func(abs string, err error) error {
				unread = append(unread, unreadPath(t.Rel(dir, abs), err))
				return nil
			},
		})
		indexOnly += st.IndexOnly
		if err != nil {
			return nil, 0, err
		}
	}
	return unread, indexOnly, nil
}

// unreadPath names a path that could not be read, and why.
func unreadPath(rel string, err error) string {
	return scan.TextPath(scan.DisplayPath(rel)) + ": " + unwrapPath(err).Error()
}

// unwrapPath drops the path the os package puts in its errors (shown
// unredacted otherwise; the caller names the path).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func buildPermReport(calls []permCall, opts permissions.LinkOptions) *permReport {
	tab := permissions.Default()
	var routes []*permissions.Route
	var index []int // routes[i] is calls[index[i]]
	for i, c := range calls {
		if c.route != nil {
			routes = append(routes, c.route)
			index = append(index, i)
		}
	}
	set := tab.Minimal(routes)
	rep := &permReport{Calls: calls, FineGrained: map[string]string{}, NeededBy: map[string][]int{},
		Groups: map[string][]string{}, Classic: set.Classic, ClassicBy: map[string][]int{}, set: set, tab: tab}
	if rep.Calls == nil {
		rep.Calls = []permCall{}
	}
	if rep.Classic == nil {
		rep.Classic = []string{}
	}
	for _, g := range set.FineGrained {
		rep.FineGrained[g.Permission] = g.Level.String()
		rep.NeededBy[g.Permission] = remap(set.FineUsers[g], index)
		p, _ := tab.Permission(g.Permission)
		rep.Groups[p.Group] = append(rep.Groups[p.Group], g.Permission)
	}
	for _, sc := range set.Classic {
		rep.ClassicBy[sc] = remap(set.ClassicUses[sc], index)
	}
	rep.Links = map[string]string{}
	if len(calls) > 0 { // no calls, no token to make
		rep.Links = map[string]string{"fineGrained": set.FineGrainedLink(opts), "classic": set.ClassicLink(opts)}
	}
	return rep
}

func remap(routeIdx, index []int) []int {
	out := make([]int, len(routeIdx))
	for i, r := range routeIdx {
		out[i] = index[r]
	}
	return out
}
