package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// histCommit commits everything staged (or nothing, with --allow-empty
// left to the caller) and returns the new HEAD.
func histCommit(t *testing.T, dir, msg string, extra ...string) string {
	t.Helper()
	git(t, dir, append([]string{"commit", "-q", "-m", msg}, extra...)...)
	return strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
}

func histAdd(t *testing.T, dir, name, content string) {
	t.Helper()
	write(t, dir, name, content)
	git(t, dir, "add", "--", name)
}

// histNoToken renders the report in every format and fails if any shows a
// token in full or a run of its hidden part (fixture.Shows).
func histNoToken(t *testing.T, rep *Report, toks ...string) {
	t.Helper()
	var all bytes.Buffer
	for _, w := range []func(io.Writer, *Report) error{WriteJSON, WriteSARIF, func(w io.Writer, r *Report) error { return WriteText(w, r, true) }} {
		if err := w(&all, rep); err != nil {
			t.Fatal(err)
		}
	}
	g := fixture.NewGuard(t, 0)
	g.Add(toks...)
	g.Check("a history report", all.Bytes())
}

// histWhere lists findings as "path:line severity commit".
func histWhere(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		c := "-"
		if f.Commit != nil {
			c = f.Commit.SHA
		}
		out = append(out, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Severity, c))
	}
	sort.Strings(out)
	return out
}

