// Command apiversions regenerates, from GitHub's own list, the published
// REST API versions (ghhost/versions_gen.go, on the ground floor: the one
// list every package reads) and apiversions/changes_gen.go, the table of
// the breaking changes of each version. It reads GitHub's own
// list (source/breaking-changes.fpt.md, a copy of github/docs' reusable;
// source/README.md gives its commit and license, CC-BY-4.0) joined to the
// hand-reviewed mapping.tsv beside this file (which property, parameter,
// status code or enum value each change's prose names). Run by hand when
// GitHub publishes a version: copy the new list into source/, add its rows
// to mapping.tsv, then
//
//	go run ./internal/gen/apiversions
//
// Nothing else changes by hand when GitHub publishes a version. A test
// checks the committed files are what this generator writes.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// defaultSource is recorded in the table's header; it must match
// source/README.md.
const defaultSource = "github/docs@024f6b0f8c266054134f13dd7d122d8b80d25315 data/reusables/rest-api/breaking-changes-changelog.md, the {% ifversion fpt %} block (CC-BY-4.0, Copyright GitHub, Inc.)"

func main() {
	in := flag.String("in", "internal/gen/apiversions/source/breaking-changes.fpt.md", "GitHub's breaking-changes list (`file`)")
	mapping := flag.String("mapping", "internal/gen/apiversions/mapping.tsv", "hand-reviewed mapping (`file`)")
	src := flag.String("source", defaultSource, "where -in comes from, for the header")
	out := flag.String("o", "apiversions/changes_gen.go", "output `file` of the changes")
	versionsOut := flag.String("versions-o", "ghhost/versions_gen.go", "output `file` of the versions")
	flag.Parse()
	changes, versions, err := generateFiles(*in, *mapping, *src)
	if err == nil {
		err = os.WriteFile(*out, changes, 0o644)
	}
	if err == nil {
		err = os.WriteFile(*versionsOut, versions, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen/apiversions:", err)
		os.Exit(1)
	}
}

// generateFiles writes apiversions/changes_gen.go and
// ghhost/versions_gen.go's contents.
func generateFiles(in, mapping, src string) (changes, versions []byte, err error) {
	list, err := os.ReadFile(in)
	if err != nil {
		return nil, nil, err
	}
	m, err := os.ReadFile(mapping)
	if err != nil {
		return nil, nil, err
	}
	return generate(list, m, src)
}

// change is one parsed bullet of GitHub's list.
type change struct {
	version, title string
	routes         []string // "VERB /path"
	row            []string // the mapping row
}

var (
	versionLine = regexp.MustCompile(`^## Version (\d{4}-\d{2}-\d{2})\s*$`)
	titleLine   = regexp.MustCompile(`^- \*\*(.+?)\*\*\s*$`)
	routeLine   = regexp.MustCompile("^\\s+- `(GET|POST|PUT|PATCH|DELETE|HEAD) (/[^` ]*)`\\s*$")
)

// parseList reads the versions (in the list's order) and their changes.
func parseList(list []byte) (versions []string, changes []*change, err error) {
	version := ""
	var cur *change
	sc := bufio.NewScanner(bytes.NewReader(list))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := versionLine.FindStringSubmatch(line); m != nil {
			version, cur = m[1], nil
			versions = append(versions, version)
			continue
		}
		if m := titleLine.FindStringSubmatch(line); m != nil {
			if version == "" {
				return nil, nil, fmt.Errorf("change %q before any version", m[1])
			}
			cur = &change{version: version, title: m[1]}
			changes = append(changes, cur)
			continue
		}
		if m := routeLine.FindStringSubmatch(line); m != nil && cur != nil {
			cur.routes = append(cur.routes, m[1]+" "+m[2])
		}
	}
	return versions, changes, sc.Err()
}

// join gives each change its mapping row; every change needs one and every
// row must be used once.
func join(changes []*change, mapping []byte) error {
	var rows [][]string
	for _, line := range strings.Split(string(mapping), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 9 {
			return fmt.Errorf("mapping: %d columns, want 9: %q", len(f), line)
		}
		rows = append(rows, f)
	}
	used := make([]bool, len(rows))
	for _, c := range changes {
		for i, r := range rows {
			if r[0] == c.version && strings.HasPrefix(c.title, r[1]) {
				if used[i] || c.row != nil {
					return fmt.Errorf("mapping: %q matches twice", r[1])
				}
				used[i], c.row = true, r
			}
		}
		if c.row == nil {
			return fmt.Errorf("mapping: no row for %s %q: read its prose and add one", c.version, c.title)
		}
		if len(c.routes) == 0 && c.row[8] == "-" {
			return fmt.Errorf("mapping: %s %q lists no endpoints: name them in the routes column", c.version, c.title)
		}
	}
	for i, u := range used {
		if !u {
			return fmt.Errorf("mapping: row %q matches no change", rows[i][1])
		}
	}
	return nil
}

