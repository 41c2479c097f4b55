package scan

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
)

// isolateGit keeps the user's and system git configuration out of the tests.
func isolateGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "t")
	t.Setenv("GIT_AUTHOR_EMAIL", "t@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "t")
	t.Setenv("GIT_COMMITTER_EMAIL", "t@example.com")
}

func gitRepo(t *testing.T) string {
	t.Helper()
	isolateGit(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, opts Options) *Report {
	t.Helper()
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

// where lists findings as "file:line:col rule severity".
func where(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, fmt.Sprintf("%s:%d:%d %s %s", f.File, f.Line, f.Column, f.RuleID, f.Severity))
	}
	return out
}

func wantWhere(t *testing.T, rep *Report, want ...string) {
	t.Helper()
	got := where(rep)
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

// noFullToken fails if any rendering of the report contains a token.
func noFullToken(t *testing.T, rep *Report, toks ...string) {
	t.Helper()
	var all bytes.Buffer
	if err := WriteJSON(&all, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&all, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&all, rep, true); err != nil {
		t.Fatal(err)
	}
	fixture.Watch(t, toks...).Check("a report (JSON, SARIF or text)", all.Bytes())
}

func tok(k ghtoken.Kind, seed uint64) string { return ghtoken.Generate(k, seed) }

func TestStagedScansIndexWithStagedLineNumbers(t *testing.T) {
	dir := gitRepo(t)
	staged := tok(ghtoken.ClassicPAT, 1)
	wtOnly := tok(ghtoken.ClassicPAT, 2)
	untracked := tok(ghtoken.OAuth, 3)
	write(t, dir, "README.md", "hello\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "init")

	write(t, dir, "app/main.go", "package main\n\nvar token = \""+staged+"\"\n")
	write(t, dir, "nötes ü.txt", "placeholder ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")
	git(t, dir, "add", "app/main.go", "nötes ü.txt")
	// The work tree moves the staged token down and adds another one: the
	// commit would contain neither change.
	write(t, dir, "app/main.go", "package main\n\n// one\n// two\n// three\nvar token = \""+staged+"\"\nvar other = \""+wtOnly+"\"\n")
	write(t, dir, "untracked.go", "var t = \""+untracked+"\"\n")
	// Scanning from a subdirectory still scans the whole index.
	rep := run(t, Options{Dir: filepath.Join(dir, "app"), Staged: true})

	wantWhere(t, rep,
		"app/main.go:3:14 github-pat error",
		"nötes ü.txt:1:13 github-pat hint",
	)
	if rep.Mode != ModeStaged || rep.Summary.Files != 2 {
		t.Errorf("mode %s, files %d; want staged, 2", rep.Mode, rep.Summary.Files)
	}
	if got := rep.Findings[0].Token; got == nil || got.Redacted != ghtoken.Redact(staged) || !got.ChecksumValid {
		t.Errorf("token info %+v", got)
	}
	noFullToken(t, rep, staged, wtOnly, untracked)
}

func TestStagedNothingStagedAndNotARepo(t *testing.T) {
	dir := gitRepo(t)
	rep := run(t, Options{Dir: dir, Staged: true}) // no commit yet, nothing staged
	wantWhere(t, rep)
	if _, err := Run(context.Background(), Options{Dir: t.TempDir(), Staged: true}); err == nil ||
		!strings.Contains(err.Error(), "not in a git work tree") {
		t.Errorf("--staged outside a repository: err = %v", err)
	}
}

func TestStagedScansBinaryAndNamesLargeBlobsSkippedByTheUser(t *testing.T) {
	dir := gitRepo(t)
	t1 := tok(ghtoken.ClassicPAT, 4)
	write(t, dir, "big.txt", strings.Repeat("x", 2000)+"\n"+t1+"\n")
	write(t, dir, "bin.dat", "\x00\x01"+t1+"\n")
	write(t, dir, "ok.txt", t1+"\n")
	git(t, dir, "add", ".")
	rep := run(t, Options{Dir: dir, Staged: true})
	wantWhere(t, rep, "big.txt:2:1 github-pat error", "bin.dat:1:3 github-pat error", "ok.txt:1:1 github-pat error")
	rep = run(t, Options{Dir: dir, Staged: true, MaxFileSize: 1000})
	wantWhere(t, rep, "bin.dat:1:3 github-pat error", "ok.txt:1:1 github-pat error")
	if rep.Summary.Skipped.Large != 1 || len(rep.SkippedFiles) != 1 || rep.SkippedFiles[0].File != "big.txt" || rep.SkippedFiles[0].Size != 2042 {
		t.Errorf("skipped %+v %+v, want big.txt (2042 bytes)", rep.Summary.Skipped, rep.SkippedFiles)
	}
}

func TestFilesHonourGitignoreAndDotGitAndScanBinaries(t *testing.T) {
	dir := gitRepo(t)
	t1 := tok(ghtoken.ClassicPAT, 5)
	write(t, dir, ".gitignore", "ignored/\n*.log\n")
	write(t, dir, "kept.go", "package x\n\nconst tok = \""+t1+"\"\n")
	write(t, dir, "ignored/secret.go", t1+"\n")
	write(t, dir, "debug.log", t1+"\n")
	write(t, dir, "image.bin", "\x89PNG\x00\x00"+t1)
	write(t, dir, "large.txt", strings.Repeat("y", 5000)+t1)
	write(t, dir, ".git/leak", t1+"\n")
	git(t, dir, "add", ".gitignore", "kept.go")
	git(t, dir, "commit", "-q", "-m", "init")
	write(t, dir, "sub/new.go", "x := \""+t1+"\"\n") // untracked, not ignored

	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep, "image.bin:1:7 github-pat error", "kept.go:3:14 github-pat error", "large.txt:1:5001 github-pat error", "sub/new.go:1:7 github-pat error")
	rep = run(t, Options{Dir: dir, MaxFileSize: 4096})
	wantWhere(t, rep, "image.bin:1:7 github-pat error", "kept.go:3:14 github-pat error", "sub/new.go:1:7 github-pat error")
	if rep.Summary.Skipped.Binary != 0 || rep.Summary.Skipped.Large != 1 || rep.SkippedFiles[0].File != "large.txt" {
		t.Errorf("skipped %+v %+v, want large.txt only", rep.Summary.Skipped, rep.SkippedFiles)
	}

	// A named subdirectory and a named ignored file: paths stay relative
	// to the directory the scan runs from.
	rep = run(t, Options{Dir: dir, Paths: []string{"sub", "debug.log"}})
	wantWhere(t, rep, "debug.log:1:1 github-pat error", "sub/new.go:1:7 github-pat error")
	noFullToken(t, rep, t1)
}

func TestFilesWithoutGitWalkAndSkipDotGit(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	t1 := tok(ghtoken.FineGrainedPAT, 6)
	write(t, dir, "a/b/c.env", "GITHUB_TOKEN="+t1+"\n")
	write(t, dir, ".git/config", t1+"\n")
	write(t, dir, "node_modules/x/index.js", "const t = '"+t1+"'\n") // not skipped: no .gitignore applies
	if err := os.Symlink(filepath.Join(dir, "a/b/c.env"), filepath.Join(dir, "link.env")); err != nil {
		t.Fatal(err)
	}
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep, "a/b/c.env:1:14 github-fine-grained-pat error", "node_modules/x/index.js:1:12 github-fine-grained-pat error")
	noFullToken(t, rep, t1)
}

