package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// linkTree makes, in a fresh directory, the workspace folder ws (returned)
// holding the links that must never be followed (to .., to
// /proc/self/pagemap, to /dev/zero) and a link to a file; next to ws, out
// of it, outside.js holds outsideText.
func linkTree(t *testing.T, outsideText string) string {
	t.Helper()
	parent := t.TempDir()
	ws := filepath.Join(parent, "ws")
	scWrite(t, parent, "outside.js", outsideText)
	if err := os.Mkdir(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"up": "..", "pagemap": "/proc/self/pagemap", "zero": "/dev/zero", "to-file": "src/app.sh"} {
		if err := os.Symlink(target, filepath.Join(ws, name)); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

func mkfifoIn(t *testing.T, dir, name string) {
	t.Helper()
	if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// lockDir makes dir unreadable; false when this user reads it anyway (root).
func lockDir(t *testing.T, dir string) bool {
	t.Helper()
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err := os.ReadDir(dir)
	return err != nil
}

// TestScanLinksAndGitignoreThroughBinary: in a git work tree, links are
// scanned as their own text (never .., /proc or a device behind them),
// the summary counts what .gitignore left out in every format, and
// --no-ignore finds the token in the ignored .env.
func TestScanLinksAndGitignoreThroughBinary(t *testing.T) {
	leak, hidden, outside := ghtoken.Generate(ghtoken.ClassicPAT, 501), ghtoken.Generate(ghtoken.ClassicPAT, 502), ghtoken.Generate(ghtoken.ClassicPAT, 503)
	ws := linkTree(t, "const t = \""+outside+"\";\n")
	env := scEnv(t, t.TempDir())
	bin := testbin.Path(t)
	scRun(t, env, ws, "git", "init", "-q")
	scWrite(t, ws, ".gitignore", ".env\n")
	scWrite(t, ws, ".env", "GITHUB_TOKEN="+hidden+"\n")
	scWrite(t, ws, "src/app.sh", "TOKEN="+leak+"\n")

	r := scRun(t, env, ws, bin, "scan")
	scClean(t, r, leak, hidden, outside)
	if r.code != 1 || !strings.Contains(r.stdout, "src/app.sh:1:7: github-pat [error]") ||
		!strings.Contains(r.stdout, "; 1 file ignored by .gitignore: scan them with --no-ignore") {
		t.Errorf("scan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, ghtoken.Redact(outside)) || strings.Contains(r.stdout, ghtoken.Redact(hidden)) {
		t.Errorf("scan read outside the folder or an ignored file:\n%s", r.stdout)
	}

	var rep struct {
		Findings []struct{ File string }
		Summary  struct {
			Files   int
			Bytes   int64
			Skipped struct{ Gitignore int }
		}
	}
	r = scRun(t, env, ws, bin, "scan", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	// .gitignore, src/app.sh and four links read as their text.
	text := len(".env\n") + len("TOKEN="+leak+"\n") + len("..") + len("/proc/self/pagemap") + len("/dev/zero") + len("src/app.sh")
	if rep.Summary.Skipped.Gitignore != 1 || rep.Summary.Files != 6 || rep.Summary.Bytes != int64(text) {
		t.Errorf("json summary %+v, want 6 files of %d bytes, 1 ignored", rep.Summary, text)
	}

	var sarif struct {
		Runs []struct {
			Properties map[string]int `json:"properties"`
		} `json:"runs"`
	}
	r = scRun(t, env, ws, bin, "scan", "--format", "sarif")
	if err := json.Unmarshal([]byte(r.stdout), &sarif); err != nil || len(sarif.Runs) != 1 || sarif.Runs[0].Properties["filesIgnoredByGitignore"] != 1 {
		t.Errorf("sarif run properties: %v %+v", err, sarif.Runs)
	}

	r = scRun(t, env, ws, bin, "scan", "--no-ignore", "--format", "json")
	scClean(t, r, leak, hidden, outside)
	rep.Findings = nil
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if r.code != 1 || len(rep.Findings) != 2 || rep.Findings[0].File != ".env" || rep.Summary.Skipped.Gitignore != 0 {
		t.Errorf("--no-ignore: exit %d, %+v", r.code, rep)
	}
}

// TestScanUnreadableNamesEveryPathThroughBinary: outside git, a FIFO and
// an unreadable directory are each named (exit 2), not just the first.
func TestScanUnreadableNamesEveryPathThroughBinary(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "w")
	scWrite(t, dir, "a.py", "x = 1\n")
	scWrite(t, dir, "locked/b.py", "y = 2\n")
	mkfifoIn(t, dir, "m-pipe")
	locked := lockDir(t, filepath.Join(dir, "locked"))
	r := scRun(t, scEnv(t, home), dir, testbin.Path(t), "scan")
	if r.code != 2 || !strings.Contains(r.stderr, "m-pipe is a FIFO") {
		t.Errorf("exit %d, stderr %q: want 2 naming the FIFO", r.code, r.stderr)
	}
	if locked && !strings.Contains(r.stderr, "locked: permission denied") {
		t.Errorf("stderr %q does not name the unreadable directory too", r.stderr)
	}
}

// TestPermissionsLinksAndSpecialFiles: permissions reads what scan reads:
// a link to a file is not a second copy of its calls, a link to .. or
// /proc is never followed; a FIFO or an unreadable directory is named
// (exit 2) after a report of everything else.
func TestPermissionsLinksAndSpecialFiles(t *testing.T) {
	ws := linkTree(t, "curl -X DELETE https://api.github.com/repos/o/r\n")
	scWrite(t, ws, "src/app.sh", "gh api user\n")
	rep := permissionsJSON(t, ws)
	if len(rep.Calls) != 1 || rep.Calls[0].File != "src/app.sh" {
		t.Errorf("calls %+v, want src/app.sh's only", rep.Calls)
	}

	mkfifoIn(t, ws, "m-pipe")
	scWrite(t, ws, "z/last.sh", "gh api /repos/o/r/issues\n")
	scWrite(t, ws, "locked/c.sh", "gh api /orgs/o/members\n")
	locked := lockDir(t, filepath.Join(ws, "locked"))
	code, out, errs := runPermissionsIn(t, ws)
	if code != 2 || !strings.Contains(errs, "m-pipe: is a FIFO") {
		t.Errorf("exit %d, stderr %q: want 2 naming the FIFO", code, errs)
	}
	if locked && !strings.Contains(errs, "locked: permission denied") {
		t.Errorf("stderr %q does not name the unreadable directory", errs)
	}
	if !strings.Contains(out, "src/app.sh:1") || !strings.Contains(out, "z/last.sh:1") {
		t.Errorf("the listing stopped at the FIFO:\n%s", out)
	}
}

// waitStderr waits until the server's log holds s.
func waitStderr(t *testing.T, c *lsptest.Process, s string) {
	t.Helper()
	for !strings.Contains(c.Stderr.String(), s) {
		select {
		case <-c.Ctx().Done():
			t.Fatalf("the log never said %q:\n%s", s, c.Stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestWorkspaceIndexLinksAndSpecialFiles: the index reads what scan
// reads: it never follows a link (.., /proc/self/pagemap), names a FIFO
// and an unreadable directory in the log, goes on to the files after
// them, and counts them in its end message; a watched path through a
// link or outside the folder is not read.
func TestWorkspaceIndexLinksAndSpecialFiles(t *testing.T) {
	first, last, outside, fresh := ghtoken.Generate(ghtoken.ClassicPAT, 511), ghtoken.Generate(ghtoken.ClassicPAT, 512),
		ghtoken.Generate(ghtoken.ClassicPAT, 513), ghtoken.Generate(ghtoken.ClassicPAT, 514)
	g := fixture.Watch(t, first, last, outside, fresh)
	ws := linkTree(t, "const t = \""+outside+"\";\n")
	parent := filepath.Dir(ws)
	writeFile(t, filepath.Join(ws, "a.js"), "const t = \""+first+"\";\n")
	scWrite(t, ws, "src/app.sh", "gh api user\n")
	mkfifoIn(t, ws, "m-pipe")
	writeFile(t, filepath.Join(ws, "z.js"), "const t = \""+last+"\";\n")
	scWrite(t, ws, "locked/b.js", "x\n")
	files, unreadable := 8, 1 // locked/b.js read, as root
	if lockDir(t, filepath.Join(ws, "locked")) {
		files, unreadable = 7, 2
	}

	// Not a git work tree: walked, as scan walks it.
	env := append(liveEnv(), "GIT_CEILING_DIRECTORIES="+parent)
	c, _ := indexStart(t, ws, env, map[string]any{"liveLookups": map[string]any{"enabled": false}})
	end := waitProgress(t, c, "end")
	// a.js, z.js, src/app.sh and the four links (their text).
	if want := fmt.Sprintf("%d files, 1 GitHub API calls, 2 with tokens (github-pat: 2); %d could not be read (named in the log)", files, unreadable); end != want {
		t.Errorf("progress end %q, want %q", end, want)
	}
	liveWaitDiagnostics(t, c, fileURIOf(filepath.Join(ws, "z.js")), func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") })
	waitStderr(t, c, "cannot read "+fileURIOf(filepath.Join(ws, "m-pipe")))

	// Watched changes through the link to .., outside the folder, on the
	// link to /proc and on the FIFO: none is read as a file.
	freshPath := filepath.Join(ws, "fresh.js")
	writeFile(t, freshPath, "const t = \""+fresh+"\";\n")
	var changes []any
	for _, p := range []string{filepath.Join(ws, "up", "outside.js"), filepath.Join(parent, "outside.js"), filepath.Join(ws, "pagemap"), filepath.Join(ws, "m-pipe"), freshPath} {
		changes = append(changes, map[string]any{"uri": fileURIOf(p), "type": 2})
	}
	c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": changes})
	liveWaitDiagnostics(t, c, fileURIOf(freshPath), func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") })
	waitStderr(t, c, "not reading "+fileURIOf(filepath.Join(ws, "up", "outside.js"))+": reached through a symbolic link")
	waitStderr(t, c, "not reading "+fileURIOf(filepath.Join(ws, "m-pipe"))+": is a FIFO")

	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	stdout := liveStdout(c)
	if strings.Contains(stdout, "outside.js") || strings.Contains(stdout, ghtoken.Redact(outside)) || strings.Contains(stdout, "pagemap") {
		t.Errorf("diagnostics published for a file outside the folder or behind a link")
	}
	g.CheckString("the LSP stdout stream", stdout)
	g.CheckString("the server's stderr", c.Stderr.String())
	if t.Failed() {
		g.Logf("stderr:\n%s", c.Stderr.String())
	}
}
