package scan

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	af "github.com/ghpat-ls/ghpat-ls/internal/archivefix"
)

// props is a small properties file with the token on line 2, column 5.
func props(token string) []byte { return []byte("a=1\nx = " + token + "\n") }

// TestContainersEveryKind: one fixture per container, each holding a
// token; the finding names the member and its line and column in it.
func TestContainersEveryKind(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	var toks []string
	next := func() string {
		tk := tok(ghtoken.ClassicPAT, uint64(900+len(toks)))
		toks = append(toks, tk)
		return tk
	}
	jar := af.Zip(t, af.Member{Name: "META-INF/app.properties", Data: props(next())})
	files := map[string][]byte{
		"conf.gz":     af.Gzip(t, props(next())),
		"conf.bz2":    af.Bzip2(t, props(next())),
		"conf.xz":     af.Xz(t, props(next())),
		"conf.zst":    af.Zstd(t, props(next())),
		"plain.zip":   af.Zip(t, af.Member{Name: "d/a.txt", Data: props(next())}),
		"stored.zip":  af.Zip(t, af.Member{Name: "a.txt", Data: props(next()), Store: true}),
		"plain.tar":   af.Tar(t, af.Member{Name: "d/a.txt", Data: props(next())}),
		"app.tgz":     af.Gzip(t, af.Tar(t, af.Member{Name: "etc/a.conf", Data: props(next())})),
		"app.tar.xz":  af.Xz(t, af.Tar(t, af.Member{Name: "etc/a.conf", Data: props(next())})),
		"app.tar.zst": af.Zstd(t, af.Tar(t, af.Member{Name: "etc/a.conf", Data: props(next())})),
		"app.tar.bz2": af.Bzip2(t, af.Tar(t, af.Member{Name: "etc/a.conf", Data: props(next())})),
		"outer.zip":   af.Zip(t, af.Member{Name: "lib/app.jar", Data: jar}),
		// A name that says nothing: only the magic bytes tell.
		"blob.bin": af.Gzip(t, af.Zip(t, af.Member{Name: "x.json", Data: props(next())})),
	}
	for name, data := range files {
		write(t, dir, name, string(data))
	}
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep,
		"app.tar.bz2!etc/a.conf:2:5 github-pat error",
		"app.tar.xz!etc/a.conf:2:5 github-pat error",
		"app.tar.zst!etc/a.conf:2:5 github-pat error",
		"app.tgz!etc/a.conf:2:5 github-pat error",
		"blob.bin!x.json:2:5 github-pat error",
		"conf.bz2:2:5 github-pat error",
		"conf.gz:2:5 github-pat error",
		"conf.xz:2:5 github-pat error",
		"conf.zst:2:5 github-pat error",
		"outer.zip!lib/app.jar!META-INF/app.properties:2:5 github-pat error",
		"plain.tar!d/a.txt:2:5 github-pat error",
		"plain.zip!d/a.txt:2:5 github-pat error",
		"stored.zip!a.txt:2:5 github-pat error",
	)
	for _, f := range rep.Findings {
		if f.Container == nil || !strings.HasPrefix(f.File, f.Container.File) {
			t.Errorf("%s: container %+v", f.File, f.Container)
		}
		switch f.Container.File {
		case "conf.gz":
			if !strings.HasSuffix(f.Message, "(in a gzip stream)") || f.Container.Member != "" {
				t.Errorf("conf.gz: %q %+v", f.Message, f.Container)
			}
		case "outer.zip":
			if !strings.HasSuffix(f.Message, "(in a zip archive in a zip archive)") || f.Container.Member != "lib/app.jar!META-INF/app.properties" ||
				!slices.Equal(f.Container.Layers, []string{"zip", "zip"}) || f.Fingerprint != "outer.zip!lib/app.jar!META-INF/app.properties:github-pat:2" {
				t.Errorf("outer.zip: %q %+v %s", f.Message, f.Container, f.Fingerprint)
			}
		case "app.tgz":
			if !strings.HasSuffix(f.Message, "(in a tar archive in a gzip stream)") {
				t.Errorf("app.tgz: %q", f.Message)
			}
		}
	}
	if len(rep.Unexpanded) != 0 || rep.Summary.Expanded.Containers < len(files) {
		t.Errorf("unexpanded %+v, expanded %+v", rep.Unexpanded, rep.Summary.Expanded)
	}
	noFullToken(t, rep, toks...)
}

