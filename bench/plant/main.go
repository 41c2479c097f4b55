// Command plant builds the corpus for bench/scan.sh and scores the tools
// on it: it copies real source code (a Go module cache) up to a size, plants
// generated checksum-valid tokens in random text files, and counts how many
// planted tokens each tool's report found. Tokens are never printed; the
// plant list records file, line and the token's SHA-256 only.
//
//	plant corpus -from DIR -to DIR -mb 400
//	plant plant  -dir DIR -n 200 -seed 1 -out planted.json
//	plant recall -dir DIR -planted planted.json -tool ghpat-ls|gitleaks|rg -report FILE
//	plant encoded -dir DIR -out planted.json   (bench/encoded.sh: one file per encoding and kind, and decoys)
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

type plantedToken struct {
	File        string `json:"file"` // relative to the corpus, slash-separated
	Line        int    `json:"line"` // 1-based
	Kind        string `json:"kind"`
	Fingerprint string `json:"fingerprint"` // hex SHA-256 of the token
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: plant corpus|plant|recall [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "corpus":
		err = corpus(os.Args[2:])
	case "plant":
		err = plant(os.Args[2:])
	case "recall":
		err = recall(os.Args[2:])
	case "encoded":
		err = encoded(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "plant:", err)
		os.Exit(1)
	}
}

// corpus copies regular files from -from (skipping the module download
// cache of zip files) in sorted order until -mb megabytes, writable so they
// can be planted into and removed. It prints the file count, the total
// bytes and the bytes of text (non-binary) files.
func corpus(args []string) error {
	fl := flag.NewFlagSet("corpus", flag.ExitOnError)
	from := fl.String("from", "", "source directory (e.g. $(go env GOMODCACHE))")
	to := fl.String("to", "", "destination directory")
	mb := fl.Int64("mb", 400, "corpus size in MB (10^6 bytes)")
	fl.Parse(args)
	limit := *mb * 1e6
	var total, text int64 // text: files without a NUL in the first 8000 bytes
	var files int
	errFull := fmt.Errorf("full")
	err := filepath.WalkDir(*from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(*from, p)
		if d.IsDir() {
			if rel == "cache" || d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil || total+info.Size() > limit {
			if total >= limit-1e6 {
				return errFull
			}
			return nil
		}
		dst := filepath.Join(*to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		bin, err := copyFile(p, dst)
		if err != nil {
			return err
		}
		if !bin {
			text += info.Size()
		}
		total += info.Size()
		files++
		return nil
	})
	if err != nil && err != errFull {
		return err
	}
	fmt.Printf("%d %d %d\n", files, total, text)
	return nil
}

// copyFile copies src to dst and reports whether it is binary (git's rule).
func copyFile(src, dst string) (binary bool, err error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0, os.WriteFile(dst, data, 0o644)
}

// kinds are the token types every compared tool claims to find.
var kinds = []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer, ghtoken.ServerToServer, ghtoken.Refresh}

func plant(args []string) error {
	fl := flag.NewFlagSet("plant", flag.ExitOnError)
	dir := fl.String("dir", "", "corpus directory")
	n := fl.Int("n", 200, "tokens to plant (one per file)")
	seed := fl.Uint64("seed", 1, "random seed")
	outPath := fl.String("out", "planted.json", "plant list to write")
	fl.Parse(args)

	var cands []string
	filepath.WalkDir(*dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() < 200 || info.Size() > 256<<10 {
			return nil
		}
		cands = append(cands, p)
		return nil
	})
	sort.Strings(cands)
	r := rand.New(rand.NewPCG(*seed, 7))
	r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	var planted []plantedToken
	for _, p := range cands {
		if len(planted) == *n {
			break
		}
		data, err := os.ReadFile(p)
		if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			continue // binary
		}
		lines := bytes.SplitAfter(data, []byte("\n"))
		at := r.IntN(len(lines)) // insert before line at (0-based)
		kind := kinds[len(planted)%len(kinds)]
		tok := ghtoken.Generate(kind, *seed*100000+uint64(len(planted)))
		var buf bytes.Buffer
		for i, l := range lines {
			if i == at {
				fmt.Fprintf(&buf, "github_token = \"%s\"\n", tok)
			}
			buf.Write(l)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return err
		}
		rel, _ := filepath.Rel(*dir, p)
		sum := sha256.Sum256([]byte(tok))
		planted = append(planted, plantedToken{filepath.ToSlash(rel), at + 1, string(kind), hex.EncodeToString(sum[:])})
	}
	if len(planted) < *n {
		return fmt.Errorf("only %d text files to plant into", len(planted))
	}
	data, _ := json.MarshalIndent(planted, "", " ")
	return os.WriteFile(*outPath, data, 0o644)
}