func wantHist(t *testing.T, rep *Report, want ...string) {
	t.Helper()
	sort.Strings(want)
	got := histWhere(rep)
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

func runHist(t *testing.T, dir string, h HistoryOptions, mod ...func(*Options)) *Report {
	t.Helper()
	opts := Options{Dir: dir, History: &h}
	for _, m := range mod {
		m(&opts)
	}
	return run(t, opts)
}

// placeholder is a token-shaped string whose checksum does not hold.
func placeholder(seed uint64) string {
	tk := tok(ghtoken.ClassicPAT, seed)
	last := tk[len(tk)-1]
	if last == 'A' {
		return tk[:len(tk)-1] + "B"
	}
	return tk[:len(tk)-1] + "A"
}

// TestHistoryFindsEachIntroductionOnce builds one repository with every
// case of the issue and checks the exact commit, path and line of each
// finding, and that nothing is reported twice.
func TestHistoryFindsEachIntroductionOnce(t *testing.T) {
	dir := gitRepo(t)
	tA, tR, tF, tT := tok(ghtoken.ClassicPAT, 1), tok(ghtoken.FineGrainedPAT, 2), tok(ghtoken.OAuth, 3), tok(ghtoken.UserToServer, 4)
	tS, tM, tU, tStash := tok(ghtoken.Refresh, 5), tok(ghtoken.ClassicPAT, 6), tok(ghtoken.ServerToServer, 7), tok(ghtoken.ClassicPAT, 8)
	tAllow, tBin, tPath := tok(ghtoken.ClassicPAT, 9), tok(ghtoken.OAuth, 10), tok(ghtoken.ClassicPAT, 11)
	ph := placeholder(12)
	all := []string{tA, tR, tF, tT, tS, tM, tU, tStash, tAllow, tBin, tPath, ph}

	// Added, kept through an edit, deleted later: reported once, at c1.
	histAdd(t, dir, "secret.txt", "a\nb\nTOKEN="+tA+"\n")
	c1 := histCommit(t, dir, "add secret\n\nbody line")
	histAdd(t, dir, "secret.txt", "A\nb\nTOKEN="+tA+"\n")
	histCommit(t, dir, "edit another line")
	// Renamed (and edited) later: only where it came in.
	histAdd(t, dir, "old.txt", "x\ny = "+tR+"\n")
	c3 := histCommit(t, dir, "add old")
	git(t, dir, "mv", "old.txt", "new.txt")
	histAdd(t, dir, "new.txt", "top\nx\ny = "+tR+"\n")
	histCommit(t, dir, "rename old to new")
	git(t, dir, "rm", "-q", "secret.txt")
	histCommit(t, dir, "remove secret")
	// A gitleaks:allow line, a placeholder (a hint), binary content and a
	// path of any bytes.
	histAdd(t, dir, "allow.txt", "k = '"+tAllow+"' # gitleaks:allow\n")
	histAdd(t, dir, "placeholder.txt", "example: "+ph+"\n")
	histAdd(t, dir, "bin.dat", "\x00\x01\x02PNG\x00"+tBin+"\x00\xff\n")
	weird := "dir/we\nird\xff \"q\".txt"
	histAdd(t, dir, weird, "p\n\n"+tPath+"\n")
	c6 := histCommit(t, dir, "misc")

	// An unmerged branch.
	git(t, dir, "checkout", "-q", "-b", "feature", c1)
	histAdd(t, dir, "f.go", "package f\nvar t = \""+tF+"\"\n")
	cF := histCommit(t, dir, "feature")
	// A commit only a tag holds.
	git(t, dir, "checkout", "-q", "--detach", c3)
	histAdd(t, dir, "tag.txt", tT+"\n")
	cT := histCommit(t, dir, "tagged only")
	git(t, dir, "tag", "-a", "-m", "lost", "v-lost")
	// The same token on two unrelated branches: once for each.
	git(t, dir, "checkout", "-q", "-b", "u1", c6)
	histAdd(t, dir, "same.txt", tU+"\n")
	cU1 := histCommit(t, dir, "u1")
	git(t, dir, "checkout", "-q", "-b", "u2", c6)
	histAdd(t, dir, "other.txt", "z\n"+tU+"\n")
	cU2 := histCommit(t, dir, "u2")
	// A merge that brings a side branch's token (not the merge's own) and
	// adds one while resolving (in neither parent).
	git(t, dir, "checkout", "-q", "-b", "side", c6)
	histAdd(t, dir, "side.txt", "s\n"+tS+"\n")
	cS := histCommit(t, dir, "side")
	git(t, dir, "checkout", "-q", "main")
	git(t, dir, "merge", "-q", "--no-ff", "--no-commit", "side")
	histAdd(t, dir, "resolved.txt", "r\n"+tM+"\n")
	cM := histCommit(t, dir, "merge side")
	// A stash of a work-tree change.
	write(t, dir, "new.txt", "top\nx\ny = "+tR+"\nstash = "+tStash+"\n")
	git(t, dir, "stash", "-q")
	stash := strings.TrimSpace(git(t, dir, "rev-parse", "refs/stash"))

	rep := runHist(t, dir, HistoryOptions{})
	wantHist(t, rep,
		"secret.txt:3 error "+c1,
		"old.txt:2 error "+c3,
		"placeholder.txt:1 hint "+c6,
		"bin.dat:1 error "+c6,
		ghtoken.RedactAll(weird)+":3 error "+c6,
		"f.go:2 error "+cF,
		"tag.txt:1 error "+cT,
		"same.txt:1 error "+cU1,
		"other.txt:2 error "+cU2,
		"side.txt:2 error "+cS,
		"resolved.txt:2 error "+cM,
		"new.txt:4 error "+stash,
	)
	histNoToken(t, rep, all...)
	if rep.Mode != ModeHistory || rep.History == nil || rep.History.Revisions[0] != "--all" || rep.History.Head != cM {
		t.Errorf("history info: %+v", rep.History)
	}
	for _, f := range rep.Findings {
		if f.File != "secret.txt" {
			continue
		}
		c := f.Commit
		if c.Author != "t" || c.Email != "t@example.com" || c.Subject != "add secret" || c.Date == "" {
			t.Errorf("commit metadata: %+v", c)
		}
		if want := c1 + ":secret.txt:github-pat:3"; f.Fingerprint != want {
			t.Errorf("fingerprint %q, want %q", f.Fingerprint, want)
		}
		if f.Column != 7 || f.Token == nil || !f.Token.ChecksumValid {
			t.Errorf("finding: %+v", f)
		}
	}
}

// TestHistoryStreamsHugeBlobs finds a token deep in a 12 MB file (three
// chunks) at its exact line and column, and reads every byte.
func TestHistoryStreamsHugeBlobs(t *testing.T) {
	dir := gitRepo(t)
	tk := tok(ghtoken.FineGrainedPAT, 20)
	var b strings.Builder
	line := strings.Repeat("filler ", 14) + "\n" // 99 bytes
	for b.Len() < 9<<20 {
		b.WriteString(line)
	}
	n := strings.Count(b.String(), "\n")
	b.WriteString("\x00binary too\x00 key=" + tk + "\n")
	for b.Len() < 12<<20 {
		b.WriteString(line)
	}
	histAdd(t, dir, "huge.bin", b.String())
	c := histCommit(t, dir, "huge")
	rep := runHist(t, dir, HistoryOptions{})
	wantHist(t, rep, fmt.Sprintf("huge.bin:%d error %s", n+1, c))
	if len(rep.Findings) == 1 && rep.Findings[0].Column != 18 {
		t.Errorf("column %d, want 18", rep.Findings[0].Column)
	}
	commitSize := len(git(t, dir, "cat-file", "commit", c)) // its message is scanned too
	if rep.Summary.Bytes != int64(b.Len()+commitSize) {
		t.Errorf("read %d bytes of %d", rep.Summary.Bytes, b.Len()+commitSize)
	}
	histNoToken(t, rep, tk)
}

// TestScanContentChunksAgreeWithWholeText: the streaming door finds the
// same findings at the same positions whatever the chunk size.
func TestScanContentChunksAgreeWithWholeText(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "%s ü %s\n", strings.Repeat("w", i*13), tok(ghtoken.ClassicPAT, uint64(300+i)))
		if i%7 == 0 {
			b.WriteString(strings.Repeat("x", 500) + "\x00\n")
		}
	}
	text := b.String()
	cfg := analysisConfig(Options{})
	whole, _, err := scanContent("", strings.NewReader(text), make([]byte, len(text)+1), cfg)
	if err != nil || len(whole) != 40 {
		t.Fatalf("whole text: %d findings, %v", len(whole), err)
	}
	for _, size := range []int{97, 256, 1000, 4096} {
		got, n, err := scanContent("", strings.NewReader(text), make([]byte, size), cfg)
		if err != nil || n != int64(len(text)) {
			t.Fatalf("chunk %d: %v, read %d", size, err, n)
		}
		if !reflect.DeepEqual(got, whole) {
			t.Errorf("chunk %d: %d findings differ from the whole text's %d", size, len(got), len(whole))
		}
	}
}

