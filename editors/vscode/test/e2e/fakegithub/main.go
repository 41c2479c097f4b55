// Command fakegithub serves tokeninfotest's stand-in for the GitHub API (the
// lookup routes and POST /credentials/revoke) over HTTPS for the VS Code
// end-to-end and protocol tests (test/e2e/run.js,
// test/protocol/revoke.test.js), which are Node and cannot start the Go test
// server themselves. It registers one generated classic token (valid,
// expiring in 45 days), writes the server's certificate to DIR/ca.pem for
// SSL_CERT_FILE, prints {"host","caFile","token","proxy","proxiedHost"} as
// one JSON line and serves
// until stdin closes; a line "requests" on stdin is answered with one JSON
// line of the requests received so far. Request checks that fail (wrong
// Authorization, unpinned API version) are printed and make the exit code 1.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo/tokeninfotest"
)

// standalone is the testing.TB that tokeninfotest asks for, outside a test:
// it implements the methods the fake server calls (the embedded nil TB
// only satisfies the interface).
type standalone struct {
	testing.TB
	failed   atomic.Bool
	cleanups []func()
}

func (t *standalone) Helper()          {}
func (t *standalone) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *standalone) Errorf(format string, a ...any) {
	t.failed.Store(true)
	fmt.Fprintf(os.Stderr, "fakegithub: "+format+"\n", a...)
}
func (t *standalone) Fatal(a ...any) {
	fmt.Fprintln(os.Stderr, append([]any{"fakegithub:"}, a...)...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fakegithub DIR")
		os.Exit(2)
	}
	t := &standalone{}
	fake := tokeninfotest.NewTLS(t, ghhost.DefaultAPIVersion)
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 4242)
	fake.Token(tok, tokeninfotest.Classic)
	fake.Expire(tok, time.Now().Add(45*24*time.Hour).Truncate(time.Second))
	caFile := filepath.Join(os.Args[1], "ca.pem")
	if err := os.WriteFile(caFile, fake.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	proxy, err := startProxy(fake.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	line, _ := json.Marshal(map[string]string{
		"host": strings.TrimPrefix(fake.URL, "https://"), "caFile": caFile, "token": tok,
		"proxy": proxy, "proxiedHost": proxiedHost,
	})
	fmt.Println(string(line))
	// Until stdin closes: each line "requests" is answered with one JSON
	// line listing every request received so far (the revocation protocol
	// test asserts exactly what left the server).
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if strings.TrimSpace(in.Text()) == "requests" {
			fmt.Println(string(received(fake)))
		}
	}
	fmt.Fprintf(os.Stderr, "fakegithub: %d requests: %s\n", fake.Count(), strings.Join(fake.Requests(), ", "))
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
	if t.failed.Load() {
		os.Exit(1)
	}
}

// received is the fake's requests as JSON: method, url (path and query),
// headers (lower-case names, first value) and body.
func received(fake *tokeninfotest.Server) []byte {
	type request struct {
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	}
	out := []request{}
	for _, r := range fake.Received() {
		h := map[string]string{}
		for name, v := range r.Header {
			h[strings.ToLower(name)] = v[0]
		}
		out = append(out, request{Method: r.Method, URL: r.Target, Headers: h, Body: string(r.Body)})
	}
	b, _ := json.Marshal(out)
	return b
}

// proxiedHost is the Enterprise host name the screenshots show instead of
// 127.0.0.1: the fake's certificate (httptest's) is valid for *.example.com,
// and the proxy below is how a server configured with it reaches the fake.
const proxiedHost = "ghe.example.com"

// startProxy serves an HTTP CONNECT proxy on loopback that tunnels
// proxiedHost:443, and nothing else, to the fake at target. The server under
// test reaches it through HTTPS_PROXY (Go's default transport honours it), so
// it runs unchanged, talks TLS end to end and checks the certificate for
// proxiedHost, as it would for a real Enterprise host.
func startProxy(target string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect || r.Host != proxiedHost+":443" {
			http.Error(w, "this proxy only tunnels to "+proxiedHost+":443", http.StatusForbidden)
			return
		}
		upstream, err := net.Dial("tcp", target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			upstream.Close()
			return
		}
		fmt.Fprint(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		go func() {
			io.Copy(upstream, buf) // what the client sent after CONNECT, then the rest
			upstream.Close()
		}()
		io.Copy(conn, upstream)
		conn.Close()
	}))
	return "http://" + ln.Addr().String(), nil
}
