package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
	"github.com/ghpat-ls/ghpat-ls/lsp/lsptest"
)

// openPTY opens a pseudo-terminal pair in raw mode (LSP frames are bytes,
// not lines to edit), with the kernel's own interface: no dependency, no
// tool that a fresh CI machine may lack.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	tio, err := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag &^= unix.CSIZE | unix.PARENB
	tio.Cflag |= unix.CS8
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(int(s.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// TestServeOnATerminalSaysWhatItIs: `ghpat-ls` with a terminal on stdin
// says on stderr what it is and what to run instead, then serves LSP all
// the same (here a client drives the terminal); with a pipe, as editors
// start it, it says nothing.
func TestServeOnATerminalSaysWhatItIs(t *testing.T) {
	master, slave := openPTY(t)
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdoutR.Close()
	cmd := exec.Command(testbin.Path(t))
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, stdoutW, &stderr
	cmd.Env = append(os.Environ(), "GITHUB_TOKEN=", "GH_TOKEN=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdoutW.Close()
	slave.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
			<-done
		}
	}()

	c := lsptest.New(stdoutR, master)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var res struct {
		ServerInfo struct{ Name string } `json:"serverInfo"`
	}
	if err := c.Call(ctx, "initialize", map[string]any{"processId": os.Getpid(), "rootUri": nil, "capabilities": map[string]any{}}, &res); err != nil {
		t.Fatalf("initialize over a terminal: %v", err)
	}
	if res.ServerInfo.Name != "ghpat-ls" {
		t.Errorf("serverInfo %+v", res.ServerInfo)
	}
	if err := c.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify("exit", nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		done <- err
		if err != nil {
			t.Errorf("exit: %v\nstderr:\n%s", err, stderr.String())
		}
	case <-ctx.Done():
		t.Fatalf("the server did not exit\nstderr:\n%s", stderr.String())
	}
	if !strings.HasPrefix(stderr.String(), terminalHint) {
		t.Errorf("stderr does not start with the hint:\n%s", stderr.String())
	}
	if !strings.Contains(terminalHint, "'ghpat-ls scan .'") || !strings.Contains(terminalHint, "editors start it") {
		t.Errorf("the hint does not say what to run instead or who starts it:\n%s", terminalHint)
	}

	p := startBinary(t)
	initialize(t, p)
	p.Call("shutdown", nil, nil)
	p.Notify("exit", nil)
	if code := p.Wait(); code != 0 || strings.Contains(p.Stderr.String(), "ghpat-ls scan .") {
		t.Errorf("over a pipe: exit %d, stderr:\n%s", code, p.Stderr.String())
	}
}