func TestDiffReportsOnlyAddedLines(t *testing.T) {
	dir := gitRepo(t)
	old := tok(ghtoken.ClassicPAT, 7)
	added := tok(ghtoken.UserToServer, 8)
	inNew := tok(ghtoken.Refresh, 9)
	write(t, dir, "a.go", "package a\nvar old = \""+old+"\"\nvar x = 1\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "base")
	base := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))

	// Line 3 changes, lines 4-5 are new; the old token stays on line 2.
	write(t, dir, "a.go", "package a\nvar old = \""+old+"\"\nvar x = 2\n++ weird\nvar added = \""+added+"\"\n")
	write(t, dir, "b c/new.txt", "first\n"+inNew+"\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "change")
	// An uncommitted work-tree change counts too (git diff REV).
	write(t, dir, "a.go", "package a\nvar old = \""+old+"\"\nvar x = 2\n++ weird\nvar added = \""+added+"\"\n// "+old+"\n")

	rep := run(t, Options{Dir: dir, DiffRev: base})
	wantWhere(t, rep,
		"a.go:5:14 github-app-token error",
		"a.go:6:4 github-pat error",
		"b c/new.txt:2:1 github-refresh-token error",
	)
	if rep.Mode != ModeDiff {
		t.Errorf("mode %s", rep.Mode)
	}
	if _, err := Run(context.Background(), Options{Dir: dir, DiffRev: "no-such-rev"}); err == nil {
		t.Error("--diff with an unknown revision: no error")
	}
	noFullToken(t, rep, old, added, inNew)
}

