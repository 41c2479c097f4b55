package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/tokeninfo"
)

// whoamiDefaultVars are tried in order when no variable is named, as gh does.
var whoamiDefaultVars = []string{"GITHUB_TOKEN", "GH_TOKEN"}

// runWhoami prints what GitHub says about the token in an environment
// variable, redacted. Exit status: 0 GitHub accepted the token, 1 it was
// rejected, could not be checked or no variable is set, 2 usage.
func runWhoami(args []string, stdout, stderr io.Writer) int {
	// Errors quote flags and names as typed, and people paste tokens
	// there (a URL with credentials, the value instead of the name).
	stdout, stderr = redactWriter{stdout}, redactWriter{stderr}
	fs := flag.NewFlagSet("whoami", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiURL := fs.String("api-url", "", "REST API base URL (default https://api.github.com/)")
	ghe := fs.String("enterprise-host", "", "GitHub Enterprise Server host or URL (/api/v3 is added)")
	version := fs.String("api-version", "", "X-GitHub-Api-Version to send (default: latest for github.com, 2022-11-28 for Enterprise)")
	timeout := fs.Duration("timeout", tokeninfo.DefaultRequestTimeout, "time limit for the requests")
	verbose := fs.Bool("v", false, "log requests to stderr (tokens appear only as a hash prefix)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: ghpat-ls whoami [flags] [VAR]\n\nShows whose token is in $VAR (default: the first set of %v), its scopes,\nexpiry and rate limit, as GitHub reports them. The token is only ever shown redacted.\n\n", whoamiDefaultVars)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 || *timeout <= 0 {
		fs.Usage()
		return 2
	}
	name := fs.Arg(0)
	if ghtoken.Classify(name) != ghtoken.Unknown {
		fmt.Fprintf(stderr, "ghpat-ls whoami: %s looks like a token: name the variable that holds it (ghpat-ls whoami GITHUB_TOKEN), not its value\n", ghtoken.Redact(name))
		return 2
	}
	if name == "" {
		for _, v := range whoamiDefaultVars {
			if os.Getenv(v) != "" {
				name = v
				break
			}
		}
		if name == "" {
			fmt.Fprintf(stderr, "ghpat-ls whoami: none of %v is set; name a variable: ghpat-ls whoami VAR\n", whoamiDefaultVars)
			return 1
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
		fmt.Fprintln(stderr, "ghpat-ls whoami:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2**timeout+time.Second)
	defer cancel()
	r := svc.Check(ctx, name)
	fmt.Fprint(stdout, tokeninfo.Text(r, time.Now()))
	if r.State == tokeninfo.Accepted {
		return 0
	}
	return 1
}

// redactWriter passes each write through ghtoken.RedactAll. The command
// prints with one Fprint per message, so a token is never split between
// two writes.
type redactWriter struct{ w io.Writer }

func (r redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, ghtoken.RedactAll(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