// A placeholder in an archive is what it is anywhere: a hint, no error.
func TestContainerDecoyStaysQuiet(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	write(t, dir, "fixtures.zip", string(af.Zip(t,
		af.Member{Name: "example.env", Data: []byte("GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")})))
	write(t, dir, "random.gz", string(af.Gzip(t, bytes.Repeat([]byte("Z2hwX2Fi base64 and hex 6768705f "), 100))))
	rep := run(t, Options{Dir: dir})
	for _, f := range rep.Findings {
		if f.Severity != "hint" {
			t.Errorf("decoy reported as %s: %s %s", f.Severity, f.File, f.Message)
		}
	}
	if len(rep.Unexpanded) != 0 {
		t.Errorf("unexpanded %+v", rep.Unexpanded)
	}
}

// A stored member's token is in the raw bytes too, and a member name's in
// the archive's headers: each is reported once, where it is in the member.
func TestContainerRawAndExpandedReportOnce(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a, b := tok(ghtoken.ClassicPAT, 940), tok(ghtoken.ClassicPAT, 941)
	c := tok(ghtoken.ClassicPAT, 942)
	write(t, dir, "s.tar", string(af.Tar(t, af.Member{Name: "keys/" + b + ".txt", Data: props(a)},
		af.Member{Name: "d/" + c + "/1", Data: []byte("x")}, af.Member{Name: "d/" + c + "/2", Data: []byte("y")})))
	rep := run(t, Options{Dir: dir})
	shown := DisplayPath("s.tar!keys/" + b + ".txt")
	wantWhere(t, rep,
		DisplayPath("s.tar!d/"+c)+":0:0 github-token-in-path error", // one directory, two members: once
		shown+":0:0 github-token-in-path error",
		shown+":2:5 github-pat error",
	)
	noFullToken(t, rep, a, b, c)
}

// What cannot be expanded is named, with why; its raw bytes were read.
func TestContainersNotExpandedAreNamed(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a := tok(ghtoken.ClassicPAT, 950)
	gz := af.Gzip(t, props(a))
	deep := props(a)
	for range maxContainerDepth {
		deep = af.Gzip(t, deep)
	}
	write(t, dir, "ok-deep.gz", string(deep)) // the innermost content is at the bound
	deep = af.Gzip(t, deep)
	write(t, dir, "enc.zip", string(af.Zip(t, af.Member{Name: "secret.txt", Data: []byte("hidden"), Encrypted: true},
		af.Member{Name: "open.txt", Data: props(a)})))
	write(t, dir, "cut.gz", string(gz[:len(gz)-6]))
	write(t, dir, "deep.gz", string(deep))
	write(t, dir, "x.7z", "7z\xbc\xaf\x27\x1c\x00\x04 not really")
	write(t, dir, "bad.zip", "PK\x03\x04 a local header and nothing else "+a)
	// xz -9's 64 MiB dictionary: allowed for a file, not inside another container.
	write(t, dir, "nine.xz", string(af.Xz(t, props(a), "-9")))
	write(t, dir, "nine.tar", string(af.Tar(t, af.Member{Name: "in.xz", Data: af.Xz(t, props(a), "-9")})))
	rep := run(t, Options{Dir: dir})
	var got []string
	for _, u := range rep.Unexpanded {
		got = append(got, u.Path())
	}
	want := []string{"bad.zip", "cut.gz", "deep.gz", "enc.zip!secret.txt", "nine.tar!in.xz", "x.7z"}
	if !slices.Equal(got, want) {
		t.Errorf("unexpanded %q, want %q: %+v", got, want, rep.Unexpanded)
	}
	wantWhere(t, rep,
		"bad.zip:1:38 github-pat error", // the raw bytes are read whatever the container
		"cut.gz:2:5 github-pat error",   // what was read before the cut
		"enc.zip!open.txt:2:5 github-pat error",
		"nine.tar!in.xz:2:5 github-pat error", // xz stores so short an input: the raw bytes hold it
		"nine.xz:2:5 github-pat error",
		"ok-deep.gz:2:5 github-pat error",
	)
	var text bytes.Buffer
	if err := WriteText(&text, rep, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "enc.zip!secret.txt: not expanded: encrypted zip member") ||
		!strings.Contains(text.String(), "nine.tar!in.xz: not expanded: an xz stream: needs more decompressor memory") ||
		!strings.Contains(text.String(), "bad.zip: not expanded: a zip archive: cannot read: zip: not a valid zip file") ||
		!strings.Contains(text.String(), "NOT EXPANDED: 6") {
		t.Errorf("text report:\n%s", text.String())
	}
	noFullToken(t, rep, a)
}

// lowBounds lowers the expansion bounds for a test.
func lowBounds(t *testing.T, budget int64, members int) {
	oldMax, oldMin, oldMembers := maxExpandedBytes, minExpandBudget, maxMembers
	maxExpandedBytes, minExpandBudget, maxMembers = budget, budget, members
	t.Cleanup(func() { maxExpandedBytes, minExpandBudget, maxMembers = oldMax, oldMin, oldMembers })
}

