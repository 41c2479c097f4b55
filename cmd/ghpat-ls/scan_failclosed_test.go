package main

import (
	"bytes"
	enc "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// The tests in this file run the real binary against each class of input
// that used to pass a scan with exit 0 without reading it (issue 10), and
// grep every output byte for the planted tokens.

type fcResult struct {
	scResult
	maxRSS int64 // bytes: the child's own peak (VmHWM), sampled while it runs
}

// fcRun runs name with stdin, returning its exit code, output and peak RSS.
func fcRun(t *testing.T, env []string, dir string, stdin io.Reader, name string, args ...string) fcResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, env, stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	// getrusage's peak would include the test's own memory at fork time;
	// /proc's VmHWM is the child's alone. It only grows, so the last
	// sample before exit is the peak of nearly the whole run.
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	var err error
	for running := true; running; {
		select {
		case err = <-done:
			running = false
		case <-time.After(2 * time.Millisecond):
			if hwm, ok := peakRSS(cmd.Process.Pid); ok {
				peak = max(peak, hwm)
			}
		}
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return fcResult{scResult: scResult{cmd.ProcessState.ExitCode(), out.String(), errb.String()}, maxRSS: peak}
}

// fcJSON scans with --format json (and the given args) and returns where
// each finding is, as "file:line:col rule severity".
func fcJSON(t *testing.T, env []string, dir string, stdin io.Reader, bin string, toks []string, args ...string) ([]string, fcResult) {
	t.Helper()
	r := fcRun(t, env, dir, stdin, bin, append([]string{"scan", "--format", "json"}, args...)...)
	scClean(t, r.scResult, toks...)
	var rep struct {
		Findings []struct {
			File, RuleID, Severity string
			Line, Column           int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("scan %v: exit %d, not JSON: %v\n%s\n%s", args, r.code, err, r.stdout, r.stderr)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmtWhere(f.File, f.Line, f.Column, f.RuleID, f.Severity))
	}
	return got, r
}

func fmtWhere(file string, line, col int, rule, sev string) string {
	return fmt.Sprintf("%s:%d:%d %s %s", file, line, col, rule, sev)
}

func wantAll(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s: missing %q in %q", what, w, got)
		}
	}
}

