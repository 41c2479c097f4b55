package lsptest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// fakeServerEnv makes the test binary act as a tiny language server:
// its first frame asks the client a question, it tells the answer back
// as a notification, says goodbye on stderr and exits 3.
const fakeServerEnv = "LSPTEST_FAKE_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(fakeServerEnv) == "1" {
		os.Stdout.Write(Frame([]byte(`{"jsonrpc":"2.0","id":"q1","method":"x/ask","params":{}}`)))
		body, err := readFrame(bufio.NewReader(os.Stdin))
		if err != nil {
			fmt.Fprintln(os.Stderr, "fake server:", err)
			os.Exit(1)
		}
		var m Message
		json.Unmarshal(body, &m)
		note, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "x/answer", "params": m.Result})
		os.Stdout.Write(Frame(note))
		fmt.Fprintln(os.Stderr, "fake server: bye")
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// TestSpawn: the request handler answers the very first frame, stderr is
// captured, and Wait gives the exit code.
func TestSpawn(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fakeServerEnv+"=1")
	p := Spawn(t, cmd, func(method string, _ json.RawMessage) (any, *Error) {
		return "answer to " + method, nil
	})
	got, err := p.Client.WaitNotification(p.Ctx(), "x/answer", nil)
	if err != nil || string(got) != `"answer to x/ask"` {
		t.Fatalf("x/answer %s, %v\nstderr:\n%s", got, err, p.Stderr)
	}
	if code := p.Wait(); code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	if err := p.Client.Drain(p.Ctx()); err != nil {
		t.Errorf("output: %v", err)
	}
	if !strings.Contains(p.Stderr.String(), "fake server: bye") {
		t.Errorf("stderr %q", p.Stderr)
	}
}

// TestAnswerNull: a client with nothing to say answers null, not an error.
func TestAnswerNull(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fakeServerEnv+"=1")
	p := Spawn(t, cmd, AnswerNull)
	got, err := p.Client.WaitNotification(p.Ctx(), "x/answer", nil)
	if err != nil || string(got) != "null" {
		t.Fatalf("x/answer %s, %v", got, err)
	}
	p.Wait()
}