// TestHistoryRange limits the scan to commits of a range, and a blob that
// exists outside the range but is brought back inside it is still read.
func TestHistoryRange(t *testing.T) {
	dir := gitRepo(t)
	t1, t2 := tok(ghtoken.ClassicPAT, 30), tok(ghtoken.OAuth, 31)
	histAdd(t, dir, "a.txt", t1+"\n")
	c1 := histCommit(t, dir, "one")
	git(t, dir, "rm", "-q", "a.txt")
	base := histCommit(t, dir, "remove")
	histAdd(t, dir, "b.txt", "b\n"+t2+"\n")
	c3 := histCommit(t, dir, "two")
	histAdd(t, dir, "a.txt", t1+"\n") // the very blob of c1, back again
	c4 := histCommit(t, dir, "revert the removal")

	rep := runHist(t, dir, HistoryOptions{Revs: []string{base + "..main"}})
	wantHist(t, rep, "b.txt:2 error "+c3, "a.txt:1 error "+c4)
	all := runHist(t, dir, HistoryOptions{})
	wantHist(t, all, "a.txt:1 error "+c1, "b.txt:2 error "+c3, "a.txt:1 error "+c4)

	if _, err := Run(context.Background(), Options{Dir: dir, History: &HistoryOptions{Revs: []string{"no-such-rev"}}}); err == nil {
		t.Error("an unknown revision must fail the scan")
	}
	if _, err := Run(context.Background(), Options{Dir: dir, History: &HistoryOptions{Revs: []string{"--output=/tmp/x"}}}); err == nil {
		t.Error("an option as a revision must be refused")
	}
}

