package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// table is what the generator collects before writing routes.tsv.
type table struct {
	perms                           map[string][2]string      // key -> {group, title}
	fine                            map[string]map[string]int // "VERB /path" -> permission -> level rank
	classic                         map[string][][]string     // "VERB /path" -> alternatives of scope sets
	routes                          map[string]bool           // every known "VERB /path"
	byShape                         map[string]string         // "VERB /{}/..." -> "VERB /path" as the table spells it
	octokit                         map[string]string         // "issues.create" -> "VERB /path"
	goGitHub                        map[string][]string       // "Issues.Create" -> "VERB /path"...
	droppedOctokit, droppedGoGitHub int                       // methods whose route is unknown
}

func newTable() *table {
	return &table{
		perms: map[string][2]string{}, fine: map[string]map[string]int{}, classic: map[string][][]string{},
		routes: map[string]bool{}, byShape: map[string]string{}, octokit: map[string]string{},
		goGitHub: map[string][]string{},
	}
}

var levels = []string{"read", "write", "admin"}

func levelRank(s string) (int, error) {
	for i, l := range levels {
		if l == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown access level %q", s)
}

var paramRe = regexp.MustCompile(`\{[^}]*\}`)

func shape(route string) string { return paramRe.ReplaceAllString(route, "{}") }

func (t *table) addRoute(verb, path string) string {
	r := strings.ToUpper(verb) + " " + path
	if known, ok := t.byShape[shape(r)]; ok {
		return known
	}
	t.routes[r] = true
	t.byShape[shape(r)] = r
	return r
}

// addOctokit and addGoGitHub record a client method; a method whose
// route GitHub no longer documents is dropped (and counted in the header).
func (t *table) addOctokit(name, verb, path string) {
	r, ok := t.byShape[shape(verb+" "+path)]
	if !ok {
		t.droppedOctokit++
		return
	}
	t.octokit[name] = r
}

func (t *table) addGoGitHub(name, verb, path string) {
	r, ok := t.byShape[shape(verb+" "+path)]
	if !ok {
		t.droppedGoGitHub++
		return
	}
	for _, have := range t.goGitHub[name] {
		if have == r {
			return
		}
	}
	t.goGitHub[name] = append(t.goGitHub[name], r)
}

func readFineGrained(t *table, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc map[string]struct {
		DisplayTitle string `json:"displayTitle"`
		Title        string `json:"title"`
		Permissions  []struct {
			Verb        string `json:"verb"`
			RequestPath string `json:"requestPath"`
			Access      string `json:"access"`
		} `json:"permissions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	groups := map[string]string{"Repository": "repository", "Organization": "organization", "User": "account"}
	for key, p := range doc {
		word, _, _ := strings.Cut(p.DisplayTitle, " permissions for")
		group, ok := groups[word]
		if !ok {
			return fmt.Errorf("%s: permission %s: unknown kind %q", path, key, word)
		}
		t.perms[key] = [2]string{group, p.Title}
		for _, e := range p.Permissions {
			rank, err := levelRank(e.Access)
			if err != nil {
				return fmt.Errorf("%s: %s %s: %v", path, e.Verb, e.RequestPath, err)
			}
			r := t.addRoute(e.Verb, e.RequestPath)
			if t.fine[r] == nil {
				t.fine[r] = map[string]int{}
			}
			if old, ok := t.fine[r][key]; !ok || rank > old {
				t.fine[r][key] = rank
			}
		}
	}
	return nil
}

// fineDNF resolves a route's permissions into alternatives. GitHub's data
// lists a route under every permission involved without saying "or" or
// "and". Where they all ask the same level (issues: write, pull_requests:
// write) they are alternatives, as GitHub's reference pages say ("at least
// one of"); where the levels differ (forking: administration: write and
// contents: read) the route needs all of them.
func fineDNF(perms map[string]int) [][]string {
	keys := make([]string, 0, len(perms))
	same := true
	for k, l := range perms {
		keys = append(keys, k)
		for _, l2 := range perms {
			same = same && l == l2
		}
	}
	sort.Strings(keys)
	one := func(k string) string { return k + ":" + levels[perms[k]] }
	if !same {
		var all []string
		for _, k := range keys {
			all = append(all, one(k))
		}
		return [][]string{all}
	}
	var alts [][]string
	for _, k := range keys {
		alts = append(alts, []string{one(k)})
	}
	return alts
}

func dnfString(d [][]string) string {
	if len(d) == 0 {
		return "-"
	}
	var alts []string
	for _, set := range d {
		alts = append(alts, strings.Join(set, "+"))
	}
	return strings.Join(alts, "|")
}

func (t *table) write(w io.Writer, header []string) {
	for _, h := range header {
		fmt.Fprintf(w, "# %s\n", h)
	}
	fmt.Fprintf(w, "# dropped (route not in the inputs above): %d octokit.js methods, %d go-github methods\n", t.droppedOctokit, t.droppedGoGitHub)
	fmt.Fprintln(w, "# P key group title | R METHOD path fine-grained classic | O octokit.method route | G Service.Method route")
	fmt.Fprintln(w, "# needs: alternatives split by |, all-of by +, - for none; ~ marks a classic scope inferred for /repos/ routes whose description names none")
	var keys []string
	for k := range t.perms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "P\t%s\t%s\t%s\n", k, t.perms[k][0], t.perms[k][1])
	}
	var routes []string
	for r := range t.routes {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		verb, path, _ := strings.Cut(r, " ")
		classic := dnfString(t.classic[r])
		if classic == "-" && strings.HasPrefix(path, "/repos/{owner}/{repo}") {
			// The description names no scope; a private repository
			// still needs repo (GitHub's scope documentation).
			classic = "~repo"
		}
		fmt.Fprintf(w, "R\t%s\t%s\t%s\t%s\n", verb, path, dnfString(fineDNF(t.fine[r])), classic)
	}
	writeMethods(w, "O", t.octokit)
	var names []string
	for n := range t.goGitHub {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, r := range t.goGitHub[n] {
			fmt.Fprintf(w, "G\t%s\t%s\n", n, r)
		}
	}
}

func writeMethods(w io.Writer, tag string, m map[string]string) {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "%s\t%s\t%s\n", tag, n, m[n])
	}
}
