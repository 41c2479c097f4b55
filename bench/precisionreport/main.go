// Command precisionreport joins a `ghpat-ls breaking-changes --format json`
// report with the hand classification of its lines (bench/precision.sh):
// reported, true and false positives per language, the lines still to
// classify, and the lines that name a removed property or parameter but
// were not reported (candidates for misses, written to a file to read).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

type report struct {
	Calls []struct {
		Uses []struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
			Change string `json:"change"`
			What   string `json:"what"`
		} `json:"uses"`
	} `json:"calls"`
}

var langOf = map[string]string{".js": "JavaScript/TypeScript", ".mjs": "JavaScript/TypeScript", ".cjs": "JavaScript/TypeScript",
	".ts": "JavaScript/TypeScript", ".tsx": "JavaScript/TypeScript", ".jsx": "JavaScript/TypeScript",
	".py": "Python", ".go": "Go", ".rb": "Ruby", ".sh": "shell", ".bash": "shell",
	".yml": "YAML/Markdown", ".yaml": "YAML/Markdown", ".md": "YAML/Markdown"}

func lang(file string) string {
	if l, ok := langOf[filepath.Ext(file)]; ok {
		return l
	}
	return "other"
}

func main() {
	labelsPath := flag.String("labels", "bench/precision/labels.tsv", "hand classification `file`")
	corpus := flag.String("corpus", "/tmp/precision", "`directory` the report's paths are relative to")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: precisionreport [-labels FILE] [-corpus DIR] REPORT.json")
		os.Exit(2)
	}
	if err := run(*labelsPath, *corpus, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, ghtoken.RedactAll("precisionreport: "+err.Error()))
		os.Exit(1)
	}
}

type tally struct{ reported, truePos, falsePos, unlabeled int }

func run(labelsPath, corpus, reportPath string) error {
	labels, err := readLabels(labelsPath)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		return err
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		return err
	}
	tallies := map[string]*tally{}
	reportedLines := map[string]bool{}
	var unlabeled []string
	counted := map[string]bool{}
	for _, c := range rep.Calls {
		for _, u := range c.Uses {
			key := fmt.Sprintf("%s:%d:%d %s", u.File, u.Line, u.Column, u.Change)
			if counted[key] {
				continue // a place two calls feed is one line (and one diagnostic)
			}
			counted[key] = true
			reportedLines[fmt.Sprintf("%s:%d", u.File, u.Line)] = true
			t := tallies[lang(u.File)]
			if t == nil {
				t = &tally{}
				tallies[lang(u.File)] = t
			}
			t.reported++
			switch labels[key] {
			case "true":
				t.truePos++
			case "false":
				t.falsePos++
			default:
				t.unlabeled++
				unlabeled = append(unlabeled, key+"\t"+u.What)
			}
		}
	}
	var langs []string
	for l := range tallies {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var all tally
	fmt.Printf("%-22s %8s %5s %6s %9s %9s\n", "language", "reported", "true", "false", "unlabeled", "precision")
	for _, l := range langs {
		t := tallies[l]
		printRow(l, *t)
		all.reported += t.reported
		all.truePos += t.truePos
		all.falsePos += t.falsePos
		all.unlabeled += t.unlabeled
	}
	printRow("all", all)
	for _, u := range unlabeled {
		fmt.Println(ghtoken.RedactAll("UNLABELED " + u))
	}
	return missCandidates(corpus, reportedLines)
}

func printRow(name string, t tally) {
	prec := "-"
	if n := t.truePos + t.falsePos; n > 0 {
		prec = fmt.Sprintf("%.1f%%", 100*float64(t.truePos)/float64(n))
	}
	fmt.Printf("%-22s %8d %5d %6d %9d %9s\n", name, t.reported, t.truePos, t.falsePos, t.unlabeled, prec)
}

func readLabels(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	labels := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 3 || fields[2] != "true" && fields[2] != "false" {
			return nil, fmt.Errorf("%s: want FILE:LINE:COL<TAB>CHANGE<TAB>true|false<TAB>NOTE: %q", path, line)
		}
		labels[fields[0]+" "+fields[1]] = fields[2]
	}
	return labels, sc.Err()
}

// missCandidates writes to CORPUS/miss-candidates.txt the lines that name
// a removed property or parameter as code reads it (.name, ["name"],
// [:name], the go-github field or getter, jq .name) and that the report
// does not list; it prints their count per language.
func missCandidates(corpus string, reported map[string]bool) error {
	var alts []string
	for _, c := range apiversions.Changes() {
		if c.Kind == apiversions.ChangedEnum {
			continue
		}
		for _, n := range append(append([]apiversions.Name{}, c.Properties...), c.Parameters...) {
			if n.OnlyWith == "" && !tooCommon[n.Name] {
				alts = append(alts, regexp.QuoteMeta(n.Name), goName(n.Name))
			}
		}
	}
	// rate is read off many things; rate.remaining and its siblings are
	// the rate_limit response's shape.
	re := regexp.MustCompile(`(?:\.|\[["':]|Get)(?:` + strings.Join(alts, "|") + `)\b|\brate["']?\]?(?:\.|\[["':])(?:remaining|limit|reset|used)\b`)
	out, err := os.Create(filepath.Join(corpus, "miss-candidates.txt"))
	if err != nil {
		return err
	}
	defer out.Close()
	counts := map[string]int{}
	err = filepath.WalkDir(filepath.Join(corpus, "corpus"), func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || lang(path) == "other" || strings.Contains(path, "/node_modules/") {
			return err // symbolic links are left out: some point outside the archive
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpus, path)
		for i, line := range strings.Split(string(b), "\n") {
			if len(line) > 400 || !re.MatchString(line) || reported[fmt.Sprintf("%s:%d", rel, i+1)] {
				continue
			}
			counts[lang(path)]++
			// Corpus text: scrubbed like everything read from outside.
			fmt.Fprint(out, ghtoken.RedactAll(fmt.Sprintf("%s:%d: %s\n", rel, i+1, strings.TrimSpace(line))))
		}
		return nil
	})
	if err != nil {
		return err
	}
	var langs []string
	for l := range counts {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	fmt.Printf("not reported, naming a removed name (to read: %s):", filepath.Join(corpus, "miss-candidates.txt"))
	for _, l := range langs {
		fmt.Printf(" %s %d;", l, counts[l])
	}
	fmt.Println()
	return nil
}

// tooCommon: names read off so many other things that a grep for them
// finds nothing to read (rate is matched in its rate_limit shape).
var tooCommon = map[string]bool{"permission": true, "history": true, "forks": true, "rate": true, "bundle": true}

var initialisms = map[string]string{"id": "ID", "url": "URL", "sha": "SHA", "cvss": "CVSS"}

// goName is go-github's field name for a JSON name.
func goName(json string) string {
	var b strings.Builder
	for _, w := range strings.Split(json, "_") {
		if up, ok := initialisms[w]; ok {
			b.WriteString(up)
		} else if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