// TestHistoryCache: a second run reads no blob and reports the same
// findings (a cached blob with a token is still a finding); the cache
// holds no token; another rule configuration starts over.
func TestHistoryCache(t *testing.T) {
	dir := gitRepo(t)
	tk := tok(ghtoken.ClassicPAT, 40)
	histAdd(t, dir, "a.txt", "x\n"+tk+"\n")
	histAdd(t, dir, "clean.txt", "nothing here\n")
	c1 := histCommit(t, dir, "one")
	cache := filepath.Join(t.TempDir(), "history.cache")

	first := runHist(t, dir, HistoryOptions{CacheFile: cache})
	wantHist(t, first, "a.txt:2 error "+c1)
	if first.History.CachedObjects != 0 || first.Summary.Bytes == 0 {
		t.Fatalf("first run: %+v %+v", first.History, first.Summary)
	}
	data, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(tk)) {
		t.Fatal("the cache holds the token in full")
	}

	second := runHist(t, dir, HistoryOptions{CacheFile: cache})
	wantHist(t, second, "a.txt:2 error "+c1)
	if second.History.CachedObjects != 3 || second.Summary.Bytes != 0 { // two blobs, one commit
		t.Errorf("second run read blobs again: %+v %+v", second.History, second.Summary)
	}
	if !reflect.DeepEqual(second.Findings, first.Findings) {
		t.Errorf("cached findings differ:\n%+v\n%+v", second.Findings, first.Findings)
	}

	histAdd(t, dir, "b.txt", tk+"\n")
	c2 := histCommit(t, dir, "two")
	third := runHist(t, dir, HistoryOptions{CacheFile: cache})
	wantHist(t, third, "a.txt:2 error "+c1, "b.txt:1 error "+c2)
	if third.History.CachedObjects != 3 || third.History.Blobs != 3 || third.History.Messages != 2 {
		t.Errorf("third run: %+v", third.History)
	}

	off := runHist(t, dir, HistoryOptions{CacheFile: cache}, func(o *Options) {
		o.Config = &analysis.Config{Disabled: map[string]bool{analysis.RuleClassicPAT: true}}
	})
	wantHist(t, off)
	if off.History.CachedObjects != 0 {
		t.Errorf("a new rule configuration used the old cache: %+v", off.History)
	}

	// A cache that cannot be written does not cost the report.
	unwritable := runHist(t, dir, HistoryOptions{CacheFile: filepath.Join(t.TempDir(), "no", "such", "dir", "c")})
	wantHist(t, unwritable, "a.txt:2 error "+c1, "b.txt:1 error "+c2)
	if unwritable.History.CacheError == "" {
		t.Error("no cacheError for an unwritable cache")
	}

	if err := os.WriteFile(cache, []byte("something else\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{Dir: dir, History: &HistoryOptions{CacheFile: cache}}); err == nil {
		t.Error("a file that is not a cache must not be overwritten")
	}
}

// TestHistorySuppression: "commit:file:rule-id:line" silences that one
// introduction; "file:rule-id:line" every commit; a baseline from an
// earlier report everything it lists.
func TestHistorySuppression(t *testing.T) {
	dir := gitRepo(t)
	tk := tok(ghtoken.ClassicPAT, 50)
	histAdd(t, dir, "base.txt", "base\n")
	base := histCommit(t, dir, "base")
	git(t, dir, "checkout", "-q", "-b", "b1")
	histAdd(t, dir, "k.txt", tk+"\n")
	c1 := histCommit(t, dir, "b1")
	git(t, dir, "checkout", "-q", "-b", "b2", base)
	histAdd(t, dir, "k.txt", tk+"\n")
	c2 := histCommit(t, dir, "b2")

	ignore := filepath.Join(t.TempDir(), "ignore")
	write(t, filepath.Dir(ignore), "ignore", c1+":k.txt:github-pat:1\n")
	rep := runHist(t, dir, HistoryOptions{}, func(o *Options) { o.IgnoreFile = ignore })
	wantHist(t, rep, "k.txt:1 error "+c2)
	if rep.Summary.Suppressed.GitleaksIgnore != 1 {
		t.Errorf("suppressed: %+v", rep.Summary.Suppressed)
	}
	write(t, filepath.Dir(ignore), "ignore", "k.txt:github-pat:1\n")
	rep = runHist(t, dir, HistoryOptions{}, func(o *Options) { o.IgnoreFile = ignore })
	wantHist(t, rep)

	full := runHist(t, dir, HistoryOptions{}, func(o *Options) { o.IgnoreFile = "-" })
	wantHist(t, full, "k.txt:1 error "+c1, "k.txt:1 error "+c2)
	var js bytes.Buffer
	if err := WriteJSON(&js, full); err != nil {
		t.Fatal(err)
	}
	var old Report
	if err := json.Unmarshal(js.Bytes(), &old); err != nil {
		t.Fatal(err)
	}
	rep = runHist(t, dir, HistoryOptions{}, func(o *Options) { o.IgnoreFile = "-"; o.Baseline = newBaseline(old.Findings) })
	wantHist(t, rep)
	if rep.Summary.Suppressed.Baseline != 2 {
		t.Errorf("suppressed: %+v", rep.Summary.Suppressed)
	}
}