// A bomb, a member flood and a stream past the spool bound stop at the
// bounds, said; what came before is still reported.
func TestContainerBoundsStopAndSay(t *testing.T) {
	lowBounds(t, 1<<20, 5)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a := tok(ghtoken.ClassicPAT, 960)
	zeros := make([]byte, 4<<20)
	write(t, dir, "bomb.zip", string(af.Zip(t, af.Member{Name: "first.txt", Data: props(a)},
		af.Member{Name: "z1", Data: zeros}, af.Member{Name: "z2", Data: zeros})))
	var many []af.Member
	for i := range 20 {
		many = append(many, af.Member{Name: strings.Repeat("m", i+1), Data: []byte("x")})
	}
	write(t, dir, "many.tar", string(af.Tar(t, many...)))
	write(t, dir, "many.zip", string(af.Zip(t, many...)))
	rep := run(t, Options{Dir: dir})
	wantWhere(t, rep, "bomb.zip!first.txt:2:5 github-pat error")
	var got []string
	for _, u := range rep.Unexpanded {
		got = append(got, u.Path()+": "+strings.Join(strings.Fields(u.Reason)[:3], " "))
	}
	want := []string{
		"bomb.zip!z1: expanded past the",
		"many.tar: more than 5",
		"many.zip: a zip archive",
	}
	if !slices.Equal(got, want) {
		t.Errorf("unexpanded\n got %q\nwant %q", got, want)
	}
}

// Streams (standard input, staged blobs) have no random access: a zip is
// kept in a spool while read, then expanded.
func TestContainerFromAStream(t *testing.T) {
	defer func(n int) { memSpool = n }(memSpool)
	memSpool = 1 << 10 // past it: a temporary file
	a := tok(ghtoken.ClassicPAT, 970)
	pad := make([]byte, 8<<10)
	for i := range pad {
		pad[i] = byte(i*7 + i/251)
	}
	data := af.Zip(t, af.Member{Name: "noise.bin", Data: pad, Store: true}, af.Member{Name: "a.txt", Data: props(a)})
	for _, size := range []int{1 << 10, 1 << 20} {
		memSpool = size
		rep, err := Run(context.Background(), Options{Dir: t.TempDir(), Paths: []string{"-"}, Stdin: bytes.NewReader(data)})
		if err != nil {
			t.Fatal(err)
		}
		wantWhere(t, rep, "-!a.txt:2:5 github-pat error")
	}
}

// The history scan expands blobs too, and a blob not expanded in full is
// named by its path.
func TestHistoryExpandsContainers(t *testing.T) {
	dir := gitRepo(t)
	a := tok(ghtoken.ClassicPAT, 980)
	write(t, dir, "dist/conf.gz", string(af.Gzip(t, props(a))))
	b := tok(ghtoken.ClassicPAT, 981)
	write(t, dir, "dist/app.zip", string(af.Zip(t, af.Member{Name: "x/y.txt", Data: props(a)},
		af.Member{Name: "locked", Data: []byte("z"), Encrypted: true}, af.Member{Name: "k/" + b, Data: []byte("z")})))
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "archives")
	rep := runHist(t, dir, HistoryOptions{})
	sha := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
	wantHist(t, rep, "dist/app.zip!x/y.txt:2 error "+sha, "dist/conf.gz:2 error "+sha,
		DisplayPath("dist/app.zip!k/"+b)+":0 error "+sha)
	if len(rep.Unexpanded) != 1 || rep.Unexpanded[0].Path() != "dist/app.zip!locked" {
		t.Errorf("unexpanded %+v", rep.Unexpanded)
	}
	for _, f := range rep.Findings {
		if f.Container == nil || f.Container.File != strings.Split(f.File, "!")[0] {
			t.Errorf("%s: container %+v", f.File, f.Container)
		}
	}
	histNoToken(t, rep, a, b)
}

// SARIF: the location is the outer file, the member and its position are
// stated; unexpanded containers are notifications.
func TestSARIFContainerFindings(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a := tok(ghtoken.ClassicPAT, 990)
	write(t, dir, "outer.zip", string(af.Zip(t, af.Member{Name: "lib/app.jar", Data: af.Zip(t, af.Member{Name: "META-INF/app.properties", Data: props(a)})},
		af.Member{Name: "locked", Data: []byte("z"), Encrypted: true})))
	rep := run(t, Options{Dir: dir})
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	log := validateSARIF(t, buf.Bytes())
	run := log["runs"].([]any)[0].(map[string]any)
	res := run["results"].([]any)[0].(map[string]any)
	pl := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	msg := res["message"].(map[string]any)["text"].(string)
	if pl["artifactLocation"].(map[string]any)["uri"] != "outer.zip" || pl["region"] != nil ||
		!strings.HasSuffix(msg, "at outer.zip!lib/app.jar!META-INF/app.properties:2:5") ||
		res["properties"].(map[string]any)["containerMember"] != "lib/app.jar!META-INF/app.properties" {
		t.Errorf("result %v", res)
	}
	if run["invocations"] == nil || !strings.Contains(buf.String(), "Not expanded: outer.zip!locked: encrypted zip member") {
		t.Errorf("no notification for the encrypted member:\n%s", buf.String())
	}
	noFullToken(t, rep, a)
}

