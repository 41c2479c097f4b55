package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/internal/fixture"
	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

func TestMain(m *testing.M) { testbin.Main(m) }

// startBinary runs the real binary speaking LSP on its stdin/stdout.
func startBinary(t *testing.T, args ...string) *lsptest.Process {
	t.Helper()
	cmd := exec.Command(testbin.Path(t), args...)
	// No GitHub token in the server's environment: nothing may go out.
	cmd.Env = append(os.Environ(), "GITHUB_TOKEN=", "GH_TOKEN=")
	return lsptest.Spawn(t, cmd, nil)
}

func initialize(t *testing.T, p *lsptest.Process) {
	t.Helper()
	var res struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
		} `json:"capabilities"`
	}
	p.Call("initialize", map[string]any{
		"processId": os.Getpid(), "rootUri": nil,
		"capabilities": map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-16"}}},
	}, &res)
	if res.Capabilities.PositionEncoding != "utf-16" {
		t.Errorf("positionEncoding = %q", res.Capabilities.PositionEncoding)
	}
	p.Notify("initialized", map[string]any{})
}

type codeAction struct {
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Edit  struct {
		Changes map[string][]lsptest.TextEdit `json:"changes"`
	} `json:"edit"`
}

// TestServeOverStdio is the end-to-end session of issue 2 against the
// built binary: initialize, didOpen, diagnostics, code action, apply the
// edit, didChange, diagnostics without the token, hover, shutdown, exit 0.
func TestServeOverStdio(t *testing.T) {
	p := startBinary(t, "serve", "--log-level", "debug")
	tmpl, err := os.ReadFile("../../testdata/lsp/integration.py")
	if err != nil {
		t.Fatal(err)
	}
	textB, planted := fixture.Expand(tmpl, 42)
	text := string(textB)
	var secrets []string
	for _, pl := range planted {
		secrets = append(secrets, pl.Token)
	}
	classic, fine := planted[0].Token, planted[1].Token
	if planted[0].Kind != ghtoken.ClassicPAT || planted[1].Kind != ghtoken.FineGrainedPAT {
		t.Fatalf("fixture markers changed: %v %v", planted[0].Kind, planted[1].Kind)
	}
	const uri = "file:///work/integration.py"

	initialize(t, p)
	p.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "python", "version": 1, "text": text,
	}})
	d, err := p.Client.WaitDiagnostics(p.Ctx(), uri, 1)
	if err != nil {
		t.Fatalf("diagnostics: %v\nstderr:\n%s", err, p.Stderr)
	}
	var tokDiag *lsptest.Diagnostic
	for i := range d.Diagnostics {
		if d.Diagnostics[i].Code == analysis.RuleClassicPAT {
			tokDiag = &d.Diagnostics[i]
		}
	}
	wantStart := lsptest.PositionOf(text, strings.Index(text, classic))
	if tokDiag == nil || tokDiag.Range.Start != wantStart || tokDiag.Severity != 1 {
		t.Fatalf("no error diagnostic for the classic token at %+v: %+v", wantStart, d.Diagnostics)
	}
	if !strings.Contains(tokDiag.Message, ghtoken.Redact(classic)) {
		t.Errorf("message %q lacks the redacted token", tokDiag.Message)
	}

	var actions []codeAction
	p.Call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        tokDiag.Range,
		"context":      map[string]any{"diagnostics": []any{tokDiag}, "only": []string{"quickfix"}},
	}, &actions)
	var fix *codeAction
	for i := range actions {
		if strings.Contains(actions[i].Title, "os.environ") {
			fix = &actions[i]
		}
	}
	if fix == nil || fix.Kind != "quickfix" {
		t.Fatalf("no os.environ quick fix: %+v", actions)
	}
	edits := fix.Edit.Changes[uri]
	fixed, err := lsptest.ApplyEdits(text, edits)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fixed, classic) || !strings.Contains(fixed, `os.environ["GITHUB_TOKEN"]`) {
		t.Fatalf("the quick fix did not replace the token with an environment read")
	}

	// Send the edits as incremental changes in one notification, last
	// first so that each range is still valid when it is applied.
	sort.Slice(edits, func(i, j int) bool {
		a, b := edits[i].Range.Start, edits[j].Range.Start
		return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
	})
	changes := make([]any, 0, len(edits))
	for _, e := range edits {
		changes = append(changes, map[string]any{"range": e.Range, "text": e.NewText})
	}
	p.Notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": changes,
	})
	d, err = p.Client.WaitDiagnostics(p.Ctx(), uri, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, dg := range d.Diagnostics {
		if dg.Code == analysis.RuleClassicPAT {
			t.Errorf("the classic token is still reported after the fix: %+v", dg)
		}
	}
	var fineDiag *lsptest.Diagnostic
	for i := range d.Diagnostics {
		if d.Diagnostics[i].Code == analysis.RuleFineGrainedPAT {
			fineDiag = &d.Diagnostics[i]
		}
	}
	if fineDiag == nil || fineDiag.Range.Start != lsptest.PositionOf(fixed, strings.Index(fixed, fine)) {
		t.Fatalf("fine-grained token diagnostic missing or misplaced: %+v", d.Diagnostics)
	}

	var hov struct {
		Contents struct{ Kind, Value string } `json:"contents"`
		Range    lsptest.Range                `json:"range"`
	}
	at := fineDiag.Range.Start
	at.Character += 20
	p.Call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at}, &hov)
	for _, want := range []string{"fine-grained personal access token", ghtoken.Redact(fine), "Checksum valid", "Revoke", "environment variable", "secret manager"} {
		if !strings.Contains(hov.Contents.Value, want) {
			t.Errorf("hover lacks %q", want)
		}
	}
	if hov.Range != fineDiag.Range {
		t.Errorf("hover range %+v, want %+v", hov.Range, fineDiag.Range)
	}

	p.Call("shutdown", nil, nil)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 {
		t.Errorf("exit code %d after shutdown+exit, want 0\nstderr:\n%s", code, p.Stderr)
	}
	assertClean(t, p, secrets)
	if !strings.Contains(p.Stderr.String(), "textDocument/didChange done in") {
		t.Errorf("stderr lacks the request log")
	}
}