// TestHistoryMissingObjectFails: a blob git cannot read fails the scan,
// naming it; nothing is skipped.
func TestHistoryMissingObjectFails(t *testing.T) {
	dir := gitRepo(t)
	histAdd(t, dir, "a.txt", "hello\n")
	histCommit(t, dir, "one")
	oid := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD:a.txt"))
	if err := os.Remove(filepath.Join(dir, ".git", "objects", oid[:2], oid[2:])); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{Dir: dir, History: &HistoryOptions{}})
	if err == nil || !strings.Contains(err.Error(), oid) {
		t.Fatalf("err = %v, want one naming %s", err, oid)
	}
	if _, err := Run(context.Background(), Options{Dir: t.TempDir(), History: &HistoryOptions{}}); err == nil {
		t.Error("outside a repository --history must fail")
	}
}

// TestHistoryTreeOnlyThroughATag: a blob reachable only through a tag of a
// tree has no commit; it is still reported, with the path rev-list gives.
func TestHistoryTreeOnlyThroughATag(t *testing.T) {
	dir := gitRepo(t)
	tk := tok(ghtoken.ClassicPAT, 60)
	histAdd(t, dir, "a.txt", "clean\n")
	histCommit(t, dir, "one")
	histAdd(t, dir, "loose.txt", tk+"\n")
	tree := strings.TrimSpace(git(t, dir, "write-tree"))
	git(t, dir, "tag", "just-a-tree", tree)
	git(t, dir, "reset", "-q", "--hard")
	rep := runHist(t, dir, HistoryOptions{})
	wantHist(t, rep, "loose.txt:1 error -")
}

