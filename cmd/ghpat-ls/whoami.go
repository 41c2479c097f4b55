package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// whoamiDefaultVars are tried in order when no variable is named, as gh does.
var whoamiDefaultVars = []string{"GITHUB_TOKEN", "GH_TOKEN"}

// runWhoami prints what GitHub says about the token in an environment
// variable, redacted. Exit status: 0 GitHub accepted the token, 1 it was
// rejected, could not be checked or no variable is set, 2 usage.
func runWhoami(args []string, stdout, stderr io.Writer) error {
	// What GitHub sent is scrubbed by tokeninfo; the variable name is as
	// typed, and people paste the value there.
	stdout = redactWriter{stdout}
	fs := newFlagSet("whoami")
	apiURL := fs.String("api-url", "", "REST API base `URL` (default https://api.github.com/)")
	ghe := fs.String("enterprise-host", "", "GitHub Enterprise Server `host` or URL (/api/v3 is added)")
	version := fs.String("api-version", "", "X-GitHub-Api-Version to send, a `date` (default: latest for github.com, 2022-11-28 for Enterprise)")
	timeout := fs.Duration("timeout", tokeninfo.DefaultRequestTimeout, "time limit for the requests, a `duration` such as 10s")
	verbose := fs.Bool("verbose", false, "log requests to stderr (tokens appear only as a hash prefix)")
	fs.BoolVar(verbose, "v", false, "")
	header := fmt.Sprintf("Usage: ghpat-ls whoami [flags] [VAR]\n\nShows whose token is in $VAR (default: the first set of %s),\nits scopes, expiry and rate limit, as GitHub reports them. The token is only\never shown redacted.\n\nFlags:\n", strings.Join(whoamiDefaultVars, ", "))
	rest, help, err := parseArgs(fs, args, stdout, header)
	if help || err != nil {
		return err
	}
	if len(rest) > 1 {
		return usagef("one variable name at most, got %d arguments", len(rest))
	}
	if *timeout <= 0 {
		return usagef("--timeout must be positive, not %v", *timeout)
	}
	name := ""
	if len(rest) > 0 {
		name = rest[0]
	}
	if ghtoken.Classify(name) != ghtoken.Unknown {
		return usagef("%s looks like a token: name the variable that holds it (ghpat-ls whoami GITHUB_TOKEN), not its value", ghtoken.Redact(name))
	}
	if name == "" {
		for _, v := range whoamiDefaultVars {
			if os.Getenv(v) != "" {
				name = v
				break
			}
		}
		if name == "" {
			return failf(1, "none of %v is set; name a variable: ghpat-ls whoami VAR", whoamiDefaultVars)
		}
	}

	opts := tokeninfo.Options{
		Settings:  tokeninfo.Settings{APIURL: *apiURL, EnterpriseHost: *ghe, APIVersion: *version, RequestTimeout: *timeout},
		UserAgent: "ghpat-ls/" + buildVersion(),
	}
	if *verbose {
		opts.Logf = func(f string, a ...any) { fmt.Fprintf(stderr, f+"\n", a...) }
	}
	svc, err := tokeninfo.New(opts)
	if err != nil {
		return failf(2, "%v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2**timeout+time.Second)
	defer cancel()
	r := svc.Check(ctx, name)
	fmt.Fprint(stdout, tokeninfo.Text(r, time.Now()))
	if r.State == tokeninfo.Accepted {
		return nil
	}
	return exitCode(1)
}