func TestParseAddedLines(t *testing.T) {
	diff := `diff --git a/x b/x
--- a/x
+++ b/x
@@ -1,0 +2,2 @@
++++ b/not-a-file
+two
@@ -5 +7 @@
-old
+new
diff --git a/gone b/gone
--- a/gone
+++ /dev/null
@@ -1 +0,0 @@
-x
diff --git "a/q\"uote" "b/q\"uote"
--- "a/q\"uote"
+++ "b/q\"uote"
@@ -0,0 +1 @@
+z
\ No newline at end of file
`
	got, err := parseAddedLines([]byte(diff))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]lineSet{
		"x":      {2: true, 3: true, 7: true},
		`q"uote`: {1: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestGitleaksIgnore(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a, b, c := tok(ghtoken.ClassicPAT, 10), tok(ghtoken.ClassicPAT, 11), tok(ghtoken.ServerToServer, 12)
	write(t, dir, "a.go", "x\ny\nz = \""+a+"\"\n")
	write(t, dir, "dir/b:c.txt", b+"\n")
	write(t, dir, "c.go", "s = \""+c+"\"\n// "+a+"\n")
	write(t, dir, ".gitleaksignore", strings.Join([]string{
		"# accepted findings",
		"a.go:github-pat:3",
		"0123456789abcdef0123456789abcdef01234567:dir/b:c.txt:github-pat:1",
		"c.go:github-app-token:1", // gitleaks' id for ghs_
		"c.go:github-pat:1",       // wrong line: does not match line 2
		"garbage",
	}, "\n")+"\n")
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep, "c.go:2:4 github-pat error")
	if rep.Summary.Suppressed.GitleaksIgnore != 3 {
		t.Errorf("suppressed %d by .gitleaksignore, want 3", rep.Summary.Suppressed.GitleaksIgnore)
	}
	rep = run(t, Options{Dir: dir, IgnoreFile: "-"})
	if len(rep.Findings) != 4 {
		t.Errorf("with the ignore file off: %q", where(rep))
	}
	if _, err := Run(context.Background(), Options{Dir: dir, IgnoreFile: filepath.Join(dir, "missing")}); err == nil {
		t.Error("a named ignore file that does not exist: no error")
	}
}

func TestInlineAllowMarkers(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a := tok(ghtoken.ClassicPAT, 13)
	write(t, dir, "a.py", "A = '"+a+"'  # gitleaks:allow\nB = '"+a+"'  # ghpat-ls:allow\nC = '"+a+"'\n")
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep, "a.py:3:6 github-pat error")
}

func TestBaselineDropsKnownFindingsEvenWhenLinesMove(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	known, fresh := tok(ghtoken.ClassicPAT, 14), tok(ghtoken.ClassicPAT, 15)
	write(t, dir, "a.go", "k := \""+known+"\"\n")
	first := run(t, Options{Dir: dir})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, first); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(base, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bl, err := LoadBaseline(base)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "a.go", "// moved\nk := \""+known+"\"\nf := \""+fresh+"\"\n")
	rep := run(t, Options{Dir: dir, Baseline: bl})
	wantWhere(t, rep, "a.go:3:7 github-pat error")
	if rep.Summary.Suppressed.Baseline != 1 {
		t.Errorf("suppressed by baseline: %d", rep.Summary.Suppressed.Baseline)
	}
	os.WriteFile(base, []byte(`{"version": 99}`), 0o644)
	if _, err := LoadBaseline(base); err == nil {
		t.Error("a baseline of another schema version: no error")
	}
}