// assertClean checks that stdout carried only well-formed frames and that
// neither stdout nor stderr holds a full token.
func assertClean(t *testing.T, p *lsptest.Process, secrets []string) {
	t.Helper()
	// The process has exited: read its output to the end first.
	if err := p.Client.Drain(p.Ctx()); err != nil {
		t.Errorf("stdout is not clean LSP: %v", err)
	}
	g := fixture.Watch(t, secrets...)
	for _, f := range p.Client.Frames() {
		g.Check("a frame on stdout", f)
	}
	g.CheckString("stderr", p.Stderr.String())
}

func TestServeExitWithoutShutdown(t *testing.T) {
	p := startBinary(t)
	initialize(t, p)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 1 {
		t.Errorf("exit code %d without shutdown, want 1", code)
	}
}

func TestServeLogFile(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "ghpat-ls.log")
	p := startBinary(t, "--log-file", logPath, "--log-level", "debug")
	tok := ghtoken.Generate(ghtoken.OAuth, 8)
	initialize(t, p)
	p.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": "untitled:Untitled-1", "languageId": "javascript", "version": 1, "text": `let t = "` + tok + `";`,
	}})
	if d, err := p.Client.WaitDiagnostics(p.Ctx(), "untitled:Untitled-1", 1); err != nil || len(d.Diagnostics) != 1 {
		t.Fatalf("diagnostics on an untitled: document: %+v %v", d, err)
	}
	p.Call("shutdown", nil, nil)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if p.Stderr.Len() != 0 {
		t.Errorf("stderr is not empty with --log-file: %q", p.Stderr.String())
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log, []byte("opened untitled:Untitled-1")) {
		t.Errorf("log file lacks the didOpen line")
	}
	fixture.Watch(t, tok).Check("the log file", log)
	assertClean(t, p, []string{tok})
}

// TestServeHugeDocument opens a 50 MB document: it is skipped with a log
// line, the server stays up, and its peak memory stays bounded.
func TestServeHugeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB document")
	}
	p := startBinary(t)
	initialize(t, p)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 50)
	line := "const filler = 'abcdefghijklmnopqrstuvwxyz0123456789';\n"
	big := strings.Repeat(line, (50<<20)/len(line)) + `const t = "` + tok + `";` + "\n"
	p.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": "file:///big.js", "languageId": "javascript", "version": 1, "text": big,
	}})
	if d, err := p.Client.WaitDiagnostics(p.Ctx(), "file:///big.js", 1); err != nil || len(d.Diagnostics) != 0 {
		t.Fatalf("50 MB document: %+v %v", d, err)
	}
	// Still serving: a hover answers.
	var res json.RawMessage
	p.Call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///big.js"}, "position": lsptest.Position{Line: 3}}, &res)
	if hwm, ok := peakRSS(p.Cmd.Process.Pid); ok {
		t.Logf("server peak RSS with a 50 MB document: %d MB", hwm>>20)
		if hwm > 600<<20 {
			t.Errorf("peak RSS %d MB for a 50 MB document", hwm>>20)
		}
	}
	p.Call("shutdown", nil, nil)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if !strings.Contains(p.Stderr.String(), "not analysing file:///big.js: larger than the") {
		t.Errorf("no log line for the skipped document:\n%s", p.Stderr)
	}
	assertClean(t, p, []string{tok})
}

