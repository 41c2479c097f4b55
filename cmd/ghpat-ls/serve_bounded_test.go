package main

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// silentClient never answers the server's window/workDoneProgress/create
// and client/registerCapability (its answer waits until the test ends);
// it answers everything else with null.
func silentClient(t *testing.T) func(string, json.RawMessage) (any, *lsptest.Error) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	return func(method string, _ json.RawMessage) (any, *lsptest.Error) {
		if method == "window/workDoneProgress/create" || method == "client/registerCapability" {
			<-never
		}
		return nil, nil
	}
}

// TestWorkspaceIndexWithoutClientAnswers (issue 18, item 4): a client that
// announces work-done progress and dynamic watchers but never answers the
// server's requests for them still gets its workspace indexed: the
// requests time out and the index goes on without progress.
func TestWorkspaceIndexWithoutClientAnswers(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1801)
	g := fixture.Watch(t, tok)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "leak.js"), "const t = \""+tok+"\";\n")
	cmd := exec.Command(testbin.Path(t), "serve", "--log-level", "debug")
	cmd.Env = liveEnv()
	c := lsptest.Spawn(t, cmd, silentClient(t))
	liveCall(c, "initialize", map[string]any{
		"processId": nil, "rootUri": fileURIOf(dir),
		"workspaceFolders": []any{map[string]any{"uri": fileURIOf(dir), "name": "w"}},
		"capabilities": map[string]any{
			"window":    map[string]any{"workDoneProgress": true},
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
		"initializationOptions": map[string]any{"ghpat": map[string]any{"liveLookups": map[string]any{"enabled": false}}},
	})
	c.Notify("initialized", map[string]any{})
	leak := fileURIOf(filepath.Join(dir, "leak.js"))
	liveWaitDiagnostics(t, c, leak, func(p *lsptest.PublishedDiagnostics) bool { return hasCode(p, "github-pat") })
	for ctx := c.Ctx(); ctx.Err() == nil && !strings.Contains(c.Stderr.String(), "workspace index: 1 files"); {
		time.Sleep(20 * time.Millisecond)
	}
	liveCall(c, "shutdown", nil)
	c.Notify("exit", nil)
	c.Exited()
	stderr := c.Stderr.String()
	for _, want := range []string{"window/workDoneProgress/create: context deadline exceeded (indexing without progress)",
		"client/registerCapability (file watcher): context deadline exceeded", "workspace index: 1 files"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(liveStdout(c), `"$/progress"`) {
		t.Errorf("progress sent for a token the client never accepted")
	}
	g.CheckString("the LSP stdout stream", liveStdout(c))
	g.CheckString("the server's stderr", stderr)
	if t.Failed() {
		t.Logf("stderr:\n%s", ghtoken.RedactAll(stderr))
	}
}

// bigWorkflow is a workflow of about n bytes with many steps, each with an
// env: seconds of analysis for a few megabytes (the workflow rules), under
// the 10 MB analysis limit.
func bigWorkflow(n int, tail string) string {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "      - run: echo step %d\n        env:\n          NAME_%d: value\n", i, i)
	}
	return b.String() + tail
}

// frameIndex is the position of the first frame for which match holds
// (-1: none).
func frameIndex(frames [][]byte, match func(m *lsptest.Message) bool) int {
	for i, f := range frames {
		var m lsptest.Message
		if json.Unmarshal(f, &m) == nil && match(&m) {
			return i
		}
	}
	return -1
}

// TestServeAnswersDuringAHugeAnalysis (issue 18, item 2) through the real
// binary: a workflow is opened, then changed into 6 MB that take seconds
// to analyse; requests sent right after are answered before the
// diagnostics of that version (the read loop used to analyse each change
// before reading on), and the diagnostics that arrive are the last
// version's, never an older one's after it. It asserts the order of the
// replies, not a time.
func TestServeAnswersDuringAHugeAnalysis(t *testing.T) {
	if testing.Short() {
		t.Skip("a workflow of several megabytes")
	}
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 1802)
	g := fixture.Watch(t, tok)
	p := startBinary(t)
	initialize(t, p)
	const small, big = "file:///work/small.js", "file:///work/.github/workflows/big.yml"
	p.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": small, "languageId": "javascript", "version": 1, "text": "const t = \"" + tok + "\";\n",
	}})
	if _, err := p.Client.WaitDiagnostics(p.Ctx(), small, 1); err != nil {
		t.Fatal(err)
	}
	v1 := bigWorkflow(0, "")
	v2 := bigWorkflow(6<<20, "# "+tok+"\n")
	p.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": big, "languageId": "yaml", "version": 1, "text": v1,
	}})
	p.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": big, "version": 2},
		"contentChanges": []any{map[string]any{"text": v2}},
	})
	hoverID, _ := p.Client.Start("hover-small", "textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": small}, "position": lsptest.Position{Line: 0, Character: 14},
	})
	unknownID, _ := p.Client.Start("unknown", "no/such/method", map[string]any{})
	for _, id := range []json.RawMessage{hoverID, unknownID} {
		if m, err := p.Client.Await(p.Ctx(), id); err != nil {
			t.Fatalf("no reply to %s: %v", id, err)
		} else if string(id) == string(hoverID) && !strings.Contains(string(m.Result), ghtoken.Redact(tok)) {
			t.Errorf("hover on the small document: %s", g.Redact(string(m.Result)))
		}
	}
	last, err := p.Client.WaitDiagnosticsMatching(p.Ctx(), big, func(d *lsptest.PublishedDiagnostics) bool { return d.Version == 2 })
	if err != nil {
		t.Fatalf("no diagnostics for the last version: %v\nstderr:\n%s", err, p.Stderr)
	}
	if !hasCode(last, "github-pat") {
		t.Errorf("the last version's diagnostics lack its token: %+v", last.Diagnostics)
	}
	frames := p.Client.Frames()
	isBig := func(m *lsptest.Message) bool {
		return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), `"uri":"`+big+`"`)
	}
	firstBig := frameIndex(frames, func(m *lsptest.Message) bool { return isBig(m) && strings.Contains(string(m.Params), `"version":2`) })
	for _, id := range []json.RawMessage{hoverID, unknownID} {
		if at := frameIndex(frames, func(m *lsptest.Message) bool { return string(m.ID) == string(id) && m.Method == "" }); at > firstBig {
			t.Errorf("reply to %s came after the big document's diagnostics (frames %d, %d): the read loop waited on the analysis", id, at, firstBig)
		}
	}
	var versions []int
	for _, f := range frames {
		var m lsptest.Message
		var d lsptest.PublishedDiagnostics
		if json.Unmarshal(f, &m) == nil && isBig(&m) && json.Unmarshal(m.Params, &d) == nil {
			versions = append(versions, d.Version)
		}
	}
	for i := 1; i < len(versions); i++ {
		if versions[i] < versions[i-1] {
			t.Errorf("versions published out of order: %v", versions)
		}
	}
	p.Call("shutdown", nil, nil)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	assertClean(t, p, []string{tok})
}