// encode writes s in UTF-16 or UTF-32, little or big endian, with an
// optional byte-order mark.
func encode(s string, width int, be, bom bool) []byte {
	var out []byte
	order := enc.AppendByteOrder(enc.LittleEndian)
	if be {
		order = enc.BigEndian
	}
	put := func(r rune) {
		if width == 2 {
			for _, u := range utf16.Encode([]rune{r}) {
				out = order.AppendUint16(out, u)
			}
		} else {
			out = order.AppendUint32(out, uint32(r))
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, r := range s {
		put(r)
	}
	return out
}

func TestScanReadsEveryKindOfContent(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	dir := filepath.Join(home, "content")
	var toks []string
	next := func() string {
		tk := ghtoken.Generate(ghtoken.ClassicPAT, uint64(1000+len(toks)))
		toks = append(toks, tk)
		return tk
	}
	rng := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return b
	}
	put := func(name string, data []byte) {
		t.Helper()
		scWrite(t, dir, name, string(data))
	}
	// A compiled program, an SQLite file, a .pyc, a NUL in a .js file.
	put("prog", append(append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00"), noise(20000)...), []byte("\x00"+next()+"\x00")...))
	put("app.db", append(append([]byte("SQLite format 3\x00\x10\x00"), bytes.Repeat([]byte{0}, 5000)...), []byte("k"+next()+"\x00\x00")...))
	put("m.pyc", append([]byte("\xa7\x0d\x0d\x0a\x00\x00\x00\x00\xe3\x00\x00\x00"), []byte("\xda\x28"+next())...))
	put("nul.js", []byte("const a = 1;\x00\nconst t = \""+next()+"\";\n"))
	// UTF-16 and UTF-32 without a byte-order mark, and with one.
	line2 := func(tk string) string { return "# deploy\r\n$t = \"" + tk + "\" # é😀\r\n" }
	put("le16.ps1", encode(line2(next()), 2, false, false))
	put("be16.ps1", encode(line2(next()), 2, true, false))
	put("le32.txt", encode(line2(next()), 4, false, false))
	put("be32.txt", encode(line2(next()), 4, true, false))
	put("bom16.ps1", encode(line2(next()), 2, false, true))
	// UTF-16 over several chunks (the old limit was 4 MiB), token last.
	big := strings.Repeat("filler line\r\n", 500_000) + "x=" + next() + "\r\n"
	put("big16.txt", encode(big, 2, false, false))
	// A UTF-16LE string inside a binary, at an odd offset.
	put("res.dll", append(append(noise(50001), encode("caption "+next(), 2, false, false)...), noise(999)...))

	got, r := fcJSON(t, env, dir, nil, bin, toks)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	wantAll(t, "binaries and wide text", got,
		"app.db:1:5020 github-pat error",
		"nul.js:2:12 github-pat error",
		"le16.ps1:2:7 github-pat error", "be16.ps1:2:7 github-pat error",
		"le32.txt:2:7 github-pat error", "be32.txt:2:7 github-pat error",
		"bom16.ps1:2:7 github-pat error",
		"big16.txt:500001:3 github-pat error")
	for _, f := range []string{"prog", "m.pyc", "res.dll"} {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, f+":") && strings.HasSuffix(g, " github-pat error")
		}
		if !found {
			t.Errorf("no token found in %s: %q", f, got)
		}
	}
	if len(got) != len(toks) {
		t.Errorf("%d findings for %d planted tokens: %q", len(got), len(toks), got)
	}
	for _, format := range []string{"text", "sarif"} {
		r := fcRun(t, env, dir, nil, bin, "scan", "--format", format)
		scClean(t, r.scResult, toks...)
		if r.code != 1 {
			t.Errorf("--format %s: exit %d", format, r.code)
		}
	}
}

func TestScanStreamsAndNonRegularPaths(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	a, b, c, d := ghtoken.Generate(ghtoken.ClassicPAT, 1101), ghtoken.Generate(ghtoken.OAuth, 1102),
		ghtoken.Generate(ghtoken.ClassicPAT, 1103), ghtoken.Generate(ghtoken.ClassicPAT, 1104)
	toks := []string{a, b, c, d}

	got, r := fcJSON(t, env, home, strings.NewReader("x\n"+a+"\n"), bin, toks, "-")
	if r.code != 1 || !slices.Contains(got, "-:2:1 github-pat error") {
		t.Errorf(`"-": exit %d, %q`, r.code, got)
	}
	got, r = fcJSON(t, env, home, strings.NewReader("tok="+b+"\n"), bin, toks, "/dev/stdin")
	if r.code != 1 || !slices.Contains(got, "/dev/stdin:1:5 github-oauth error") {
		t.Errorf("/dev/stdin: exit %d, %q\n%s", r.code, got, r.stderr)
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		r := fcRun(t, append(env, "TOK="+c), home, nil, bash, "-c", bin+` scan <(printf 'key: %s\n' "$TOK")`)
		scClean(t, r.scResult, toks...)
		if r.code != 1 || !strings.Contains(r.stdout, ":1:6: github-pat [error]") {
			t.Errorf("process substitution: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	fifo := filepath.Join(home, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.WriteString(d + "\n")
			w.Close()
		}
	}()
	got, r = fcJSON(t, env, home, nil, bin, toks, "pipe")
	if r.code != 1 || !slices.Contains(got, "pipe:1:1 github-pat error") {
		t.Errorf("FIFO: exit %d, %q", r.code, got)
	}

	// A symbolic link to a directory outside any git work tree is walked.
	ext := filepath.Join(home, "ext")
	scWrite(t, ext, "deep/conf.yml", "token: "+a+"\n")
	work := filepath.Join(home, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(ext, filepath.Join(work, "linked")); err != nil {
		t.Fatal(err)
	}
	got, r = fcJSON(t, env, work, nil, bin, toks, "linked")
	if r.code != 1 || !slices.Contains(got, "linked/deep/conf.yml:1:8 github-pat error") {
		t.Errorf("symlink to a directory: exit %d, %q\n%s", r.code, got, r.stderr)
	}

	// A link to a file, named: the file is read.
	if err := os.Symlink(filepath.Join(ext, "deep", "conf.yml"), filepath.Join(work, "conf-link")); err != nil {
		t.Fatal(err)
	}
	got, r = fcJSON(t, env, work, nil, bin, toks, "conf-link")
	if r.code != 1 || !slices.Contains(got, "conf-link:1:8 github-pat error") {
		t.Errorf("named symlink to a file: exit %d, %q\n%s", r.code, got, r.stderr)
	}

	// A FIFO met while walking is an error naming it: reading could block.
	scWrite(t, work, "ok.txt", "nothing\n")
	if err := syscall.Mkfifo(filepath.Join(work, "queue"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = fcRun(t, env, work, nil, bin, "scan", ".")
	if r.code != 2 || !strings.Contains(r.stderr, "queue") {
		t.Errorf("FIFO in a walked directory: exit %d\n%s", r.code, r.stderr)
	}
}

// fcGit runs git in dir and fails the test on error.
func fcGit(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	r := scRun(t, env, dir, "git", args...)
	if r.code != 0 {
		t.Fatalf("git %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

func TestScanStagedEveryChangeType(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	repo := filepath.Join(home, "repo")
	toks := []string{}
	next := func() string {
		tk := ghtoken.Generate(ghtoken.ClassicPAT, uint64(1200+len(toks)))
		toks = append(toks, tk)
		return tk
	}
	fcGit(t, env, home, "init", "-q", "-b", "main", repo)
	scWrite(t, repo, "target.txt", "x\n")
	if err := os.Symlink("target.txt", filepath.Join(repo, "link")); err != nil {
		t.Fatal(err)
	}
	scWrite(t, repo, "conflict.txt", "base\n")
	fcGit(t, env, repo, "add", ".")
	fcGit(t, env, repo, "commit", "-qm", "init")

	// T: a tracked symbolic link replaced by a file holding a token.
	os.Remove(filepath.Join(repo, "link"))
	scWrite(t, repo, "link", next()+"\n")
	fcGit(t, env, repo, "add", "link")
	got, r := fcJSON(t, env, repo, nil, bin, toks, "--staged")
	if r.code != 1 || !slices.Contains(got, "link:1:1 github-pat error") {
		t.Errorf("typechange: exit %d, %q\n%s", r.code, got, r.stderr)
	}
	fcGit(t, env, repo, "commit", "-qm", "t")

	// U: an unmerged file; every stage is scanned.
	fcGit(t, env, repo, "checkout", "-qb", "other")
	scWrite(t, repo, "conflict.txt", "theirs "+next()+"\n")
	fcGit(t, env, repo, "commit", "-qam", "theirs")
	fcGit(t, env, repo, "checkout", "-q", "main")
	scWrite(t, repo, "conflict.txt", "ours\n")
	fcGit(t, env, repo, "commit", "-qam", "ours")
	scRun(t, env, repo, "git", "merge", "-q", "other") // conflicts: exit 1
	got, r = fcJSON(t, env, repo, nil, bin, toks, "--staged")
	if r.code != 1 || !slices.Contains(got, "conflict.txt:1:8 github-pat error") {
		t.Errorf("unmerged: exit %d, %q\n%s", r.code, got, r.stderr)
	}
	fcGit(t, env, repo, "merge", "--abort")

	// A large staged file with the token deep inside: found, and memory
	// stays flat (the blob used to be read whole).
	fh, err := os.Create(filepath.Join(repo, "big.log"))
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("0123456789abcdef", 8) + "\n"
	block := strings.Repeat(line, 8192)
	lines := 0
	for size := 0; size < 96<<20; size += len(block) {
		fh.WriteString(block)
		lines += 8192
	}
	fh.WriteString("deep = " + next() + "\n")
	lines++
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	fcGit(t, env, repo, "add", "big.log")
	got, r = fcJSON(t, env, repo, nil, bin, toks, "--staged")
	if r.code != 1 || !slices.Contains(got, "big.log:"+strconv.Itoa(lines)+":8 github-pat error") {
		t.Errorf("large staged file: exit %d, %q\n%s", r.code, got, r.stderr)
	}
	if r.maxRSS == 0 || r.maxRSS > 64<<20 {
		t.Errorf("scanning a 96 MB staged blob peaked at %d MB RSS (0: never sampled), want under 64 MB", r.maxRSS>>20)
	}

	// An explicit size limit names the file and fails --staged...
	r = fcRun(t, env, repo, nil, bin, "scan", "--staged", "--max-file-size", "1M")
	scClean(t, r.scResult, toks...)
	if r.code != 2 || !strings.Contains(r.stderr, "big.log") || !strings.Contains(r.stdout, "big.log") {
		t.Errorf("--max-file-size with --staged: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// ... unless the user also accepts skips.
	r = fcRun(t, env, repo, nil, bin, "scan", "--staged", "--max-file-size", "1M", "--allow-size-skips")
	if r.code != 0 || !strings.Contains(r.stderr, "big.log") {
		t.Errorf("--allow-size-skips: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, format := range []string{"json", "sarif"} {
		r = fcRun(t, env, repo, nil, bin, "scan", "--staged", "--max-file-size", "1M", "--allow-size-skips", "--format", format)
		if !strings.Contains(r.stdout, "big.log") {
			t.Errorf("--format %s does not name the skipped file:\n%s", format, r.stdout)
		}
	}
	fcGit(t, env, repo, "rm", "-q", "--cached", "big.log")
	os.Remove(filepath.Join(repo, "big.log"))

	// A staged blob missing from the object store is an error naming it.
	scWrite(t, repo, "lost.txt", "content "+next()+"\n")
	fcGit(t, env, repo, "add", "lost.txt")
	oid := strings.TrimSpace(fcGit(t, env, repo, "rev-parse", ":lost.txt"))
	if err := os.Remove(filepath.Join(repo, ".git", "objects", oid[:2], oid[2:])); err != nil {
		t.Fatal(err)
	}
	r = fcRun(t, env, repo, nil, bin, "scan", "--staged")
	scClean(t, r.scResult, toks...)
	if r.code != 2 || !strings.Contains(r.stderr, "lost.txt") || !strings.Contains(r.stderr, "missing") {
		t.Errorf("missing blob: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// A corrupt index is an error.
	if err := os.WriteFile(filepath.Join(repo, ".git", "index"), []byte("DIRC garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--staged"}, {"--diff", "HEAD"}, {"."}} {
		r = fcRun(t, env, repo, nil, bin, append([]string{"scan"}, args...)...)
		if r.code != 2 {
			t.Errorf("corrupt index, scan %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestScanDiffIgnoresAttributesAndKeepsPathBytes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	repo := filepath.Join(home, "repo")
	a, b, c, d := ghtoken.Generate(ghtoken.ClassicPAT, 1301), ghtoken.Generate(ghtoken.ClassicPAT, 1302),
		ghtoken.Generate(ghtoken.ClassicPAT, 1303), ghtoken.Generate(ghtoken.ClassicPAT, 1304)
	toks := []string{a, b, c, d}
	fcGit(t, env, home, "init", "-q", "-b", "main", repo)
	fcGit(t, env, repo, "config", "diff.hide.textconv", "sh -c 'echo nothing'")
	// A clean filter (git-lfs is one) changes what git diffs: its lines
	// are not the file's.
	fcGit(t, env, repo, "config", "filter.first.clean", "head -n 1")
	scWrite(t, repo, "old.txt", "x\n")
	if err := os.Symlink("old.txt", filepath.Join(repo, "was-link")); err != nil {
		t.Fatal(err)
	}
	fcGit(t, env, repo, "add", ".")
	fcGit(t, env, repo, "commit", "-qm", "init")
	base := strings.TrimSpace(fcGit(t, env, repo, "rev-parse", "HEAD"))

	// The pull request hides its own files from git's diff.
	scWrite(t, repo, ".gitattributes", "*.env -diff\n*.cfg diff=hide\n*.bin binary\n*.lfs filter=first\n")
	e := ghtoken.Generate(ghtoken.ClassicPAT, 1305)
	toks = append(toks, e)
	scWrite(t, repo, "data.lfs", "version 1\n"+e+"\n")
	scWrite(t, repo, "app.env", "TOKEN="+a+"\n")
	scWrite(t, repo, "app.cfg", "token = "+b+"\n")
	// A name git quotes, holding bytes that are not UTF-8.
	weird := "we\xffird\tname.txt"
	scWrite(t, repo, weird, "k: "+c+"\n")
	// A typechange: the tracked link is now a file.
	os.Remove(filepath.Join(repo, "was-link"))
	scWrite(t, repo, "was-link", d+"\n")
	fcGit(t, env, repo, "add", ".")
	fcGit(t, env, repo, "commit", "-qm", "pr")

	got, r := fcJSON(t, env, repo, nil, bin, toks, "--diff", base)
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	// JSON strings are Unicode: the byte 0xFF becomes U+FFFD there.
	wantAll(t, "--diff", got,
		"app.env:1:7 github-pat error", "app.cfg:1:9 github-pat error",
		strings.ToValidUTF8(weird, "\uFFFD")+":1:4 github-pat error", "was-link:1:1 github-pat error",
		"data.lfs:2:1 github-pat error")
	// A size limit fails --diff too, naming what it skipped.
	r = fcRun(t, env, repo, nil, bin, "scan", "--diff", base, "--max-file-size", "20")
	scClean(t, r.scResult, toks...)
	if r.code != 2 || !strings.Contains(r.stderr, "NOT SCANNED: app.env") {
		t.Errorf("--diff --max-file-size: exit %d\n%s", r.code, r.stderr)
	}
	// The text report keeps every byte (quoted).
	r = fcRun(t, env, repo, nil, bin, "scan", "--diff", base)
	scClean(t, r.scResult, toks...)
	if want := strconv.Quote(weird) + ":1:4: github-pat [error]"; !strings.Contains(r.stdout, want) {
		t.Errorf("text report lacks %s:\n%s", want, r.stdout)
	}
}

func TestScanTokenInPathIsAFindingAndRedactedEverywhere(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	valid := ghtoken.Generate(ghtoken.ClassicPAT, 1401)
	inFile := ghtoken.Generate(ghtoken.FineGrainedPAT, 1402)
	placeholder := "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	toks := []string{valid, inFile}
	dir := filepath.Join(home, "tree")
	scWrite(t, dir, "keys/"+valid+"/a.txt", "clean\n")
	scWrite(t, dir, "keys/"+valid+"/b.txt", "also clean\n")
	scWrite(t, dir, "docs/"+placeholder+".md", "clean\n")
	scWrite(t, dir, "cfg/"+valid+".env", "T="+inFile+"\n")

	// Paths are shown as ghtoken.RedactAll shows any text.
	shownDir := ghtoken.RedactAll("keys/" + valid)
	shownEnv := ghtoken.RedactAll("cfg/" + valid + ".env")
	got, r := fcJSON(t, env, dir, nil, bin, toks)
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	wantAll(t, "files", got,
		shownDir+":0:0 github-token-in-path error",
		ghtoken.RedactAll("docs/"+placeholder+".md")+":0:0 github-token-in-path hint",
		shownEnv+":0:0 github-token-in-path error",
		shownEnv+":1:3 github-fine-grained-pat error")
	if n := strings.Count(strings.Join(got, "\n"), shownDir+":"); n != 1 {
		t.Errorf("the directory is reported %d times, want once: %q", n, got)
	}
	for _, args := range [][]string{{"--format", "text"}, {"--format", "sarif"}, {"--disable", "github-token-in-path"}} {
		r := fcRun(t, env, dir, nil, bin, append([]string{"scan"}, args...)...)
		scClean(t, r.scResult, toks...)
		if !strings.Contains(r.stdout, shownEnv) && !strings.Contains(r.stdout, url.PathEscape(shownEnv[len("cfg/"):])) {
			t.Errorf("scan %v: the redacted path is not shown:\n%s", args, r.stdout)
		}
	}
	r = fcRun(t, env, dir, nil, bin, "scan", "--format", "text")
	if !strings.Contains(r.stdout, shownDir+": github-token-in-path [error]: The directory name holds") {
		t.Errorf("text report:\n%s", r.stdout)
	}

	// An error message about such a path is redacted too.
	unreadable := filepath.Join(dir, "keys", valid, "a.txt")
	if err := os.Chmod(unreadable, 0); err == nil && os.Getuid() != 0 {
		r = fcRun(t, env, dir, nil, bin, "scan")
		scClean(t, r.scResult, toks...)
		if r.code != 2 || !strings.Contains(r.stderr, shownDir+"/a.txt") {
			t.Errorf("unreadable file under a token-named directory: exit %d\n%s", r.code, r.stderr)
		}
		os.Chmod(unreadable, 0o644)
	}

	// --staged and --diff report the names they add.
	repo := filepath.Join(home, "repo")
	fcGit(t, env, home, "init", "-q", "-b", "main", repo)
	scWrite(t, repo, "README", "x\n")
	fcGit(t, env, repo, "add", ".")
	fcGit(t, env, repo, "commit", "-qm", "init")
	scWrite(t, repo, "secrets/"+valid+".txt", "clean\n")
	scWrite(t, repo, "empty-"+valid, "") // no line to add, a name all the same
	fcGit(t, env, repo, "add", ".")
	want := ghtoken.RedactAll("secrets/"+valid+".txt") + ":0:0 github-token-in-path error"
	got, r = fcJSON(t, env, repo, nil, bin, toks, "--staged")
	if r.code != 1 || !slices.Contains(got, want) {
		t.Errorf("--staged: exit %d, %q", r.code, got)
	}
	fcGit(t, env, repo, "commit", "-qm", "add")
	got, r = fcJSON(t, env, repo, nil, bin, toks, "--diff", "HEAD~1")
	if wantEmpty := ghtoken.RedactAll("empty-"+valid) + ":0:0 github-token-in-path error"; r.code != 1 || !slices.Contains(got, want) || !slices.Contains(got, wantEmpty) {
		t.Errorf("--diff: exit %d, %q", r.code, got)
	}
}

func TestScanSummaryAndHelpRenderWell(t *testing.T) {
	bin := testbin.Path(t)
	home := t.TempDir()
	env := scEnv(t, home)
	scWrite(t, home, "small/a.txt", "hello\n")
	r := fcRun(t, env, filepath.Join(home, "small"), nil, bin, "scan")
	if r.code != 0 || strings.Contains(r.stdout, "0.0 MB") || !strings.Contains(r.stdout, "in 1 file, 6 bytes") {
		t.Errorf("summary of a 6-byte scan: %q", r.stdout)
	}
	r = fcRun(t, env, home, nil, bin, "scan", "--help")
	for _, flag := range []string{"--staged", "--all-rules", "--allow-size-skips"} {
		if !regexp.MustCompile(`(?m)^ +` + flag + `  +\S`).MatchString(r.stdout) {
			t.Errorf("--help: boolean flag %s is not shown without an argument:\n%s", flag, r.stdout)
		}
	}
}