// peakRSS reads VmHWM (peak resident set) from /proc on Linux.
func peakRSS(pid int) (int64, bool) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// TestServeSurvivesGarbage writes broken frames to the real binary: each
// gets a ParseError and the session goes on to a clean exit.
func TestServeSurvivesGarbage(t *testing.T) {
	p := startBinary(t)
	initialize(t, p)
	p.Client.WriteRaw([]byte("Content-Length: nope\r\n\r\n{}"))
	p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":`)))
	p.Client.WriteRaw([]byte("\x00\x01\x02 binary junk\r\n"))
	p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":6,"method":"no/such/method","params":{}}`)))
	m, err := p.Client.Await(p.Ctx(), json.RawMessage("6"))
	if err != nil || m.Error == nil || m.Error.Code != -32601 {
		t.Fatalf("after garbage: %+v %v\nstderr:\n%s", m, err, p.Stderr)
	}
	p.Call("shutdown", nil, nil)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if err := p.Client.Drain(p.Ctx()); err != nil {
		t.Errorf("stdout is not clean LSP: %v", err)
	}
	if n := strings.Count(p.Stderr.String(), "WARN"); n < 3 {
		t.Errorf("%d warnings logged for 3 broken inputs:\n%s", n, p.Stderr)
	}
}

// peakRSSNow is the child's peak resident set so far (VmHWM). Not
// rusage's Maxrss: Linux carries the parent's high-water mark across
// fork+exec into it, so it reports the test process's peak.
func peakRSSNow(t *testing.T, p *lsptest.Process) int64 {
	t.Helper()
	hwm, ok := peakRSS(p.Cmd.Process.Pid)
	if !ok {
		t.Skip("no /proc/PID/status VmHWM on this platform")
	}
	return hwm
}

// writeRepeated writes b n times to the server's stdin.
func writeRepeated(t *testing.T, p *lsptest.Process, b []byte, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := p.Client.WriteRaw(b); err != nil {
			t.Fatalf("write: %v\nstderr:\n%s", err, p.Stderr)
		}
	}
}

// endAfterHostile checks what must hold after hostile input: the next
// request is answered, shutdown+exit end the process with code 0, and
// stdout stayed clean. It returns the child's peak RSS.
func endAfterHostile(t *testing.T, p *lsptest.Process, secrets ...string) int64 {
	t.Helper()
	var res json.RawMessage
	p.Call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///after"}, "position": lsptest.Position{}}, &res)
	p.Call("shutdown", nil, nil)
	rss := peakRSSNow(t, p)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 {
		t.Errorf("exit code %d after shutdown+exit, want 0\nstderr:\n%s", code, p.Stderr)
	}
	assertClean(t, p, secrets)
	return rss
}

// awaitRaw waits for the response to a raw id.
func awaitRaw(t *testing.T, p *lsptest.Process, id string) *lsptest.Message {
	t.Helper()
	m, err := p.Client.Await(p.Ctx(), json.RawMessage(id))
	if err != nil {
		t.Fatalf("no response to id %s: %v\nstderr:\n%s", id, err, p.Stderr)
	}
	return m
}

