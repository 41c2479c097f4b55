// Command historygen builds a synthetic git history with planted
// checksum-valid tokens for bench/history.sh, and checks which planted
// tokens a tool's report found (by introducing commit, path and line).
//
//	historygen repo -commits N -files N -tokens N -seed N -planted FILE | git fast-import --export-marks=MARKS
//	historygen recall -planted FILE -marks MARKS -tool ghpat-ls|gitleaks -report FILE
//
// Tokens are generated here at run time (ghtoken.Generate) and never
// printed: the planted list keeps each token's SHA-256.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

type planted struct {
	Mark int    `json:"mark"` // fast-import mark of the introducing commit
	Path string `json:"path"`
	Line int    `json:"line"`
	Hash string `json:"sha256"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: historygen repo|recall [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "repo":
		err = repo(os.Args[2:])
	case "recall":
		err = recall(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "historygen:", err)
		os.Exit(1)
	}
}

var words = strings.Fields("func return struct interface package import const var type map chan select case default go defer if else for range switch break continue error string int byte rune nil true false client request response header token repository")

func line(r *rand.Rand) string {
	var b strings.Builder
	for i := range 4 + r.IntN(10) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// repo writes a fast-import stream: a linear main branch of -commits
// commits, each rewriting lines of one to three of -files files (about 4
// KB each), -tokens commits that add a token line (a third of them
// deleted again later), and every 400 commits an unmerged side branch
// that adds a token of its own.
func repo(args []string) error {
	fl := flag.NewFlagSet("repo", flag.ExitOnError)
	commits := fl.Int("commits", 3000, "commits on main")
	nfiles := fl.Int("files", 300, "files")
	ntok := fl.Int("tokens", 60, "tokens planted on main")
	seed := fl.Uint64("seed", 1, "random seed")
	out := fl.String("planted", "planted.json", "planted list")
	fl.Parse(args)
	r := rand.New(rand.NewPCG(*seed, 7))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	files := make([][]string, *nfiles)
	for i := range files {
		for range 80 {
			files[i] = append(files[i], line(r))
		}
	}
	path := func(i int) string { return fmt.Sprintf("pkg%02d/file%03d.go", i%20, i) }
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer, ghtoken.ServerToServer, ghtoken.Refresh}
	var plants []planted
	mark := 0
	tokAt := map[int]bool{}
	for len(tokAt) < *ntok && len(tokAt) < *commits-1 {
		tokAt[1+r.IntN(*commits-1)] = true
	}
	type live struct{ file int }
	var alive []live
	ntoken := 0
	emit := func(branch string, from int, msg string, changed []int) int {
		mark++
		fmt.Fprintf(w, "commit refs/heads/%s\nmark :%d\nauthor Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n",
			branch, mark, 1600000000+mark*60, 1600000000+mark*60)
		fmt.Fprintf(w, "data %d\n%s\n", len(msg), msg)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		for _, i := range changed {
			body := strings.Join(files[i], "\n") + "\n"
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path(i), len(body), body)
		}
		return mark
	}
	plant := func(i int, m int) {
		tok := ghtoken.Generate(kinds[ntoken%len(kinds)], *seed*100000+uint64(ntoken))
		ntoken++
		at := r.IntN(len(files[i]))
		files[i] = append(files[i][:at], append([]string{"\tconst key = \"" + tok + "\""}, files[i][at:]...)...)
		sum := sha256.Sum256([]byte(tok))
		plants = append(plants, planted{Mark: m, Path: path(i), Line: at + 1, Hash: hex.EncodeToString(sum[:])})
	}
	all := make([]int, *nfiles)
	for i := range all {
		all[i] = i
	}
	head := emit("main", 0, "initial import", all)
	for c := 1; c < *commits; c++ {
		var changed []int
		for range 1 + r.IntN(3) {
			i := r.IntN(*nfiles)
			files[i][r.IntN(len(files[i]))] = line(r)
			changed = append(changed, i)
		}
		if tokAt[c] {
			i := changed[0]
			plant(i, mark+1)
			alive = append(alive, live{i})
		} else if len(alive) > 0 && r.IntN(40) == 0 { // delete a token line again
			k := r.IntN(len(alive))
			i := alive[k].file
			for j, l := range files[i] {
				if strings.Contains(l, "const key = ") {
					files[i] = append(files[i][:j], files[i][j+1:]...)
					break
				}
			}
			alive = append(alive[:k], alive[k+1:]...)
			changed = append(changed, i)
		}
		head = emit("main", head, fmt.Sprintf("change %d: %s", c, line(r)), changed)
		if c%400 == 0 { // an unmerged side branch with its own token
			i := r.IntN(*nfiles)
			saved := append([]string(nil), files[i]...)
			plant(i, mark+1)
			emit(fmt.Sprintf("side-%d", c), head, "side work", []int{i})
			files[i] = saved
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	data, err := json.Marshal(plants)
	if err != nil {
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}

// recall prints "found/planted": planted tokens the report names at their
// introducing commit, path and line.
func recall(args []string) error {
	fl := flag.NewFlagSet("recall", flag.ExitOnError)
	plantedFile := fl.String("planted", "", "planted list")
	marksFile := fl.String("marks", "", "fast-import marks")
	tool := fl.String("tool", "ghpat-ls", "ghpat-ls or gitleaks")
	report := fl.String("report", "", "the tool's JSON report")
	fl.Parse(args)
	var plants []planted
	if err := readJSON(*plantedFile, &plants); err != nil {
		return err
	}
	marks := map[string]string{}
	data, err := os.ReadFile(*marksFile)
	if err != nil {
		return err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if m, sha, ok := strings.Cut(l, " "); ok {
			marks[m] = sha
		}
	}
	found := map[string]bool{}
	switch *tool {
	case "ghpat-ls":
		var rep struct {
			Findings []struct {
				File   string
				Line   int
				Commit struct{ SHA string }
			}
		}
		if err := readJSON(*report, &rep); err != nil {
			return err
		}
		for _, f := range rep.Findings {
			found[fmt.Sprintf("%s:%s:%d", f.Commit.SHA, f.File, f.Line)] = true
		}
	case "gitleaks":
		var rep []struct {
			Commit, File string
			StartLine    int
		}
		if err := readJSON(*report, &rep); err != nil {
			return err
		}
		for _, f := range rep {
			found[fmt.Sprintf("%s:%s:%d", f.Commit, f.File, f.StartLine)] = true
		}
	default:
		return fmt.Errorf("unknown tool %q", *tool)
	}
	n := 0
	for _, p := range plants {
		if found[fmt.Sprintf("%s:%s:%d", marks[fmt.Sprintf(":%d", p.Mark)], p.Path, p.Line)] {
			n++
		}
	}
	fmt.Printf("%d/%d\n", n, len(plants))
	return nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}
