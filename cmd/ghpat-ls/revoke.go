package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/revoke"
)

const revokeUsage = `Usage: ghpat-ls revoke [flags] < tokens.txt

Reads leaked GitHub tokens from standard input, one per line (never from
arguments: those show in the process list and shell history), and asks
GitHub's credential revocation API to revoke them. The request is sent
without authentication; GitHub emails each token's owner, and a revoked
token cannot be reactivated. Blank lines and lines starting with # are
skipped. Only whole tokens whose checksum holds, of kinds the API accepts
(ghp_, github_pat_, and on github.com gho_, ghu_, ghr_), are sent; at most
1000 per request. Tokens are only ever shown redacted.

Exit status: 0 every token was accepted for revocation; 1 GitHub rejected
some, or some lines were not tokens that can be revoked (nothing was sent
for those); 2 usage error, or a request failed (network, rate limit, 403).

Flags:
`

// revokeExit codes.
const (
	revokeOK       = 0
	revokeRejected = 1
	revokeTrouble  = 2
)

// maxRevokeLine bounds one input line: a token is at most a few hundred
// bytes; a longer line is not a list of tokens.
const maxRevokeLine = 64 << 10

// revokeLine is one token read from standard input.
type revokeLine struct {
	n     int
	token string
}

// runRevoke implements `ghpat-ls revoke`.
func runRevoke(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stdout, stderr = redactWriter{stdout}, redactWriter{stderr}
	fs := newFlagSet("revoke")
	ghe := fs.String("enterprise-host", "", "GitHub Enterprise Server `host` (3.19+; /api/v3 is added). Default: github.com")
	apiURL := fs.String("api-url", "", "REST API base `URL`, used as is (a stand-in for https://api.github.com/)")
	dryRun := fs.Bool("dry-run", false, "check the tokens and say what would be sent where; send nothing")
	timeout := fs.Duration("timeout", revoke.DefaultTimeout, "time limit for each request, a `duration` such as 30s")
	rest, help, err := parseArgs(fs, args, stdout, revokeUsage)
	if help || err != nil {
		return fail(stderr, "revoke", err)
	}
	if len(rest) > 0 {
		what := "arguments"
		for _, a := range rest {
			if ghtoken.Classify(a) != ghtoken.Unknown {
				what = "arguments (" + ghtoken.Redact(a) + " looks like a token: it is now in your shell history; revoke it through standard input)"
				break
			}
		}
		return fail(stderr, "revoke", usagef("tokens are read from standard input, one per line, not from %s", what))
	}
	if *timeout <= 0 {
		return fail(stderr, "revoke", usagef("--timeout must be positive"))
	}
	target := revoke.Target{EnterpriseHost: *ghe, APIURL: *apiURL}
	endpoint, err := target.URL()
	if err != nil {
		fmt.Fprintf(stderr, "ghpat-ls revoke: %v; nothing was sent\n", err)
		return revokeTrouble
	}
	if isTerminalReader(stdin) {
		fmt.Fprintln(stderr, "ghpat-ls revoke: reading tokens from the terminal, one per line; end with Ctrl-D")
	}
	lines, err := readRevokeLines(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "ghpat-ls revoke: standard input: %v; nothing was sent\n", err)
		return revokeTrouble
	}
	if len(lines) == 0 {
		fmt.Fprintln(stderr, "ghpat-ls revoke: no tokens on standard input; nothing was sent")
		return revokeTrouble
	}
	send, code := checkRevokeLines(lines, target, stdout)
	if len(send) == 0 {
		fmt.Fprintln(stdout, "Nothing to send.")
		return max(code, revokeRejected)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "Dry run: would POST %d token(s) without authentication to %s, in %d request(s). Nothing was sent.\n",
			len(send), endpoint, (len(send)+revoke.MaxBatch-1)/revoke.MaxBatch)
		return code
	}
	c := &revoke.Client{UserAgent: "ghpat-ls/" + buildVersion(), Timeout: *timeout}
	return max(code, sendRevokeBatches(c, target, send, stdout))
}

// readRevokeLines reads the non-blank, non-comment lines.
func readRevokeLines(r io.Reader) ([]revokeLine, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxRevokeLine)
	var out []revokeLine
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, revokeLine{n, line})
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, fmt.Errorf("a line is longer than %d bytes (one token per line)", maxRevokeLine)
	}
	return out, sc.Err()
}

// checkRevokeLines reports every line that will not be sent (not a
// token, failing checksum, a kind the API does not take, a repeat) and
// returns the tokens to send.
func checkRevokeLines(lines []revokeLine, t revoke.Target, out io.Writer) ([]revokeLine, int) {
	code := revokeOK
	seen := map[string]int{}
	var send []revokeLine
	for _, l := range lines {
		if first, dup := seen[l.token]; dup {
			fmt.Fprintf(out, "line %d: %s: same token as line %d, sent once\n", l.n, ghtoken.Redact(l.token), first)
			continue
		}
		if err := revoke.Validate(l.token, t.Enterprise()); err != nil {
			fmt.Fprintf(out, "line %d: not sent: %v\n", l.n, err)
			code = revokeRejected
			continue
		}
		seen[l.token] = l.n
		send = append(send, l)
	}
	return send, code
}

// sendRevokeBatches sends up to MaxBatch tokens per request and reports
// each token's outcome and a summary.
func sendRevokeBatches(c *revoke.Client, t revoke.Target, send []revokeLine, out io.Writer) int {
	code := revokeOK
	counts := map[revoke.Status]int{}
	for start := 0; start < len(send); start += revoke.MaxBatch {
		batch := send[start:min(start+revoke.MaxBatch, len(send))]
		toks := make([]string, len(batch))
		for i, l := range batch {
			toks[i] = l.token
		}
		o := c.Send(context.Background(), t, toks)
		subject := ghtoken.Redact(toks[0])
		if len(toks) > 1 {
			subject = fmt.Sprintf("%d tokens", len(toks))
		}
		fmt.Fprintln(out, o.Message(subject, time.Now()))
		for _, l := range batch {
			fmt.Fprintf(out, "line %d: %s: %s\n", l.n, ghtoken.Redact(l.token), o.Status.Short())
		}
		counts[o.Status] += len(batch)
		switch o.Status {
		case revoke.Revoked:
		case revoke.Rejected:
			code = max(code, revokeRejected)
		default:
			code = revokeTrouble
		}
	}
	fmt.Fprintf(out, "Summary: %d revoked, %d rejected, %d rate-limited, %d forbidden, %d failed (host %s).\n",
		counts[revoke.Revoked], counts[revoke.Rejected], counts[revoke.RateLimited], counts[revoke.Forbidden], counts[revoke.Failed], t.Host())
	return code
}