// TestServeTransportSurvivesHostileInput sends each class of hostile
// input that used to kill or hang the server to the real binary over its
// stdio, then checks that it answers, exits 0 after shutdown+exit and
// kept its peak memory bounded.
func TestServeTransportSurvivesHostileInput(t *testing.T) {
	bracket := bytes.Repeat([]byte("["), 1<<20)
	filler := bytes.Repeat([]byte("a"), 1<<20)
	cases := []struct {
		name    string
		short   bool // cheap enough for -short
		send    func(t *testing.T, p *lsptest.Process) (secrets []string)
		maxRSS  int64
		wantLog string
	}{
		{"resync after non-ASCII bytes", true, func(t *testing.T, p *lsptest.Process) []string {
			p.Client.WriteRaw([]byte("broken\r\n\xff\xc3İİİ\u212a"))
			p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":500,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x"},"position":{"line":0,"character":0}}}`)))
			if m := awaitRaw(t, p, "500"); m.Error != nil {
				t.Errorf("the frame after the junk: %+v", m.Error)
			}
			return nil
		}, 100 << 20, "resyncing"},
		{"400 MiB header line", false, func(t *testing.T, p *lsptest.Process) []string {
			p.Client.WriteRaw([]byte("X-Junk: "))
			writeRepeated(t, p, filler, 400)
			p.Client.WriteRaw([]byte("\r\n"))
			return nil
		}, 100 << 20, "header line longer than"},
		{"200 MB document", false, func(t *testing.T, p *lsptest.Process) []string {
			head := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///huge.js","languageId":"javascript","version":1,"text":"`
			p.Client.WriteRaw([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(head)+200<<20+4, head)))
			writeRepeated(t, p, filler, 200)
			p.Client.WriteRaw([]byte(`"}}}`))
			return nil
		}, 100 << 20, "larger than the 67108864-byte limit"},
		{"4 MB of nested arrays", true, func(t *testing.T, p *lsptest.Process) []string {
			p.Client.WriteRaw([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n", 4*len(bracket))))
			writeRepeated(t, p, bracket, 4)
			return nil
		}, 100 << 20, "deeper than 256 levels"},
		{"duplicate and unknown replies", true, func(t *testing.T, p *lsptest.Process) []string {
			for _, id := range []string{"1", "1", "1", "77", `"1"`, "null"} {
				p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":` + id + `,"result":[{}]}`)))
			}
			return nil
		}, 100 << 20, "dropping a reply to id"},
		{"method \"\" and unknown methods", true, func(t *testing.T, p *lsptest.Process) []string {
			tok := ghtoken.Generate(ghtoken.ClassicPAT, 501)
			p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":501,"method":""}`)))
			p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":502,"method":"` + tok + `"}`)))
			if m := awaitRaw(t, p, "501"); m.Error == nil || m.Error.Code != -32601 {
				t.Errorf(`method "": %+v`, m)
			}
			if m := awaitRaw(t, p, "502"); m.Error == nil || m.Error.Code != -32601 || !strings.Contains(m.Error.Message, ghtoken.Redact(tok)) {
				t.Errorf("unknown method: %+v", m)
			}
			return []string{tok}
		}, 100 << 20, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && !c.short {
				t.Skip("hundreds of MB of input")
			}
			p := startBinary(t)
			initialize(t, p)
			rss := endAfterHostile(t, p, c.send(t, p)...)
			t.Logf("peak RSS %d MB", rss>>20)
			if rss > c.maxRSS {
				t.Errorf("peak RSS %d MB, want at most %d MB", rss>>20, c.maxRSS>>20)
			}
			if !strings.Contains(p.Stderr.String(), c.wantLog) {
				t.Errorf("stderr lacks %q:\n%.2000s", c.wantLog, p.Stderr)
			}
		})
	}
}

// TestServeDuplicateConfigurationReply: a client that answers
// workspace/configuration twice used to block jsonrpc2's read loop for
// good; shutdown, exit and end of input were then ignored.
func TestServeDuplicateConfigurationReply(t *testing.T) {
	p := startBinary(t)
	p.Client.OnRequest = func(method string, params json.RawMessage) (any, *lsptest.Error) {
		return []any{map[string]any{}}, nil
	}
	p.Call("initialize", map[string]any{"processId": nil, "rootUri": nil,
		"capabilities": map[string]any{"workspace": map[string]any{"configuration": true}}}, nil)
	p.Notify("initialized", map[string]any{})
	req, err := p.Client.WaitServerRequest(p.Ctx(), 1)
	if err != nil || req.Method != "workspace/configuration" {
		t.Fatalf("no configuration pull: %+v %v", req, err)
	}
	for i := 0; i < 3; i++ {
		p.Client.WriteRaw(lsptest.Frame([]byte(`{"jsonrpc":"2.0","id":` + string(req.ID) + `,"result":[{}]}`)))
	}
	endAfterHostile(t, p)
	if !strings.Contains(p.Stderr.String(), "dropping a reply to id") {
		t.Errorf("no dropped reply logged:\n%s", p.Stderr)
	}
}
