// Package ghclient is the one way the project talks to GitHub over HTTP,
// for the two packages that do (tokeninfo: live lookups; revoke: the
// credential revocation API). Its client sends only over https (http to
// loopback test servers only), follows no redirect and caps every body;
// it reads rate limits one way (one cap, the server's clock corrected by
// its Date header), explains GitHub's error answers one way and scrubs
// every text a host sends back in one place. It imports only the ground
// floor (ghtoken, ghhost) and knows no endpoint.
package ghclient

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/ghpat-ls/ghpat-ls/ghhost"
)

// MaxBody bounds what is read of one answer. GitHub's answers here are a
// few kilobytes; go-github reads error bodies whole (io.ReadAll), so an
// endless body from a proxy or a hostile host would otherwise fill memory.
const MaxBody = 1 << 20

// ErrBodyTooLarge ends the read of a body over MaxBody.
var ErrBodyTooLarge = errors.New("response body larger than 1 MiB")

// New returns a copy of c (nil: a fresh default transport) that sends
// only to https (or http on loopback), follows no redirect and reads at
// most MaxBody bytes of any body: a redirect could carry the
// Authorization header, or a POST's body with its tokens, somewhere else.
func New(c *http.Client) *http.Client {
	if c == nil {
		c = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	cp := *c
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := cp.Transport
	if tr == nil {
		tr = http.DefaultTransport
	}
	if _, ok := tr.(guarded); !ok {
		cp.Transport = guarded{tr}
	}
	return &cp
}

// guarded refuses plain http off loopback and caps every response body.
type guarded struct{ rt http.RoundTripper }

func (g guarded) RoundTrip(req *http.Request) (*http.Response, error) {
	if !ghhost.SchemeAllowed(req.URL) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("%s: %w", req.URL.Redacted(), ghhost.ErrInsecureURL)
	}
	resp, err := g.rt.RoundTrip(req)
	if resp != nil && resp.Body != nil {
		resp.Body = &cappedBody{ReadCloser: resp.Body, left: MaxBody}
	}
	return resp, err
}

type cappedBody struct {
	io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the cap: fine if the body ends here, an error if not.
		var one [1]byte
		n, err := b.ReadCloser.Read(one[:])
		if n > 0 || err == nil {
			return 0, ErrBodyTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}