// TestHistorySARIFAndText carries the commit into every format.
func TestHistorySARIFAndText(t *testing.T) {
	dir := gitRepo(t)
	tk := tok(ghtoken.ClassicPAT, 70)
	histAdd(t, dir, "a.txt", tk+"\n")
	c1 := histCommit(t, dir, "leak "+tk)
	git(t, dir, "remote", "add", "origin", "https://user:"+tk+"@github.com/o/r.git")
	git(t, dir, "tag", "-a", "-m", "release "+tk, "v1")
	rep := runHist(t, dir, HistoryOptions{})
	var s, txt bytes.Buffer
	if err := WriteSARIF(&s, rep); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			VersionControlProvenance []sarifVersionControl `json:"versionControlProvenance"`
			Results                  []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Properties          map[string]any    `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(s.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.VersionControlProvenance) != 1 || run.VersionControlProvenance[0].RepositoryURI != "https://github.com/o/r.git" ||
		run.VersionControlProvenance[0].RevisionID != c1 || run.VersionControlProvenance[0].Branch != "main" {
		t.Errorf("versionControlProvenance: %+v", run.VersionControlProvenance)
	}
	// The token in a.txt, and the one in the commit message.
	// The token in a.txt, in the commit message and in the tag message
	// (a tag has no commit of its own).
	wantHist(t, rep, "(commit):5 error "+c1, "a.txt:1 error "+c1, "(tag v1):6 error -")
	if len(run.Results) != 3 || run.Results[0].PartialFingerprints[sarifCommitKey] != c1 || run.Results[2].Properties["commitSha"] != c1 ||
		run.Results[1].PartialFingerprints[sarifCommitKey] != "" {
		t.Errorf("results: %+v", run.Results)
	}
	if err := WriteText(&txt, rep, false); err != nil {
		t.Fatal(err)
	}
	if want := "    introduced in " + c1[:12] + " "; !strings.Contains(txt.String(), want) {
		t.Errorf("text report lacks %q:\n%s", want, txt.String())
	}
	histNoToken(t, rep, tk)
}

// TestHistoryEveryStash: older stashes live only in refs/stash's reflog;
// they are scanned too. A staged change in a stash is introduced by the
// stash's index commit, an unstaged one by its work-tree commit.
func TestHistoryEveryStash(t *testing.T) {
	dir := gitRepo(t)
	t1, t2, t3 := tok(ghtoken.ClassicPAT, 80), tok(ghtoken.OAuth, 81), tok(ghtoken.Refresh, 82)
	histAdd(t, dir, "a.txt", "a\n")
	histCommit(t, dir, "one")
	write(t, dir, "a.txt", "a\n"+t1+"\n")
	git(t, dir, "stash", "-q")
	old := strings.TrimSpace(git(t, dir, "rev-parse", "refs/stash"))
	histAdd(t, dir, "a.txt", "a\nb\n"+t2+"\n")
	write(t, dir, "a.txt", "a\nb\n"+t2+"\n"+t3+"\n")
	git(t, dir, "stash", "-q")
	newest := strings.TrimSpace(git(t, dir, "rev-parse", "refs/stash"))
	index := strings.TrimSpace(git(t, dir, "rev-parse", "refs/stash^2"))
	rep := runHist(t, dir, HistoryOptions{})
	wantHist(t, rep, "a.txt:2 error "+old, "a.txt:3 error "+index, "a.txt:4 error "+newest)
	histNoToken(t, rep, t1, t2, t3)
}

// TestHistoryConflictResolution: a token written into a conflicted file
// while resolving the merge is in neither parent: the merge introduced it.
// The side branch's own token stays with the side branch's commit.
func TestHistoryConflictResolution(t *testing.T) {
	dir := gitRepo(t)
	tSide, tFix := tok(ghtoken.ClassicPAT, 90), tok(ghtoken.FineGrainedPAT, 91)
	histAdd(t, dir, "conf.ini", "[a]\nkey = none\n")
	histCommit(t, dir, "base")
	git(t, dir, "checkout", "-q", "-b", "other")
	histAdd(t, dir, "conf.ini", "[a]\nkey = other\nside = "+tSide+"\n")
	cSide := histCommit(t, dir, "other")
	git(t, dir, "checkout", "-q", "main")
	histAdd(t, dir, "conf.ini", "[a]\nkey = main\n")
	histCommit(t, dir, "main")
	cmd := exec.Command("git", "-C", dir, "merge", "-q", "other")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("expected a conflict, got:\n%s", out)
	}
	histAdd(t, dir, "conf.ini", "[a]\nkey = "+tFix+"\nside = "+tSide+"\n")
	cMerge := histCommit(t, dir, "merge other")
	rep := runHist(t, dir, HistoryOptions{})
	wantHist(t, rep, "conf.ini:3 error "+cSide, "conf.ini:2 error "+cMerge)
	histNoToken(t, rep, tSide, tFix)
}

// TestHistoryProgressLine: the status line counts blobs and bytes with a
// rate and an ETA, overwrites itself, and is cleared at the end; a scan
// with a progress writer reports the same as one without.
func TestHistoryProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.begin("reading blobs", "blobs", 10, 2e6)
	p.add(4, 1e6)
	p.draw()
	p.finish()
	out := buf.String()
	if !strings.HasPrefix(out, "\rghpat-ls: reading blobs 4/10 blobs, 1/2 MB, ") || !strings.Contains(out, " MB/s, ETA ") {
		t.Errorf("progress line %q", out)
	}
	if !strings.HasSuffix(out, "\r") || strings.Count(out, "\r") < 3 {
		t.Errorf("progress line not cleared: %q", out)
	}
	var nilp *progress // no terminal: every call is a no-op
	nilp.begin("x", "y", 1, 1)
	nilp.add(1, 1)
	nilp.finish()

	dir := gitRepo(t)
	tk := tok(ghtoken.ClassicPAT, 95)
	histAdd(t, dir, "a.txt", tk+"\n")
	c := histCommit(t, dir, "one")
	var w lockedWriter
	rep := runHist(t, dir, HistoryOptions{Progress: &w})
	wantHist(t, rep, "a.txt:1 error "+c)
	if strings.Contains(w.String(), tk) {
		t.Error("the progress line holds the token")
	}
}

type lockedWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestHistorySubmoduleAndSHA256: a submodule entry (a commit id in a tree,
// not a blob here) is not an unreadable object; a SHA-256 repository works
// the same.
func TestHistorySubmoduleAndSHA256(t *testing.T) {
	dir := gitRepo(t)
	tk := tok(ghtoken.OAuth, 96)
	histAdd(t, dir, "a.txt", tk+"\n")
	git(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("1", 40)+",vendor/sub")
	c := histCommit(t, dir, "with a submodule")
	wantHist(t, runHist(t, dir, HistoryOptions{}), "a.txt:1 error "+c)

	sha := t.TempDir()
	git(t, sha, "init", "-q", "-b", "main", "--object-format=sha256")
	histAdd(t, sha, "b.txt", "x\n"+tk+"\n")
	c256 := histCommit(t, sha, "sha256")
	rep := runHist(t, sha, HistoryOptions{})
	wantHist(t, rep, "b.txt:2 error "+c256)
	if len(rep.Findings) == 1 && rep.Findings[0].Fingerprint != c256+":b.txt:github-oauth:2" {
		t.Errorf("fingerprint %q", rep.Findings[0].Fingerprint)
	}
}