// A member that ends exactly at the budget is read whole; one byte more is
// past it.
func TestBudgetReaderEndsExactly(t *testing.T) {
	for _, c := range []struct {
		size int
		over bool
	}{{99, false}, {100, false}, {101, true}} {
		e := &expansion{budget: 100}
		var got bytes.Buffer
		_, err := got.ReadFrom(&budgetReader{r: bytes.NewReader(make([]byte, c.size)), e: e})
		if over := err == errOverBudget; over != c.over || !c.over && (err != nil || got.Len() != c.size) || e.bytes > 100 {
			t.Errorf("%d bytes: read %d, %v (bytes %d)", c.size, got.Len(), err, e.bytes)
		}
	}
}

// An archive of many encrypted members is named member by member up to a
// bound, then once for the rest.
func TestContainerNotesAreBounded(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	var ms []af.Member
	for i := range maxNotes + 20 {
		ms = append(ms, af.Member{Name: strings.Repeat("e", i+1), Data: []byte("z"), Encrypted: true})
	}
	write(t, dir, "locked.zip", string(af.Zip(t, ms...)))
	rep := run(t, Options{Dir: dir})
	if len(rep.Unexpanded) != maxNotes+1 || rep.Summary.Skipped.Unexpanded != maxNotes+1 ||
		!slices.ContainsFunc(rep.Unexpanded, func(u Unexpanded) bool { return strings.HasPrefix(u.Reason, "more could not be expanded") }) {
		t.Errorf("%d notes, want %d ending with the rest", len(rep.Unexpanded), maxNotes+1)
	}
}

// The history cache keeps where in a container a finding is; a blob not
// expanded in full is not cached, so it is named again on the next run.
func TestHistoryCacheKeepsContainers(t *testing.T) {
	dir := gitRepo(t)
	a := tok(ghtoken.ClassicPAT, 985)
	write(t, dir, "a.zip", string(af.Zip(t, af.Member{Name: "in/a.txt", Data: props(a)})))
	write(t, dir, "locked.zip", string(af.Zip(t, af.Member{Name: "e", Data: []byte("z"), Encrypted: true})))
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "archives")
	cache := filepath.Join(t.TempDir(), "cache")
	first := runHist(t, dir, HistoryOptions{CacheFile: cache})
	second := runHist(t, dir, HistoryOptions{CacheFile: cache})
	if second.History.CachedObjects == 0 || !slices.Equal(histWhere(first), histWhere(second)) ||
		len(second.Findings) != 1 || second.Findings[0].Container == nil || second.Findings[0].Container.Member != "in/a.txt" {
		t.Errorf("cached run: %d cached, %q (first %q)", second.History.CachedObjects, histWhere(second), histWhere(first))
	}
	if len(second.Unexpanded) != 1 || second.Unexpanded[0].Path() != "locked.zip!e" {
		t.Errorf("cached run: unexpanded %+v", second.Unexpanded)
	}
	histNoToken(t, second, a)
}

// --diff: a changed archive's tokens that were already in it at REV are
// not new (there are no added lines inside an archive to say so); a new
// archive's are all new.
func TestDiffReportsOnlyNewTokensInAChangedArchive(t *testing.T) {
	dir := gitRepo(t)
	a, b, c := tok(ghtoken.ClassicPAT, 986), tok(ghtoken.ClassicPAT, 987), tok(ghtoken.ClassicPAT, 988)
	write(t, dir, "lib.jar", string(af.Zip(t, af.Member{Name: "old.properties", Data: props(a)})))
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "jar")
	write(t, dir, "lib.jar", string(af.Zip(t, af.Member{Name: "moved.properties", Data: props(a)},
		af.Member{Name: "new.properties", Data: props(b)})))
	write(t, dir, "other.zip", string(af.Zip(t, af.Member{Name: "x.txt", Data: props(c)})))
	git(t, dir, "add", "other.zip")
	rep := run(t, Options{Dir: dir, DiffRev: "HEAD"})
	wantWhere(t, rep, "lib.jar!new.properties:2:5 github-pat error", "other.zip!x.txt:2:5 github-pat error")
	noFullToken(t, rep, a, b, c)
}