func TestPositionsAreUTF16Columns(t *testing.T) {
	text := []byte("a\r\nxé😀\tZ\n\nend")
	p := newPositioner(text)
	check := func(off, line, col int) {
		t.Helper()
		if l, c := p.at(off); l != line || c != col {
			t.Errorf("at(%d) = %d:%d, want %d:%d", off, l, c, line, col)
		}
	}
	z := bytes.IndexByte(text, 'Z')
	check(0, 1, 1)
	check(z, 2, 6) // x, é (1 unit), 😀 (2 units), tab
	check(z+1, 2, 7)
	check(bytes.Index(text, []byte("end")), 4, 1)
	check(1, 1, 2) // going back restarts
	check(len(text), 4, 4)
}

func TestJSONSchemaIsStable(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a := tok(ghtoken.ClassicPAT, 16)
	write(t, dir, "a.go", "k := \""+a+"\"\n")
	rep := run(t, Options{Dir: dir})
	rep.Tool = Tool{Name: "ghpat-ls", Version: "test"}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m any) []string {
		var ks []string
		for k := range m.(map[string]any) {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	// Documented in docs/scan.md: a change here is a schema change.
	if got, want := keys(doc), []string{"columnKind", "findings", "mode", "root", "skippedFiles", "summary", "tool", "unexpanded", "version"}; !reflect.DeepEqual(got, want) {
		t.Errorf("top-level keys %q, want %q", got, want)
	}
	f := doc["findings"].([]any)[0]
	if got, want := keys(f), []string{"column", "endColumn", "endLine", "file", "fingerprint", "line", "message", "ruleId", "severity", "token"}; !reflect.DeepEqual(got, want) {
		t.Errorf("finding keys %q, want %q", got, want)
	}
	if got, want := keys(f.(map[string]any)["token"]), []string{"checksumValid", "fingerprint", "kind", "kindName", "redacted"}; !reflect.DeepEqual(got, want) {
		t.Errorf("token keys %q, want %q", got, want)
	}
	if got, want := keys(doc["summary"]), []string{"bySeverity", "bytes", "expanded", "files", "findings", "skipped", "suppressed"}; !reflect.DeepEqual(got, want) {
		t.Errorf("summary keys %q, want %q", got, want)
	}
	fm := f.(map[string]any)
	if fm["fingerprint"] != "a.go:github-pat:1" || fm["line"] != 1.0 || fm["column"] != 7.0 || fm["endColumn"] != 47.0 || doc["version"] != 1.0 {
		t.Errorf("finding %v", fm)
	}
	noFullToken(t, rep, a)
}

func TestAllRulesAddsHeaderLints(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	write(t, dir, "get.sh", "curl -H \"Authorization: token $GITHUB_TOKEN\" https://api.github.com/user\n")
	if rep := run(t, Options{Dir: dir}); len(rep.Findings) != 0 {
		t.Errorf("header lints without AllRules: %q", where(rep))
	}
	rep := run(t, Options{Dir: dir, AllRules: true})
	rules := map[string]bool{}
	for _, f := range rep.Findings {
		rules[f.RuleID] = true
	}
	if !rules[analysis.RuleLegacyAuthScheme] {
		t.Errorf("AllRules: no %s finding in %q", analysis.RuleLegacyAuthScheme, where(rep))
	}
	cfg := &analysis.Config{Disabled: map[string]bool{analysis.RuleLegacyAuthScheme: true}}
	for _, f := range run(t, Options{Dir: dir, AllRules: true, Config: cfg}).Findings {
		if f.RuleID == analysis.RuleLegacyAuthScheme {
			t.Errorf("disabled rule reported: %+v", f)
		}
	}
}

// TestLargeFilesStreamInChunks checks that a file read in chunks gives the
// same findings, lines and columns as the whole file, whatever the chunk
// boundaries.
func TestLargeFilesStreamInChunks(t *testing.T) {
	var b strings.Builder
	kinds := []ghtoken.Kind{ghtoken.ClassicPAT, ghtoken.FineGrainedPAT, ghtoken.OAuth, ghtoken.Refresh}
	for i := range 60 {
		tk := tok(kinds[i%len(kinds)], uint64(100+i))
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "line %d with ünïcödé 😀 and %s\n", i, tk)
		case 1:
			fmt.Fprintf(&b, "%s", strings.Repeat("abc ", i*7)) // a long line without a break...
			fmt.Fprintf(&b, "%s %s %s\n", tk, strings.Repeat("é", i), tk)
		case 2:
			fmt.Fprintf(&b, "x = '%s' # gitleaks:allow\n\n", tk)
		default:
			fmt.Fprintf(&b, "\tconst t%d = \"%s\"\r\n", i, tk)
		}
	}
	text := b.String()
	cfg := analysisConfig(Options{})
	whole := func() []Finding {
		r := &reader{cfg: cfg}
		fs, n, err := r.stream(&file{rel: "big.txt"}, strings.NewReader(text))
		if err != nil || n != int64(len(text)) {
			t.Fatalf("err %v, %d bytes of %d", err, n, len(text))
		}
		return fs
	}
	want := whole()
	if len(want) < 40 {
		t.Fatalf("only %d findings in the whole file", len(want))
	}
	defer func(n, o int) { chunkSize, overlap = n, o }(chunkSize, overlap)
	overlap = 128
	for _, size := range []int{200, 333, 1024, 4096} {
		chunkSize = size
		got := whole()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("chunk %d: %d findings differ from the whole file's %d", size, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if g, w := got[i], want[i]; !reflect.DeepEqual(g, w) {
					t.Errorf("first difference: got %d:%d %s, want %d:%d %s", g.Line, g.Column, g.RuleID, w.Line, w.Column, w.RuleID)
					break
				}
			}
		}
	}
	// A NUL byte changes nothing: binary files are read like text.
	text = "\x00" + text
	chunkSize = 200
	if got := whole(); len(got) != len(want) {
		t.Errorf("with a NUL byte: %d findings, want %d", len(got), len(want))
	}
}

