package lsptest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// Process is a language server child process (the real binary) spoken to
// over its stdin and stdout by a strict Client, with its stderr captured.
type Process struct {
	Client *Client
	Cmd    *exec.Cmd
	Stderr *Buffer

	t    testing.TB
	done chan error // cmd.Wait's result, put back after each read
}

// AnswerNull answers every server-to-client request with a null result,
// as a client that has nothing to say does.
func AnswerNull(string, json.RawMessage) (any, *Error) { return nil, nil }

// Spawn starts cmd (its Path, Args, Env and Dir set by the caller) and a
// Client on its stdio whose server-to-client requests go to onRequest
// (nil: MethodNotFound). When the test ends, stdin is closed and the
// process gets 10 seconds to exit before it is killed.
func Spawn(t testing.TB, cmd *exec.Cmd, onRequest func(method string, params json.RawMessage) (any, *Error)) *Process {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	// An os.Pipe rather than cmd.StdoutPipe: Wait closes the latter as soon
	// as the process exits, possibly before the client has read it all.
	stdout, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = stdoutW
	p := &Process{Cmd: cmd, Stderr: &Buffer{}, t: t, done: make(chan error, 1)}
	cmd.Stderr = p.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdoutW.Close() // the child holds its own copy
	p.Client = newClient(stdout, stdin, onRequest)
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		stdin.Close()
		select {
		case err := <-p.done:
			p.done <- err
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
		stdout.Close()
	})
	return p
}

// Ctx bounds one wait (30 seconds) so that a hung server fails the test
// instead of hanging it.
func (p *Process) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	p.t.Cleanup(cancel)
	return ctx
}

// Call is Client.Call that fails the test, quoting stderr, on an error.
func (p *Process) Call(method string, params, result any) {
	p.t.Helper()
	if err := p.Client.Call(p.Ctx(), method, params, result); err != nil {
		p.t.Fatalf("%s: %v\nstderr:\n%s", method, err, p.Stderr)
	}
}

// Notify is Client.Notify that fails the test on an error.
func (p *Process) Notify(method string, params any) {
	p.t.Helper()
	if err := p.Client.Notify(method, params); err != nil {
		p.t.Fatalf("%s: %v", method, err)
	}
}

// Exited waits (at most Ctx) for the process to exit and returns what
// exec.Cmd.Wait returned.
func (p *Process) Exited() error {
	p.t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the next caller and Cleanup
		return err
	case <-p.Ctx().Done():
		p.t.Fatalf("the server did not exit\nstderr:\n%s", p.Stderr)
	}
	return nil
}

// Wait waits for the process to exit and returns its exit code.
func (p *Process) Wait() int {
	p.t.Helper()
	err := p.Exited()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	p.t.Fatalf("wait: %v", err)
	return -1
}

// Buffer is a bytes.Buffer safe for a writing process and a reading test.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Len is the number of bytes written so far.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}
