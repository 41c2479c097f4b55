package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// rtRepo is a real repository for the red-team regressions: git runs in
// it without the user's configuration.
type rtRepo struct {
	t        *testing.T
	env      []string
	dir, bin string
}

func newRTRepo(t *testing.T, bin string) *rtRepo {
	t.Helper()
	r := &rtRepo{t: t, env: scEnv(t, t.TempDir()), dir: t.TempDir(), bin: bin}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *rtRepo) git(args ...string) string {
	r.t.Helper()
	res := scRun(r.t, r.env, r.dir, "git", args...)
	if res.code != 0 {
		r.t.Fatalf("git %v: %s", args, res.stderr)
	}
	return strings.TrimSpace(res.stdout)
}

func (r *rtRepo) write(rel string, content []byte) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rtRepo) scan(args ...string) scResult {
	r.t.Helper()
	return scRun(r.t, r.env, r.dir, r.bin, append([]string{"scan"}, args...)...)
}

type rtFinding struct {
	File, RuleID, Severity, Fingerprint, Message string
	Line                                         int
	Commit                                       *struct{ SHA string }
}

func rtFindings(t *testing.T, r scResult) []rtFinding {
	t.Helper()
	var rep struct{ Findings []rtFinding }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return rep.Findings
}

// TestScanHistoryTokenInPath: a path that ever held a token in any commit
// is a leak (it is in every clone), reported once at the commit that
// introduced the named directory or file, not once per later commit or
// per file under it, and again where a later commit brings it back. The
// blob under the token directory is also at a clean path, so the path is
// found even though `git rev-list --objects` names the blob (and the
// tree) by the clean path.
func TestScanHistoryTokenInPath(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	dirTok := ghtoken.Generate(ghtoken.ClassicPAT, 7101)
	fileTok := ghtoken.Generate(ghtoken.FineGrainedPAT, 7102)
	g := fixture.NewGuard(t, 0)
	g.Add(dirTok, fileTok)

	r.write("a/x.txt", []byte("hello\n"))
	r.write("a/y.txt", []byte("world\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "clean")
	r.write("keys/"+dirTok+"/x.txt", []byte("hello\n")) // same blob as a/x.txt
	r.write("keys/"+dirTok+"/y.txt", []byte("world\n")) // same tree as a/
	r.git("add", ".")
	r.git("commit", "-q", "-m", "add keys")
	dirCommit := r.git("rev-parse", "HEAD")
	r.write("keys/"+dirTok+"/z.txt", []byte("more\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "one more file in the same directory")
	r.git("rm", "-rq", "keys")
	r.git("commit", "-q", "-m", "remove keys")

	r.git("checkout", "-q", "-b", "side")
	r.write("cfg/"+fileTok+".txt", []byte("hello\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "side file")
	fileCommit := r.git("rev-parse", "HEAD")
	r.git("checkout", "-q", "main")
	r.git("merge", "-q", "--no-ff", "-m", "merge side", "side") // brings the file, adds nothing

	res := r.scan("--history", "--format", "json")
	g.CheckString("stdout", res.stdout)
	g.CheckString("stderr", res.stderr)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	got := map[string]string{}
	for _, f := range rtFindings(t, res) {
		if f.RuleID != "github-token-in-path" {
			continue
		}
		noun := "The file name"
		if strings.HasPrefix(f.File, "keys/") {
			noun = "The directory name"
		}
		if f.Severity != "error" || f.Commit == nil || f.Line != 0 || !strings.HasPrefix(f.Message, noun) {
			t.Errorf("finding %+v", f)
			continue
		}
		if prev, ok := got[f.File]; ok {
			t.Errorf("%s reported twice (%s, %s)", f.File, prev, f.Commit.SHA)
		}
		got[f.File] = f.Commit.SHA
		if want := f.Commit.SHA + ":" + f.File + ":github-token-in-path:0"; f.Fingerprint != want {
			t.Errorf("fingerprint %q, want %q", f.Fingerprint, want)
		}
	}
	wantDir, wantFile := ghtoken.RedactAll("keys/"+dirTok), ghtoken.RedactAll("cfg/"+fileTok+".txt")
	if len(got) != 2 || got[wantDir] != dirCommit || got[wantFile] != fileCommit {
		t.Fatalf("path findings %v, want %s at %s and %s at %s", got, wantDir, dirCommit, wantFile, fileCommit)
	}

	// Every format, and a range that holds only the side commit.
	for _, format := range []string{"text", "sarif"} {
		res := r.scan("--history", "--format", format)
		g.CheckString(format, res.stdout+res.stderr)
		if res.code != 1 || !strings.Contains(res.stdout, "github-token-in-path") {
			t.Errorf("%s: exit %d\n%s", format, res.code, res.stdout)
		}
	}
	res = r.scan("--history="+dirCommit+"..side", "--format", "json")
	g.CheckString("range", res.stdout+res.stderr)
	fs := rtFindings(t, res)
	if res.code != 1 || len(fs) != 1 || fs[0].File != wantFile || fs[0].Commit == nil || fs[0].Commit.SHA != fileCommit {
		t.Fatalf("range: exit %d, findings %+v", res.code, fs)
	}
}

// TestScanGitlinkName: a submodule entry (a gitlink: a commit id, no
// content) has a name, and a token in it is committed like any path. Added
// with `git update-index --cacheinfo` there is no .gitmodules to give it
// away. A clean submodule added since the base is no reason for --diff to
// fail (its patch line "Subproject commit ..." names a path the file list
// must then know).
func TestScanGitlinkName(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7201)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.write("README", []byte("x\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	base := r.git("rev-parse", "HEAD")
	r.git("update-index", "--add", "--cacheinfo", "160000,"+base+",vendor/"+tok)
	r.git("update-index", "--add", "--cacheinfo", "160000,"+base+",vendor/clean")
	if err := os.MkdirAll(filepath.Join(r.dir, "vendor", tok), 0o755); err != nil {
		t.Fatal(err)
	}
	want := ghtoken.RedactAll("vendor/" + tok)
	check := func(what string, res scResult, code int) {
		t.Helper()
		g.CheckString(what, res.stdout+res.stderr)
		if res.code != code {
			t.Fatalf("%s: exit %d, want %d\n%s\n%s", what, res.code, code, res.stdout, res.stderr)
		}
		if code != 1 {
			return
		}
		fs := rtFindings(t, res)
		if len(fs) != 1 || fs[0].File != want || fs[0].RuleID != "github-token-in-path" {
			t.Fatalf("%s: findings %+v, want %s", what, fs, want)
		}
	}
	check("--staged", r.scan("--staged", "--format", "json"), 1)
	// diff.ignoreSubmodules=all (a user's or a repository's setting) must
	// not hide the staged gitlink's name.
	r.git("config", "diff.ignoreSubmodules", "all")
	check("--staged, diff.ignoreSubmodules=all", r.scan("--staged", "--format", "json"), 1)
	r.git("config", "--unset", "diff.ignoreSubmodules")
	check("files", r.scan("--format", "json"), 1)
	r.git("commit", "-q", "-m", "vendor")
	check("--diff", r.scan("--diff", base, "--format", "json"), 1)

	// Only the clean submodule added: exit 0, not 2.
	r.git("rm", "-q", "--cached", "vendor/"+tok)
	r.git("commit", "-q", "-m", "drop")
	r.git("reset", "-q", "--soft", base)
	r.git("commit", "-q", "-m", "clean submodule only")
	check("--diff clean", r.scan("--diff", base, "--format", "json"), 0)
}

// TestScanDiffWorkingTreeEncoding: with `working-tree-encoding` (no git
// configuration needed, so a pull request can set it in .gitattributes) git
// keeps the file in the work tree in another encoding and commits it as
// UTF-8. In a fresh clone (a CI job) the work-tree copy of an IBM037
// (EBCDIC) file holds no ASCII token while the committed blob does, and
// git's patch counts the lines of the UTF-8 form. --diff must read what
// git commits, and so must the scan of the work tree.
func TestScanDiffWorkingTreeEncoding(t *testing.T) {
	bin := testbin.Path(t)
	origin := newRTRepo(t, bin)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7301)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	origin.write("README", []byte("x\n"))
	origin.git("add", ".")
	origin.git("commit", "-q", "-m", "base")
	base := origin.git("rev-parse", "HEAD")
	origin.write(".gitattributes", []byte("*.ebc working-tree-encoding=IBM037\n"))
	origin.git("add", ".gitattributes")
	// The clean form is what git add makes of the work-tree file, so the
	// work-tree file is written in IBM037: ASCII letters, digits, "_", "=",
	// newline mapped by the code page.
	origin.write("conf.ebc", toIBM037("a=1\nTOKEN="+tok+"\n"))
	origin.git("add", "conf.ebc")
	origin.git("commit", "-q", "-m", "add")
	if blob := origin.git("show", "HEAD:conf.ebc"); !strings.Contains(blob, tok) {
		t.Fatalf("git did not store the UTF-8 form")
	}

	clone := &rtRepo{t: t, env: origin.env, dir: t.TempDir(), bin: bin}
	origin.git("clone", "-q", origin.dir, clone.dir)
	res := clone.scan("--diff", base, "--format", "json")
	g.CheckString("--diff", res.stdout+res.stderr)
	fs := rtFindings(t, res)
	if res.code != 1 || len(fs) != 1 || fs[0].File != "conf.ebc" || fs[0].Line != 2 || fs[0].RuleID != "github-pat" {
		t.Fatalf("exit %d, findings %+v\n%s", res.code, fs, res.stderr)
	}
	// The whole work tree, as a CI job scans it: the same file, once.
	res = clone.scan("--format", "json")
	g.CheckString("files", res.stdout+res.stderr)
	fs = rtFindings(t, res)
	if res.code != 1 || len(fs) != 1 || fs[0].File != "conf.ebc" || fs[0].Line != 2 {
		t.Fatalf("files: exit %d, findings %+v\n%s", res.code, fs, res.stderr)
	}
}

// toIBM037 encodes ASCII letters, digits, "_", "=" and "\n" in IBM037.
func toIBM037(s string) []byte {
	var out []byte
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'i':
			out = append(out, 0x81+c-'a')
		case c >= 'j' && c <= 'r':
			out = append(out, 0x91+c-'j')
		case c >= 's' && c <= 'z':
			out = append(out, 0xA2+c-'s')
		case c >= 'A' && c <= 'I':
			out = append(out, 0xC1+c-'A')
		case c >= 'J' && c <= 'R':
			out = append(out, 0xD1+c-'J')
		case c >= 'S' && c <= 'Z':
			out = append(out, 0xE2+c-'S')
		case c >= '0' && c <= '9':
			out = append(out, 0xF0+c-'0')
		case c == '_':
			out = append(out, 0x6D)
		case c == '=':
			out = append(out, 0x7E)
		case c == '\n':
			out = append(out, 0x25)
		default:
			panic("toIBM037: " + string(c))
		}
	}
	return out
}

// TestScanDiffSkipWorktree: for an index entry marked skip-worktree (a
// sparse checkout, or `git update-index --skip-worktree`) or
// assume-unchanged, git diffs the index's blob and never looks at the
// work-tree file, which may differ or be absent. --diff must read what git
// diffed: the committed token, not the clean local copy, and no exit 2 for
// a file a sparse checkout left out.
func TestScanDiffSkipWorktree(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 0)
	toks := []string{ghtoken.Generate(ghtoken.ClassicPAT, 7401), ghtoken.Generate(ghtoken.OAuth, 7402), ghtoken.Generate(ghtoken.Refresh, 7403)}
	g.Add(toks...)
	names := []string{"skip.env", "assume.env", "sparse/gone.env"}
	for _, n := range names {
		r.write(n, []byte("A=1\n"))
	}
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	base := r.git("rev-parse", "HEAD")
	for i, n := range names {
		r.write(n, []byte("A=1\nT="+toks[i]+"\n"))
	}
	r.git("add", ".")
	r.git("commit", "-q", "-m", "leak")
	r.git("update-index", "--skip-worktree", "skip.env", "sparse/gone.env")
	r.git("update-index", "--assume-unchanged", "assume.env")
	r.write("skip.env", []byte("A=1\n"))
	r.write("assume.env", []byte("A=1\n"))
	if err := os.Remove(filepath.Join(r.dir, "sparse", "gone.env")); err != nil {
		t.Fatal(err)
	}
	res := r.scan("--diff", base, "--format", "json")
	g.CheckString("--diff", res.stdout+res.stderr)
	fs := rtFindings(t, res)
	got := map[string]int{}
	for _, f := range fs {
		got[f.File] = f.Line
	}
	if res.code != 1 || len(fs) != 3 || got["skip.env"] != 2 || got["assume.env"] != 2 || got["sparse/gone.env"] != 2 {
		t.Fatalf("exit %d, findings %+v\n%s", res.code, fs, res.stderr)
	}
}

// TestScanHistoryHiddenParents: commits that git can be made to skip are
// not skipped in silence. A shallow clone (or a hand-written
// .git/shallow) lacks, or hides, the parents of its boundary commits: a
// token added and removed before the boundary cannot be seen, so the scan
// is exit 2, not "no findings". A graft file rewrites parents in place
// (git replace's older form): the real parents are followed.
func TestScanHistoryHiddenParents(t *testing.T) {
	bin := testbin.Path(t)
	r := newRTRepo(t, bin)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7501)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.write("a.env", []byte("T="+tok+"\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "leak")
	r.write("a.env", []byte("T=\n"))
	r.git("commit", "-q", "-am", "fix")
	r.git("commit", "-q", "--allow-empty", "-m", "third")
	fix := r.git("rev-parse", "HEAD~1")

	res := r.scan("--history")
	g.CheckString("full", res.stdout+res.stderr)
	if res.code != 1 {
		t.Fatalf("full history: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}

	// A graft that makes "fix" a root commit.
	grafts := filepath.Join(r.dir, ".git", "info", "grafts")
	if err := os.WriteFile(grafts, []byte(fix+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.scan("--history")
	g.CheckString("grafts", res.stdout+res.stderr)
	if res.code != 1 {
		t.Fatalf("grafts: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if err := os.Remove(grafts); err != nil {
		t.Fatal(err)
	}

	// A hand-written shallow boundary, and a real shallow clone.
	shallow := filepath.Join(r.dir, ".git", "shallow")
	if err := os.WriteFile(shallow, []byte(fix+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.scan("--history")
	g.CheckString("shallow file", res.stdout+res.stderr)
	if res.code != 2 || !strings.Contains(res.stderr, "shallow") || !strings.Contains(res.stderr, fix) {
		t.Fatalf("shallow file: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	// A range that stays above the boundary is complete.
	res = r.scan("--history=HEAD~1..HEAD")
	if res.code != 0 {
		t.Fatalf("range above the boundary: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if err := os.Remove(shallow); err != nil {
		t.Fatal(err)
	}
	clone := &rtRepo{t: t, env: r.env, dir: t.TempDir(), bin: bin}
	r.git("clone", "-q", "--depth", "1", "file://"+r.dir, clone.dir)
	res = clone.scan("--history", "--format", "json")
	g.CheckString("shallow clone", res.stdout+res.stderr)
	if res.code != 2 || !strings.Contains(res.stderr, "--unshallow") {
		t.Fatalf("shallow clone: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// TestScanHistoryRefNames: a branch or lightweight tag named after a
// token is pushed and listed like a path, and its name is in no object:
// `scan --history` (every ref) reports it, redacted in every format, and
// prints no ref name (HEAD's branch in the report included) in full.
func TestScanHistoryRefNames(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	branchTok := ghtoken.Generate(ghtoken.ClassicPAT, 7601)
	tagTok := ghtoken.Generate(ghtoken.UserToServer, 7602)
	g := fixture.NewGuard(t, 0)
	g.Add(branchTok, tagTok)
	r.write("README", []byte("x\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.git("checkout", "-q", "-b", "fix/"+branchTok)
	r.git("tag", tagTok)
	wantBranch := ghtoken.RedactAll("(ref refs/heads/fix/" + branchTok + ")")
	wantTag := ghtoken.RedactAll("(ref refs/tags/" + tagTok + ")")
	for _, format := range []string{"json", "text", "sarif"} {
		res := r.scan("--history", "--format", format)
		g.CheckString(format, res.stdout+res.stderr)
		named := strings.Contains(res.stdout, wantBranch) && strings.Contains(res.stdout, wantTag)
		if format == "sarif" { // the file is a URI there
			named = strings.Count(res.stdout, "The ref name holds") == 2
		}
		if res.code != 1 || !named {
			t.Fatalf("%s: exit %d\n%s%s", format, res.code, res.stdout, res.stderr)
		}
	}
	// A range selects commits, not refs.
	res := r.scan("--history=HEAD")
	g.CheckString("range", res.stdout+res.stderr)
	if res.code != 0 {
		t.Fatalf("range: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// TestScanHistoryRepositoryPath: the repository's own directory may be
// named after a token (a checkout in a directory named by a script); the
// history report's root, its repositoryUri (a file URI when there is no
// remote, or when the remote is a local path) and SARIF's %SRCROOT% show
// it redacted, as the file scan's root already is.
func TestScanHistoryRepositoryPath(t *testing.T) {
	bin := testbin.Path(t)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7701)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r := &rtRepo{t: t, env: scEnv(t, t.TempDir()), dir: filepath.Join(t.TempDir(), tok), bin: bin}
	if err := os.Mkdir(r.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r.git("init", "-q", "-b", "main")
	r.write("README", []byte("x\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	for _, remote := range []string{"", r.dir} {
		if remote != "" {
			r.git("remote", "add", "origin", remote)
		}
		for _, format := range []string{"json", "sarif"} {
			res := r.scan("--history", "--format", format)
			g.CheckString(fmt.Sprintf("%s, remote %v", format, remote != ""), res.stdout+res.stderr)
			if res.code != 0 {
				t.Fatalf("%s: exit %d\n%s", format, res.code, res.stderr)
			}
		}
	}
}

// TestScanAllowMarkerScope: an inline gitleaks:allow silences the token
// on its own line, and only there. A lone CR ends a line (editors show it
// as a line break, so the marker is on the line above), and in binary
// content a NUL byte ends one too: a marker 100 kB before a token in a
// file without newlines is not on the token's line. CRLF lines keep
// their marker.
func TestScanAllowMarkerScope(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	g := fixture.NewGuard(t, 0)
	a, b, c := ghtoken.Generate(ghtoken.ClassicPAT, 7801), ghtoken.Generate(ghtoken.OAuth, 7802), ghtoken.Generate(ghtoken.Refresh, 7803)
	g.Add(a, b, c)
	r.write("cr.txt", []byte("x=1 # gitleaks:allow\rT="+a+"\r"))
	r.write("blob.bin", []byte("gitleaks:allow\x00"+strings.Repeat("A", 100000)+"\x00 "+b+" \x00\x01"))
	r.write("crlf.txt", []byte("T="+c+" # gitleaks:allow\r\nx=1\r\n"))
	res := r.scan("--format", "json", "cr.txt", "blob.bin", "crlf.txt")
	g.CheckString("scan", res.stdout+res.stderr)
	got := map[string]bool{}
	for _, f := range rtFindings(t, res) {
		got[f.File] = true
	}
	if res.code != 1 || len(got) != 2 || !got["cr.txt"] || !got["blob.bin"] {
		t.Fatalf("exit %d, findings in %v\n%s", res.code, got, res.stderr)
	}
}

// TestScanNamedIgnoredDirectory: a file named on the command line is
// scanned even if git ignores it; a directory named on the command line
// that git ignores (build/, the directory itself) was listed with
// `git ls-files --exclude-standard`, which lists nothing there: "no
// findings in 0 files", exit 0. It is walked instead. Inside a directory
// that is not ignored, .gitignore still applies.
func TestScanNamedIgnoredDirectory(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 7901)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.write(".gitignore", []byte("build/\n*.log\n"))
	r.write("build/out/app.js", []byte("T="+tok+"\n"))
	r.write("src/debug.log", []byte("T="+tok+"\n"))
	r.write("src/a.go", []byte("package a\n"))
	for _, args := range [][]string{{"build"}, {"build/out"}} {
		res := r.scan(append([]string{"--format", "json"}, args...)...)
		g.CheckString("scan", res.stdout+res.stderr)
		fs := rtFindings(t, res)
		if res.code != 1 || len(fs) != 1 || fs[0].File != "build/out/app.js" {
			t.Fatalf("scan %v: exit %d, findings %+v\n%s", args, res.code, fs, res.stderr)
		}
	}
	// From inside the ignored directory.
	res := scRun(t, r.env, filepath.Join(r.dir, "build"), r.bin, "scan")
	g.CheckString("scan in build", res.stdout+res.stderr)
	if res.code != 1 {
		t.Fatalf("scan in build/: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = r.scan("src")
	g.CheckString("scan src", res.stdout+res.stderr)
	if res.code != 0 {
		t.Fatalf("scan src: exit %d (the ignored *.log is not read)\n%s", res.code, res.stdout)
	}
}

// TestScanSparseCheckout: in a sparse checkout (actions/checkout's
// sparse-checkout, `git sparse-checkout set`) the files outside the cone
// are tracked, unchanged for git, and not on disk. `ghpat-ls scan` of
// the work tree skipped them as if deleted: exit 0 without reading files
// the repository holds. They are read from the index; a file really
// deleted from the work tree still has nothing to read.
func TestScanSparseCheckout(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 8001)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.write("app/main.go", []byte("package main\n"))
	r.write("deploy/prod.env", []byte("A=1\nT="+tok+"\n"))
	r.write("gone.txt", []byte("x\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.git("sparse-checkout", "set", "app")
	if _, err := os.Stat(filepath.Join(r.dir, "deploy", "prod.env")); err == nil {
		t.Fatal("sparse-checkout left the file on disk")
	}
	if err := os.Remove(filepath.Join(r.dir, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	res := r.scan("--format", "json")
	g.CheckString("scan", res.stdout+res.stderr)
	fs := rtFindings(t, res)
	if res.code != 1 || len(fs) != 1 || fs[0].File != "deploy/prod.env" || fs[0].Line != 2 {
		t.Fatalf("exit %d, findings %+v\n%s", res.code, fs, res.stderr)
	}

	// A partial clone (actions/checkout's sparse-checkout is blobless)
	// does not have the blobs outside the cone: no network fetch behind
	// the user's back, and no exit 0 either. The cone itself scans.
	r.git("sparse-checkout", "disable")
	r.git("config", "uploadpack.allowFilter", "true")
	clone := &rtRepo{t: t, env: r.env, dir: t.TempDir(), bin: r.bin}
	r.git("clone", "-q", "--filter=blob:none", "--sparse", "file://"+r.dir, clone.dir)
	clone.git("sparse-checkout", "set", "app")
	res = clone.scan()
	g.CheckString("partial", res.stdout+res.stderr)
	if res.code != 2 || !strings.Contains(res.stderr, "deploy/prod.env") || !strings.Contains(res.stderr, "partial clone") {
		t.Fatalf("partial clone: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if res = clone.scan("app"); res.code != 0 {
		t.Fatalf("partial clone, app/: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// TestScanHistoryTreeTagPaths: a tag can name a tree directly (`git tag
// x <tree>`); its blobs are scanned without a commit, and so must its
// names be: a token-named file held only there is in every clone that
// fetches tags.
func TestScanHistoryTreeTagPaths(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 8101)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.write("README", []byte("x\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.write("keys/"+tok+".txt", []byte("x\n"))
	r.git("add", ".")
	tree := r.git("write-tree")
	r.git("rm", "-rq", "--cached", "keys")
	r.git("tag", "plain-tree", tree)
	r.git("tag", "-a", "-m", "annotated", "annotated-tree", tree)
	res := r.scan("--history", "--format", "json")
	g.CheckString("scan", res.stdout+res.stderr)
	want := ghtoken.RedactAll("keys/" + tok + ".txt")
	n := 0
	for _, f := range rtFindings(t, res) {
		if f.RuleID == "github-token-in-path" && f.File == want && f.Commit == nil {
			n++
		}
	}
	if res.code != 1 || n != 1 {
		t.Fatalf("exit %d, %d findings of %s, want 1\n%s", res.code, n, want, res.stdout)
	}
}

// TestScanNamedGitDirectory: `ghpat-ls scan .git` (a remote URL with a
// token in .git/config is a classic local leak) walked the directory and
// skipped it for being named .git: "no findings in 0 files", exit 0. A
// .git directory is skipped only below the directory asked for.
func TestScanNamedGitDirectory(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 8201)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.git("config", "remote.origin.url", "https://x:"+tok+"@github.com/o/r.git")
	for _, dir := range []string{r.dir, filepath.Join(r.dir, ".git")} {
		args := []string{"scan", "--format", "json"}
		if dir == r.dir {
			args = append(args, ".git")
		}
		res := scRun(t, r.env, dir, r.bin, args...)
		g.CheckString("scan", res.stdout+res.stderr)
		fs := rtFindings(t, res)
		if res.code != 1 || len(fs) != 1 || !strings.HasSuffix(fs[0].File, "config") {
			t.Fatalf("in %s: exit %d, findings %+v\n%s", filepath.Base(dir), res.code, fs, res.stderr)
		}
	}
	// The work tree's scan still leaves .git out.
	if res := r.scan(); res.code != 0 {
		t.Fatalf("scan of the work tree: exit %d\n%s", res.code, res.stdout)
	}
}

// TestScanUntrackedNestedRepository: `git ls-files -o` lists an untracked
// repository inside the work tree as one "sub/" entry, which the listing
// dropped: its files were never read and the scan exited 0. They are
// listed by that repository's own git (its .gitignore honoured).
func TestScanUntrackedNestedRepository(t *testing.T) {
	r := newRTRepo(t, testbin.Path(t))
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 8101)
	g := fixture.NewGuard(t, 0)
	g.Add(tok)
	r.write("main.go", []byte("package main\n"))
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	r.write("vendor/lib/config.env", []byte("A=1\nT="+tok+"\n"))
	r.write("vendor/lib/ignored.env", []byte("T="+tok+"\n"))
	r.write("vendor/lib/.gitignore", []byte("ignored.env\n"))
	scRun(t, r.env, filepath.Join(r.dir, "vendor", "lib"), "git", "init", "-q")
	res := r.scan("--format", "json")
	g.CheckString("scan", res.stdout+res.stderr)
	fs := rtFindings(t, res)
	if res.code != 1 || len(fs) != 1 || fs[0].File != "vendor/lib/config.env" || fs[0].Line != 2 {
		t.Fatalf("exit %d, findings %+v\n%s", res.code, fs, res.stderr)
	}
}