// Windows PowerShell 5 saves scripts as UTF-16 with a byte-order mark: a
// token in one must be found, at the line and UTF-16 column an editor shows.
func TestUTF16FilesAreText(t *testing.T) {
	a, b := tok(ghtoken.ClassicPAT, 61), tok(ghtoken.ClassicPAT, 62)
	text := "# deploy\r\n$h = @{ Authorization = \"Bearer " + a + "\" } # é😀 " + b + "\r\n"
	units := utf16.Encode([]rune(text))
	le, be := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	for _, u := range units {
		le = binary.LittleEndian.AppendUint16(le, u)
		be = binary.BigEndian.AppendUint16(be, u)
	}
	dir := t.TempDir()
	write(t, dir, "le.ps1", string(le))
	write(t, dir, "be.ps1", string(be))
	rep, err := Run(t.Context(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	colA := strings.Index(text, a) - strings.Index(text, "$h") + 1
	lineB := strings.SplitN(text, "\n", 3)[1]
	colB := analysis.UTF16Len([]byte(lineB[:strings.Index(lineB, b)])) + 1
	got := where(rep)
	for _, f := range []string{"be.ps1", "le.ps1"} {
		for _, want := range []string{
			fmt.Sprintf("%s:2:%d github-pat error", f, colA),
			fmt.Sprintf("%s:2:%d github-pat error", f, colB),
		} {
			if !slices.Contains(got, want) {
				t.Errorf("missing %s in %q", want, got)
			}
		}
	}
	if rep.Summary.Skipped.Binary != 0 {
		t.Errorf("UTF-16 files counted as binary: %+v", rep.Summary.Skipped)
	}
}

// A FIFO named on the command line is read as a stream (it used to be
// skipped, which passed a scan that read nothing); one met while walking a
// directory is an error, since reading it could block forever.
func TestFIFONamedIsReadFIFOInTreeIsAnError(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	t1 := tok(ghtoken.ClassicPAT, 63)
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			w.WriteString("x = " + t1 + "\n")
			w.Close()
		}
	}()
	done := make(chan *Report, 1)
	go func() { done <- run(t, Options{Dir: dir, Paths: []string{"pipe"}}) }()
	select {
	case rep := <-done:
		wantWhere(t, rep, "pipe:1:5 github-pat error")
	case <-time.After(60 * time.Second):
		t.Fatal("scan of a FIFO did not return")
	}
	if _, err := Run(t.Context(), Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "a FIFO") {
		t.Errorf("a FIFO inside a walked directory: err = %v, want one naming it", err)
	}
}