// memoryCeiling is the server's documented peak memory under any flood of
// notifications or requests (docs/lsp.md, docs/performance.md).
const memoryCeiling = 300 << 20

// TestServeFloodStaysUnderTheMemoryCeiling (issue 18, item 3) through the
// real binary: 30 full-text changes of a 2 MB document, 300
// didChangeWatchedFiles for one 9 MB file (each used to start its own read
// and analysis: 1.5-5 GB) and 300 concurrent
// code-action requests over a document with 1,000 tokens (one goroutine
// and a 4 MB answer each: 1.3-1.7 GB). Every request is answered and the
// server's peak resident set (VmHWM) stays under the ceiling.
func TestServeFloodStaysUnderTheMemoryCeiling(t *testing.T) {
	if testing.Short() {
		t.Skip("a 9 MB file and 300 requests")
	}
	dir := t.TempDir()
	line := "const filler = 'abcdefghijklmnopqrstuvwxyz0123456789';\n"
	writeFile(t, filepath.Join(dir, "bundle.js"), strings.Repeat(line, (9<<20)/len(line)))
	var src strings.Builder
	var secrets []string
	for i := 0; i < 1000; i++ {
		tok := ghtoken.Generate(ghtoken.ClassicPAT, uint64(20000+i))
		secrets = append(secrets, tok)
		fmt.Fprintf(&src, "const t%d = \"%s\";\n", i, tok)
	}
	c, _ := indexStart(t, dir, liveEnv(), map[string]any{"liveLookups": map[string]any{"enabled": false}})
	waitProgress(t, c, "end")

	c.Client.SetLean(true) // the answers are counted, not kept
	// Full-text changes of a 2 MB document faster than it is analysed:
	// only the newest text is analysed, the others are garbage.
	edited := fileURIOf(filepath.Join(dir, "edited.js"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": edited, "languageId": "javascript", "version": 1, "text": "",
	}})
	for v := 2; v < 32; v++ {
		c.Notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": edited, "version": v},
			"contentChanges": []any{map[string]any{"text": strings.Repeat(line, (2<<20)/len(line)) + fmt.Sprintf("// %d\n", v)}},
		})
	}
	bundle := fileURIOf(filepath.Join(dir, "bundle.js"))
	for i := 0; i < 300; i++ {
		c.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": bundle, "type": 2}}})
	}
	doc := fileURIOf(filepath.Join(dir, "tokens.js"))
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": doc, "languageId": "javascript", "version": 1, "text": src.String(),
	}})
	var ids []json.RawMessage
	for i := 0; i < 300; i++ {
		id, err := c.Client.Start(nil, "textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": doc},
			"range":        map[string]any{"start": lsptest.Position{}, "end": lsptest.Position{Line: 1000}},
			"context":      map[string]any{"diagnostics": []any{}},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		m, err := c.Client.Await(c.Ctx(), id)
		if err != nil || m.Error != nil {
			st := c.Stderr.String()
			t.Fatalf("code action %s: %v %+v\nstderr:\n%s", id, err, m, ghtoken.RedactAll(st[max(0, len(st)-6000):]))
		}
	}
	c.Client.SetLean(false)
	liveCall(c, "shutdown", nil)
	hwm := peakRSSNow(t, c)
	t.Logf("server peak RSS under the flood: %d MB", hwm>>20)
	if hwm > memoryCeiling {
		t.Errorf("peak RSS %d MB, over the documented %d MB ceiling", hwm>>20, memoryCeiling>>20)
	}
	c.Notify("exit", nil)
	if code := c.Wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	assertClean(t, c, secrets)
}
