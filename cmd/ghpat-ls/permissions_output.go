package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/scan"
)

func writeJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

var permGroups = []struct{ key, title string }{
	{"repository", "Repository permissions"}, {"organization", "Organization permissions"}, {"account", "Account permissions"},
}

func (c permCall) where() string { return fmt.Sprintf("%s:%d", scan.TextPath(c.File), c.Line) }

func (c permCall) label() string {
	switch {
	case c.GraphQL:
		return "GraphQL"
	case !c.Known:
		return c.Method + " " + c.Path + " (not a documented route)"
	}
	return c.Method + " " + c.Path
}

// unclaimed counts the calls the permission sets do not account for.
func (r *permReport) unclaimed() int {
	n := 0
	for _, c := range r.Calls {
		if !c.Known {
			n++
		}
	}
	return n
}

func (r *permReport) inferred() int {
	n := 0
	for _, c := range r.Calls {
		if c.ClassicInferred {
			n++
		}
	}
	return n
}

// usedBy names the calls at indices, shortened after a few.
func (r *permReport) usedBy(indices []int) string {
	var parts []string
	for n, i := range indices {
		if n == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(indices)-3))
			break
		}
		c := r.Calls[i]
		parts = append(parts, c.Method+" "+c.Path+" at "+c.where())
	}
	return strings.Join(parts, ", ")
}

func writePermText(w io.Writer, r *permReport) {
	var b strings.Builder
	fmt.Fprintf(&b, "GitHub API calls: %d\n", len(r.Calls))
	for _, c := range r.Calls {
		fmt.Fprintf(&b, "  %s  %s  [%s]\n", c.where(), c.label(), c.How)
	}
	if len(r.Calls) == 0 {
		b.WriteString("  (none found)\n\nNo token to create: this code makes no GitHub API call ghpat-ls recognises.\n")
		io.WriteString(w, b.String())
		return
	}
	if n := r.unclaimed(); n > 0 {
		fmt.Fprintf(&b, "  %d of them (GraphQL, or not a documented REST route) make no permission claim below\n", n)
	}
	b.WriteString("\nFine-grained personal access token, least permissions:\n")
	if len(r.FineGrained) == 0 {
		b.WriteString("  none beyond public read access\n")
	}
	for _, g := range permGroups {
		keys := r.Groups[g.key]
		if len(keys) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s:\n", g.title)
		for _, k := range keys {
			p, _ := r.tab.Permission(k)
			fmt.Fprintf(&b, "    %s (%s): %s  needed by %s\n", p.Title, k, r.FineGrained[k], r.usedBy(r.NeededBy[k]))
		}
	}
	fmt.Fprintf(&b, "  Create it: %s\n", r.Links["fineGrained"])
	b.WriteString("  (if the page does not tick the permissions, set the ones listed above;\n   choose the repositories or organization it may reach)\n")
	b.WriteString("\nClassic personal access token, least scopes:\n")
	if len(r.Classic) == 0 {
		b.WriteString("  no scope (public data only)\n")
	}
	for _, sc := range r.Classic {
		fmt.Fprintf(&b, "    %s  needed by %s\n", sc, r.usedBy(r.ClassicBy[sc]))
	}
	if n := r.inferred(); n > 0 {
		fmt.Fprintf(&b, "  (for %d of the calls GitHub names no scope; repo is assumed, as a private repository needs it)\n", n)
	}
	fmt.Fprintf(&b, "  Create it: %s\n", r.Links["classic"])
	io.WriteString(w, b.String())
}

// mdCell escapes what would break a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "`", "'").Replace(s)
}

func writePermMarkdown(w io.Writer, r *permReport) {
	var b strings.Builder
	if len(r.Calls) == 0 {
		io.WriteString(w, "## GitHub API calls\n\nNone found: no token to create.\n")
		return
	}
	b.WriteString("## GitHub API calls\n\n| file | line | method | route | recognised by |\n|---|---|---|---|---|\n")
	for _, c := range r.Calls {
		fmt.Fprintf(&b, "| %s | %d | %s | `%s` | %s |\n", mdCell(scan.TextPath(c.File)), c.Line, c.Method, mdCell(c.label()), mdCell(c.How))
	}
	b.WriteString("\n## Fine-grained token: least permissions\n\n| group | permission | access | needed by |\n|---|---|---|---|\n")
	for _, g := range permGroups {
		for _, k := range r.Groups[g.key] {
			p, _ := r.tab.Permission(k)
			fmt.Fprintf(&b, "| %s | %s (`%s`) | %s | %s |\n", g.key, mdCell(p.Title), k, r.FineGrained[k], mdCell(r.usedBy(r.NeededBy[k])))
		}
	}
	fmt.Fprintf(&b, "\n[Create this fine-grained token](%s)\n", r.Links["fineGrained"])
	b.WriteString("\n## Classic token: least scopes\n\n")
	if len(r.Classic) == 0 {
		b.WriteString("No scope.\n")
	}
	for _, sc := range r.Classic {
		fmt.Fprintf(&b, "- `%s`: %s\n", sc, mdCell(r.usedBy(r.ClassicBy[sc])))
	}
	fmt.Fprintf(&b, "\n[Create this classic token](%s)\n", r.Links["classic"])
	io.WriteString(w, b.String())
}
