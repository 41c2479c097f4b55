package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// Issue 18, "History and diff fail closed": each test builds a real
// repository, damages or forges what git trusts, and runs the real binary.

// leakFixHistory commits a token, removes it and adds a third commit; it
// returns the token and the ids of the three commits.
func leakFixHistory(t *testing.T, r *rtRepo, g *fixture.Guard) (tok, leak, fix, third string) {
	t.Helper()
	tok = g.Token(ghtoken.ClassicPAT)
	r.write("a.env", []byte("T="+tok+"\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "leak")
	r.write("a.env", []byte("T=\n"))
	r.git("commit", "-q", "-am", "fix")
	r.git("commit", "-q", "--allow-empty", "-m", "third")
	return tok, r.git("rev-parse", "HEAD~2"), r.git("rev-parse", "HEAD~1"), r.git("rev-parse", "HEAD")
}

// forgeRoot rewrites a commit-graph file so that commit oid has no
// parents: git then walks the history as if oid were a root commit. It
// reports whether the file holds oid. (The file's trailing checksum is
// left stale: git does not check it when it reads the graph.)
func forgeRoot(t *testing.T, path, oid string) bool {
	t.Helper()
	d, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := hex.DecodeString(oid)
	if err != nil || len(d) < 8 || string(d[:4]) != "CGPH" {
		t.Fatalf("%s: not a commit-graph (%v)", path, err)
	}
	hashLen := map[byte]int{1: 20, 2: 32}[d[5]]
	chunks := map[string]int{}
	for i := range int(d[6]) + 1 {
		at := 8 + 12*i
		chunks[string(d[at:at+4])] = int(binary.BigEndian.Uint64(d[at+4 : at+12]))
	}
	n := int(binary.BigEndian.Uint32(d[chunks["OIDF"]+255*4:]))
	for i := range n {
		at := chunks["OIDL"] + i*hashLen
		if !bytes.Equal(d[at:at+hashLen], want) {
			continue
		}
		parent := chunks["CDAT"] + i*(hashLen+16) + hashLen
		binary.BigEndian.PutUint32(d[parent:], 0x70000000) // GRAPH_PARENT_NONE
		if err := os.WriteFile(path, d, 0o644); err != nil {
			t.Fatal(err)
		}
		return true
	}
	return false
}

// The commit-graph caches each commit's parents, and git trusts it: a
// forged one made "fix" a root, and `scan --history` no longer saw the
// commit that leaked. Parents are now read from the commits, whatever the
// graph (a single file or a split chain) or GIT_TEST_COMMIT_GRAPH says.
func TestScanHistoryIgnoresCommitGraph(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18001)
	_, leak, fix, _ := leakFixHistory(t, r, g)
	info := filepath.Join(r.dir, ".git", "objects", "info")
	for _, split := range []bool{false, true} {
		os.RemoveAll(filepath.Join(info, "commit-graph"))
		os.RemoveAll(filepath.Join(info, "commit-graphs"))
		args := []string{"commit-graph", "write", "--reachable"}
		if split {
			args = append(args, "--split")
		}
		r.git(args...)
		files, _ := filepath.Glob(filepath.Join(info, "commit-graphs", "*.graph"))
		files = append(files, filepath.Join(info, "commit-graph"))
		forged := false
		for _, f := range files {
			if _, err := os.Stat(f); err == nil && forgeRoot(t, f, fix) {
				forged = true
			}
		}
		if n := r.git("rev-list", "--count", "HEAD"); !forged || n != "2" {
			t.Fatalf("split=%v: the forged graph does not hide the leak from git (rev-list counts %s)", split, n)
		}
		for _, c := range []struct {
			env  []string
			args []string
		}{
			{nil, []string{"--history"}},
			{nil, []string{"--history=HEAD", "--format", "json"}},
			{[]string{"GIT_TEST_COMMIT_GRAPH=1", "GIT_CONFIG_PARAMETERS='core.commitgraph'='true'"}, []string{"--history", "--format", "sarif"}},
		} {
			env := append(append([]string(nil), r.env...), c.env...)
			res := scRun(t, env, r.dir, r.bin, append([]string{"scan"}, c.args...)...)
			g.CheckString("scan stdout", res.stdout)
			g.CheckString("scan stderr", res.stderr)
			if res.code != 1 || !strings.Contains(res.stdout, leak[:12]) {
				t.Errorf("split=%v %v %v: exit %d, the leaking commit %s not reported\n%s%s", split, c.env, c.args, res.code, leak[:12], res.stdout, res.stderr)
			}
		}
	}
}

// `--history=REV` where REV names a tree or a blob (directly or through
// a tag) read nothing: "0 objects", exit 0. What it names is scanned;
// the findings have no commit, and the names in a tree are checked.
func TestScanHistoryRevisionNamingTreeOrBlob(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18002)
	leakFixHistory(t, r, g)
	dirTok := g.Token(ghtoken.OAuth)
	leakTree := r.git("rev-parse", "HEAD~2^{tree}")
	blob := r.git("rev-parse", "HEAD~2:a.env")
	// A tree holding a token-named directory, made without a commit.
	sub := r.gitIn("100644 blob "+r.gitIn("clean\n", "hash-object", "-w", "--stdin")+"\tx.txt\n", "mktree")
	withName := r.gitIn("040000 tree "+sub+"\t"+dirTok+"\n", "mktree")
	r.git("tag", "light-tree", leakTree)
	r.git("tag", "-a", "-m", "tree", "annotated-tree", leakTree)
	r.git("tag", "-a", "-m", "blob", "annotated-blob", blob)

	for _, c := range []struct {
		rev, file string
	}{
		{leakTree, "a.env"},
		{"HEAD~2^{tree}", "a.env"},
		{"HEAD~2:a.env", "(blob " + blob + ")"},
		{"light-tree", "a.env"},
		{"annotated-tree", "a.env"},
		{"annotated-blob", "(blob " + blob + ")"},
		{"HEAD~1..HEAD " + leakTree, "a.env"},
		{withName, dirTok},
	} {
		res := r.scan("--history="+c.rev, "--format", "json")
		g.CheckString("stdout", res.stdout)
		g.CheckString("stderr", res.stderr)
		if res.code != 1 {
			t.Errorf("--history=%s: exit %d, want 1\n%s%s", g.Redact(c.rev), res.code, res.stdout, res.stderr)
			continue
		}
		found := false
		for _, f := range rtFindings(t, res) {
			if f.File == ghtoken.RedactAll(c.file) && f.Commit == nil {
				found = true
			}
		}
		if !found {
			t.Errorf("--history=%s: no finding at %s without a commit\n%s", g.Redact(c.rev), ghtoken.RedactAll(c.file), res.stdout)
		}
	}
}