// recall reads a tool's report and prints "found total".
func recall(args []string) error {
	fl := flag.NewFlagSet("recall", flag.ExitOnError)
	dir := fl.String("dir", "", "corpus directory the tool scanned")
	plantedPath := fl.String("planted", "planted.json", "plant list")
	tool := fl.String("tool", "", "ghpat-ls (JSON report), gitleaks (JSON report) or rg (path:line: lines)")
	report := fl.String("report", "", "the tool's report")
	fl.Parse(args)
	var planted []plantedToken
	data, err := os.ReadFile(*plantedPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &planted); err != nil {
		return err
	}
	absDir, _ := filepath.Abs(*dir)
	relOf := func(p string) string {
		if filepath.IsAbs(p) {
			if r, err := filepath.Rel(absDir, p); err == nil {
				return filepath.ToSlash(r)
			}
		}
		return filepath.ToSlash(strings.TrimPrefix(filepath.Clean(p), filepath.Clean(*dir)+string(filepath.Separator)))
	}
	found := map[string]bool{} // "file:line", and "file" alone
	raw, err := os.ReadFile(*report)
	if err != nil {
		return err
	}
	switch *tool {
	case "ghpat-ls":
		var rep struct {
			Root     string
			Findings []struct {
				File string
				Line int
			}
		}
		if err := json.Unmarshal(raw, &rep); err != nil {
			return err
		}
		for _, f := range rep.Findings {
			p := f.File
			if !filepath.IsAbs(p) {
				p = filepath.Join(rep.Root, p)
			}
			found[relOf(p)+":"+strconv.Itoa(f.Line)] = true
			found[relOf(p)] = true
		}
	case "gitleaks":
		var fs []struct {
			File      string
			StartLine int
		}
		if err := json.Unmarshal(raw, &fs); err != nil {
			return err
		}
		for _, f := range fs {
			found[relOf(f.File)+":"+strconv.Itoa(f.StartLine)] = true
			found[relOf(f.File)] = true
		}
	case "rg":
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			// path:line: (the match itself is replaced by nothing)
			line := strings.TrimSuffix(sc.Text(), ":")
			i := strings.LastIndexByte(line, ':')
			if i < 0 {
				continue
			}
			found[relOf(line[:i])+":"+line[i+1:]] = true
		}
	default:
		return fmt.Errorf("unknown tool %q", *tool)
	}
	n, decoys, flagged := 0, 0, 0
	for _, p := range planted {
		switch {
		case p.Kind == "decoy":
			decoys++
			if found[p.File] {
				flagged++
			}
		case p.Line == 0 && found[p.File], found[p.File+":"+strconv.Itoa(p.Line)]:
			n++
		}
	}
	if decoys > 0 {
		fmt.Printf("%d %d, decoys flagged %d of %d\n", n, len(planted)-decoys, flagged, decoys)
		return nil
	}
	fmt.Printf("%d %d\n", n, len(planted))
	return nil
}

// encoded writes the corpus of bench/encoded.sh: one file per decoded form
// (internal/fixture.Encodings) and token kind, each holding one generated
// checksum-valid token, and decoy files (random base64 and hex, encoded
// placeholders) that must stay quiet. A planted token's Line is 0 (the
// file counts) where the fixture cannot say where its encoding starts.
func encoded(args []string) error {
	fl := flag.NewFlagSet("encoded", flag.ExitOnError)
	dir := fl.String("dir", "", "directory to write")
	out := fl.String("out", "planted.json", "plant list to write")
	fl.Parse(args)
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.UserToServer,
		ghtoken.ServerToServer, ghtoken.Refresh, ghtoken.StatelessInstall}
	var planted []plantedToken
	write := func(rel string, content []byte) error {
		p := filepath.Join(*dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, content, 0o644)
	}
	seed := uint64(1)
	for i, enc := range fixture.Encodings {
		for _, k := range kinds {
			seed++
			tok := ghtoken.Generate(k, seed)
			text, start := enc.Make(tok)
			rel := fmt.Sprintf("%02d-%s/%s.txt", i, strings.NewReplacer(" ", "-", "/", "-", `\`, "", "→", "to").Replace(enc.Name), k)
			line := 0
			if start >= 0 {
				line = strings.Count(text[:start], "\n") + 1
			}
			sum := sha256.Sum256([]byte(tok))
			planted = append(planted, plantedToken{File: rel, Line: line, Kind: string(k), Fingerprint: hex.EncodeToString(sum[:])})
			if err := write(rel, []byte(text)); err != nil {
				return err
			}
		}
	}
	r := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 256<<10)
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	for rel, content := range map[string]string{
		"decoy/random.b64":       fixture.Wrap(base64.StdEncoding.EncodeToString(random), 76, "\n"),
		"decoy/random.hex":       hex.EncodeToString(random[:64<<10]),
		"decoy/placeholder.yaml": "data:\n  token: " + fixture.B64("ghp_"+strings.Repeat("x", 36)) + "\n",
		"decoy/placeholder.hex":  "k = " + hex.EncodeToString([]byte("x-access-token:ghp_"+strings.Repeat("0", 36))) + "\n",
	} {
		planted = append(planted, plantedToken{File: rel, Kind: "decoy"})
		if err := write(rel, []byte(content)); err != nil {
			return err
		}
	}
	data, err := json.MarshalIndent(planted, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}
