package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
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
	fs := flag.NewFlagSet("permissions", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text, json or markdown")
	host := fs.String("enterprise-host", "", "GitHub Enterprise Server `host`: the links point there")
	name := fs.String("name", "", "token `name` for the links (default: ghpat-ls <directory>)")
	desc := fs.String("description", "", "token `description` for the links (default: what made it)")
	owner := fs.String("owner", "", "user or organization `name` the fine-grained token is for (pre-selects the resource owner)")
	expires := fs.Int("expires-in", permissions.DefaultExpiresDays, "fine-grained token lifetime in `days` for the link (0: GitHub's default)")
	if help, err := parseFlags(fs, args, stdout, permissionsHeader); help || err != nil {
		return err
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		return usagef("--format must be text, json or markdown, not %q", *format)
	}
	if *expires < 0 {
		return usagef("--expires-in must be 0 or more days, not %d", *expires)
	}
	webHost, err := ghhost.NormalizeEnterpriseHost(*host)
	if err != nil {
		return usagef("--enterprise-host: %v", err)
	}
	dir, err := os.Getwd()
	if err != nil {
		return failf(2, "%v", err)
	}
	calls, err := collectCalls(dir, fs.Args())
	if err != nil {
		return failf(2, "%v", err)
	}
	opts := permissions.LinkOptions{Host: webHost, Name: *name, Description: *desc, Owner: *owner, ExpiresDays: *expires}
	if opts.Name == "" {
		opts.Name = permissions.DefaultName(dir)
	}
	if opts.Description == "" {
		opts.Description = permissions.DefaultDescription
	}
	rep := buildPermReport(calls, opts)
	switch *format {
	case "json":
		return writeJSONTo(stdout, rep)
	case "markdown":
		writePermMarkdown(stdout, rep)
	default:
		writePermText(stdout, rep)
	}
	return nil
}

// collectCalls reads every file the scanner would and finds its calls.
// A file that cannot be read fails the command: a report that skipped it
// would under-state what the code needs.
func collectCalls(dir string, paths []string) ([]permCall, error) {
	var calls []permCall
	err := scan.ListFiles(context.Background(), dir, paths, func(rel, abs string) error {
		// Only regular files: opening a FIFO would block.
		if st, err := os.Stat(abs); err == nil && !st.Mode().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(abs)
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", scan.TextPath(rel), err)
		}
		lines := lineStarts(data)
		for _, c := range analysis.FindAPICalls(analysis.DetectLanguage(rel, ""), data) {
			calls = append(calls, permCall{Method: c.Method, Path: c.Path, File: rel, Line: lineAt(lines, c.Range.Start),
				How: c.How, GraphQL: c.GraphQL, Known: c.Route != nil, route: c.Route,
				ClassicInferred: c.Route != nil && c.Route.ClassicInferred})
		}
		return nil
	})
	sort.SliceStable(calls, func(i, j int) bool {
		if calls[i].File != calls[j].File {
			return calls[i].File < calls[j].File
		}
		return calls[i].Line < calls[j].Line
	})
	return calls, err
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineAt is the 1-based line of offset.
func lineAt(starts []int, off int) int {
	lo, hi := 0, len(starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
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
	rep.Links = map[string]string{"fineGrained": set.FineGrainedLink(opts), "classic": set.ClassicLink(opts)}
	return rep
}

func remap(routeIdx, index []int) []int {
	out := make([]int, len(routeIdx))
	for i, r := range routeIdx {
		out[i] = index[r]
	}
	return out
}