// gitIn runs git with stdin.
func (r *rtRepo) gitIn(stdin string, args ...string) string {
	r.t.Helper()
	res := fcRun(r.t, r.env, r.dir, strings.NewReader(stdin), "git", args...)
	if res.code != 0 {
		r.t.Fatalf("git %v: %s", args, res.stderr)
	}
	return strings.TrimSpace(res.stdout)
}

// `--diff A..B` and `--diff A...B` were passed to git diff, and the line
// numbers B adds were then looked up in the work tree: an uncommitted
// edit above the token hid it. B's blobs are read now, not the work
// tree; a form naming several revisions is refused, and so is A...B when
// A and B have several merge bases.
func TestScanDiffRanges(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18003)
	tok := g.Token(ghtoken.ClassicPAT)
	r.write("f.txt", []byte("a\nb\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.git("checkout", "-q", "-b", "feat")
	r.write("f.txt", []byte("a\nb\nc\nd\nT="+tok+"\n"))
	r.git("commit", "-q", "-am", "leak")
	r.git("checkout", "-q", "main")
	r.write("other.txt", []byte("main moves on\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "main")
	r.git("checkout", "-q", "feat")
	// Uncommitted: six lines above the token, and the token gone.
	r.write("f.txt", []byte("1\n2\n3\n4\n5\n6\na\nb\nc\nd\nT=\n"))

	for _, c := range []struct {
		rev  string
		code int
		want string
	}{
		{"main..feat", 1, "f.txt:5:3: github-pat"},
		{"main...feat", 1, "f.txt:5:3: github-pat"},
		{"main~1..feat", 1, "f.txt:5:3: github-pat"},
		{"feat..main", 0, "no findings"},
		{"main..", 1, "f.txt:5:3: github-pat"}, // HEAD is feat
		{"HEAD^!", 2, "does not name one revision"},
		{"HEAD^@", 2, "does not name one revision"},
		{"main..no-such", 2, `"no-such" does not name one revision`},
		{"HEAD~1", 0, "no findings"}, // the work tree: the token is gone there
	} {
		res := r.scan("--diff", c.rev)
		g.CheckString("stdout", res.stdout)
		g.CheckString("stderr", res.stderr)
		if res.code != c.code || !strings.Contains(res.stdout+res.stderr, c.want) {
			t.Errorf("--diff %s: exit %d, want %d and %q\n%s%s", c.rev, res.code, c.code, c.want, res.stdout, res.stderr)
		}
	}

	// A criss-cross merge: two merge bases, which git diff would choose
	// between in silence.
	r.git("checkout", "-q", "-f", "main")
	r.git("checkout", "-q", "-b", "x")
	r.git("commit", "-q", "--allow-empty", "-m", "x1")
	r.git("checkout", "-q", "-b", "y", "main")
	r.git("commit", "-q", "--allow-empty", "-m", "y1")
	r.git("merge", "-q", "--no-edit", "x~0")
	r.git("checkout", "-q", "x")
	r.git("merge", "-q", "--no-edit", "y~1")
	res := r.scan("--diff", "x...y")
	if res.code != 2 || !strings.Contains(res.stderr, "2 merge bases") {
		t.Errorf("--diff x...y (criss-cross): exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// corruptLoose rewrites the loose object oid of repository dir with
// content under the same id, as a disk error or a hand edit would.
func corruptLoose(t *testing.T, dir, oid, typ, content string) {
	t.Helper()
	p := filepath.Join(dir, ".git", "objects", oid[:2], oid[2:])
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	z.Write([]byte(typ + " " + strconv.Itoa(len(content)) + "\x00" + content))
	z.Close()
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err) // not a loose object
	}
	if err := os.WriteFile(p, b.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
}

// A loose object whose content no longer hashes to its id was read as
// valid: rewritten with clean content, the leak was gone from every scan.
// Every object read (blobs, commits; SHA-1 and SHA-256 repositories) is
// now hashed and compared with its id: exit 2 naming it.
func TestScanCorruptObjects(t *testing.T) {
	bin := testbin.Path(t)
	for _, format := range []string{"sha1", "sha256"} {
		r := &rtRepo{t: t, env: scEnv(t, t.TempDir()), dir: t.TempDir(), bin: bin}
		r.git("init", "-q", "-b", "main", "--object-format="+format)
		g := fixture.NewGuard(t, 18004)
		r.git("commit", "-q", "--allow-empty", "-m", "base")
		leaked, leak, fix, _ := leakFixHistory(t, r, g)
		blob := r.git("rev-parse", leak+":a.env")
		scan := func(what string, code int, want string, args ...string) {
			t.Helper()
			res := r.scan(args...)
			g.CheckString("stdout", res.stdout)
			g.CheckString("stderr", res.stderr)
			if res.code != code || !strings.Contains(res.stdout+res.stderr, want) {
				t.Errorf("%s %s %v: exit %d, want %d and %q\n%s%s", format, what, args, res.code, code, want, res.stdout, res.stderr)
			}
		}
		scan("intact", 1, leak[:12], "--history")
		scan("intact", 1, "a.env:1:3", "--diff", leak+"~1.."+leak)

		corruptLoose(t, r.dir, blob, "blob", "T=\n")
		if got := r.git("cat-file", "-p", blob); got != "T=" {
			t.Fatalf("%s: git does not hand out the rewritten blob (%q)", format, got)
		}
		scan("corrupt blob", 2, blob+" (a.env) is corrupt", "--history")
		scan("corrupt blob", 2, blob+" (a.env) is corrupt", "--history="+leak, "--format", "json")
		scan("corrupt blob", 2, blob+" (a.env) is corrupt", "--diff", leak+"~1.."+leak)

		// A commit whose message was changed in place (the blob mended).
		corruptLoose(t, r.dir, blob, "blob", "T="+leaked+"\n")
		scan("mended", 1, leak[:12], "--history")

		// A tree that names a clean blob at a.env: the leaking blob is
		// then reachable from nothing git reads.
		tree := r.git("rev-parse", leak+"^{tree}")
		clean, _ := hex.DecodeString(r.git("rev-parse", fix+":a.env"))
		corruptLoose(t, r.dir, tree, "tree", "100644 a.env\x00"+string(clean))
		if got := r.git("rev-parse", leak+":a.env"); got == blob {
			t.Fatalf("%s: git does not read the rewritten tree", format)
		}
		scan("corrupt tree", 2, tree+" is corrupt", "--history")
		scan("corrupt tree", 2, tree+" is corrupt", "--history="+leak)
		scan("corrupt tree", 2, tree+" is corrupt", "--history="+fix) // the parent's tree
		leakID, _ := hex.DecodeString(blob)
		corruptLoose(t, r.dir, tree, "tree", "100644 a.env\x00"+string(leakID))
		scan("mended", 1, leak[:12], "--history")
		raw := r.git("cat-file", "commit", fix)
		corruptLoose(t, r.dir, fix, "commit", strings.Replace(raw, "\n\nfix", "\n\nfiy", 1)+"\n")
		scan("corrupt commit", 2, fix+" is corrupt", "--history")

		// A staged blob.
		tok := g.Token(ghtoken.OAuth)
		r.write("b.env", []byte("T="+tok+"\n"))
		r.git("add", "b.env")
		scan("staged", 1, "b.env:1:3", "--staged")
		corruptLoose(t, r.dir, r.git("rev-parse", ":b.env"), "blob", "clean\n")
		scan("corrupt staged blob", 2, "(b.env) is corrupt", "--staged")
	}
}

// A corrupt .git/index: git does not check its checksum when it reads
// it, so a damaged mode turned the staged file into a submodule and
// `--staged` read 0 bytes, exit 0. The checksum is checked first now.
func TestScanStagedCorruptIndex(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18005)
	tok := g.Token(ghtoken.ClassicPAT)
	r.write("b.txt", []byte("base\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.write("a.env", []byte("T="+tok+"\n"))
	r.git("add", "a.env")
	index := filepath.Join(r.dir, ".git", "index")
	good, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if res := r.scan("--staged"); res.code != 1 {
		t.Fatalf("intact index: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	// The first entry is a.env; bytes 36-39 are its mode (0100644).
	flipped := bytes.Clone(good)
	flipped[38] = 0xff
	// A header with no entries, the checksum left zero.
	empty := append([]byte("DIRC\x00\x00\x00\x02\x00\x00\x00\x00"), make([]byte, 20)...)
	for _, c := range []struct {
		name  string
		index []byte
		git   string // what git makes of it, unchecked
	}{
		{"mode damaged", flipped, ":000000 160000"},
		{"emptied", empty, ":100644 000000"},
	} {
		if err := os.WriteFile(index, c.index, 0o644); err != nil {
			t.Fatal(err)
		}
		if raw := r.git("diff", "--cached", "--raw"); !strings.Contains(raw, c.git) {
			t.Fatalf("%s: git reads the index otherwise than expected:\n%s", c.name, raw)
		}
		for _, args := range [][]string{{"--staged"}, {"--diff", "HEAD"}} {
			res := r.scan(args...)
			g.CheckString("stdout", res.stdout)
			g.CheckString("stderr", res.stderr)
			if res.code != 2 || !strings.Contains(res.stderr, "git index") || !strings.Contains(res.stderr, "corrupt") {
				t.Errorf("%s %v: exit %d\n%s%s", c.name, args, res.code, res.stdout, res.stderr)
			}
		}
	}
}

// A commit message was read whole (a 200 MB message: 220 MB of memory).
// Its bytes go through the chunked reader like a blob's; the report keeps
// the first 4 KiB of the subject, cut before a partial word so that a
// token cut in two is not shown.
func TestScanHistoryHugeCommitMessage(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18006)
	tok := g.Token(ghtoken.ClassicPAT)
	msg := strings.Repeat("a ", 2040) + tok + " " + strings.Repeat("x", 96<<20) + "\n\nbody\n"
	file := filepath.Join(t.TempDir(), "msg")
	if err := os.WriteFile(file, []byte(msg), 0o644); err != nil {
		t.Fatal(err)
	}
	r.git("commit", "-q", "--allow-empty", "-F", file)
	res := fcRun(t, r.env, r.dir, nil, r.bin, "scan", "--history", "--format", "json")
	g.CheckString("stdout", res.stdout)
	g.CheckString("stderr", res.stderr)
	fs := rtFindings(t, res.scResult)
	if res.code != 1 || len(fs) != 1 || fs[0].File != "(commit)" || fs[0].Line != 5 {
		t.Fatalf("exit %d, findings %+v\n%s", res.code, fs, res.stderr)
	}
	if strings.Contains(res.stdout, tok[:12]) || !strings.Contains(res.stdout, "a a …") {
		t.Errorf("the subject is not cut before the token:\n%.300s", res.stdout)
	}
	if res.maxRSS == 0 || res.maxRSS > 64<<20 {
		t.Errorf("a 96 MB commit message peaked at %d MB RSS (0: never sampled), want under 64 MB", res.maxRSS>>20)
	}
}

// What git diffs against is read by git, not by the scan, and git does
// not check a subtree it reads against its id: a rewritten d/ of HEAD
// that says d/a.env is already the staged blob made `git diff --cached`
// show nothing, and --staged passed. The commit and every tree git diffs
// against (--staged: HEAD; --diff: REV, or A and B) are checked first.
func TestScanDiffAgainstCorruptTree(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18007)
	tok := g.Token(ghtoken.ClassicPAT)
	r.write("d/b.txt", []byte("base\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.write("d/a.env", []byte("T="+tok+"\n"))
	r.git("add", "d/a.env")
	head := r.git("rev-parse", "HEAD")
	sub := r.git("rev-parse", "HEAD:d")
	staged, _ := hex.DecodeString(r.git("rev-parse", ":d/a.env"))
	base, _ := hex.DecodeString(r.git("rev-parse", "HEAD:d/b.txt"))
	corruptLoose(t, r.dir, sub, "tree", "100644 a.env\x00"+string(staged)+"100644 b.txt\x00"+string(base))
	if raw := r.git("diff", "--cached", "--raw"); raw != "" {
		t.Fatalf("git still sees the staged change: %q", raw)
	}
	r.git("commit", "-q", "--allow-empty", "-m", "add a.env") // "empty" to git, which believes d/
	added := r.git("rev-parse", "HEAD")
	r.git("reset", "-q", "--soft", head) // staged again
	for _, args := range [][]string{{"--staged"}, {"--diff", "HEAD"}, {"--diff", head + ".." + added}} {
		res := r.scan(args...)
		g.CheckString("stdout", res.stdout)
		g.CheckString("stderr", res.stderr)
		if res.code != 2 || !strings.Contains(res.stderr, sub+" (d) is corrupt") {
			t.Errorf("%v: exit %d, want 2 naming tree %s\n%s%s", args, res.code, sub[:12], res.stdout, res.stderr)
		}
	}
}

// The lines --diff counts as added come from git's patch, which reads the
// old side's blob unchecked: REV's f.txt rewritten to hold the new lines
// already left no added line, and the token passed. The old side's blobs
// are checked against their ids.
func TestScanDiffAgainstCorruptBlob(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 18008)
	tok := g.Token(ghtoken.ClassicPAT)
	r.write("f.txt", []byte("a\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	base := r.git("rev-parse", "HEAD")
	old := r.git("rev-parse", "HEAD:f.txt")
	leaked := "a\nT=" + tok + "\n"
	r.write("f.txt", []byte(leaked))
	r.git("commit", "-q", "-am", "leak")
	corruptLoose(t, r.dir, old, "blob", leaked)
	for _, args := range [][]string{{"--diff", base}, {"--diff", base + "..HEAD"}} {
		res := r.scan(args...)
		g.CheckString("stdout", res.stdout)
		g.CheckString("stderr", res.stderr)
		if res.code != 2 || !strings.Contains(res.stderr, old+" (f.txt) is corrupt") {
			t.Errorf("%v: exit %d, want 2 naming blob %s\n%s%s", args, res.code, old[:12], res.stdout, res.stderr)
		}
	}
}