var kinds = map[string]string{
	"removed-response-property": "RemovedResponseProperty",
	"removed-request-parameter": "RemovedRequestParameter",
	"changed-request-parameter": "ChangedRequestParameter",
	"changed-status-code":       "ChangedStatusCode",
	"changed-enum":              "ChangedEnum",
	"removed-operation":         "RemovedOperation",
	"media-type":                "MediaType",
}

func list(field string) []string {
	if field == "-" || field == "" {
		return nil
	}
	return strings.Split(field, ",")
}

func names(field string) string {
	var b strings.Builder
	for _, n := range list(field) {
		n, only, _ := strings.Cut(n, "@")
		name, repl, _ := strings.Cut(n, ">")
		fmt.Fprintf(&b, "{Name: %q, Replacement: %q, OnlyWith: %q},", name, repl, only)
	}
	return b.String()
}

func generate(listText, mapping []byte, src string) (changesGo, versionsGo []byte, err error) {
	versions, changes, err := parseList(listText)
	if err != nil {
		return nil, nil, err
	}
	if len(versions) == 0 {
		return nil, nil, fmt.Errorf("no versions in the list")
	}
	if err := join(changes, mapping); err != nil {
		return nil, nil, err
	}
	sort.Strings(versions)
	if versionsGo, err = generateVersions(versions, src); err != nil {
		return nil, nil, err
	}
	if changesGo, err = generateChanges(changes, src); err != nil {
		return nil, nil, err
	}
	return changesGo, versionsGo, nil
}

// generateVersions writes ghhost/versions_gen.go: the published versions,
// oldest first, and the latest.
func generateVersions(versions []string, src string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./internal/gen/apiversions; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Source: %s.\n\n", src)
	b.WriteString("package ghhost\n\n")
	b.WriteString("// LatestAPIVersion is the newest REST API version GitHub publishes.\n")
	fmt.Fprintf(&b, "const LatestAPIVersion = %q\n\n", versions[len(versions)-1])
	b.WriteString("// apiVersions are the REST API versions GitHub publishes, oldest first.\n")
	fmt.Fprintf(&b, "var apiVersions = %#v\n", versions)
	return format.Source(b.Bytes())
}

// generateChanges writes apiversions/changes_gen.go: every change, with
// its mapping row.
func generateChanges(changes []*change, src string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./internal/gen/apiversions; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Source: %s.\n// Names, replacements and status codes read from the prose: internal/gen/apiversions/mapping.tsv (hand-reviewed).\n\n", src)
	fmt.Fprintf(&b, "package apiversions\n\nconst source = %q\n\n", src)
	b.WriteString("var changes = []Change{\n")
	for _, c := range changes {
		r := c.row
		kind, ok := kinds[r[3]]
		if !ok {
			return nil, fmt.Errorf("mapping: unknown kind %q", r[3])
		}
		fmt.Fprintf(&b, "{Version: %q, ID: %q, Kind: %s,\nTitle: %q,\n", c.version, r[2], kind, c.title)
		if p := names(r[4]); p != "" {
			fmt.Fprintf(&b, "Properties: []Name{%s},\n", p)
		}
		if p := names(r[5]); p != "" {
			fmt.Fprintf(&b, "Parameters: []Name{%s},\n", p)
		}
		if r[6] != "-" {
			o, n, _ := strings.Cut(r[6], ">")
			oi, e1 := strconv.Atoi(o)
			ni, e2 := strconv.Atoi(n)
			if e1 != nil || e2 != nil {
				return nil, fmt.Errorf("mapping: status %q", r[6])
			}
			fmt.Fprintf(&b, "OldStatus: %d, NewStatus: %d,\n", oi, ni)
		}
		if v := list(r[7]); v != nil {
			fmt.Fprintf(&b, "Values: %#v,\n", v)
		}
		routes := append(list(r[8]), c.routes...)
		b.WriteString("Routes: []Route{\n")
		for _, rt := range routes {
			method, path, _ := strings.Cut(rt, " ")
			fmt.Fprintf(&b, "{%q, %q},\n", method, path)
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
