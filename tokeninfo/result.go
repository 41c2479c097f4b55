package tokeninfo

import (
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghclient"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// State is where an answer about a variable stands.
type State int

const (
	// Unset: the variable is not set (or empty) in the server's environment.
	Unset State = iota
	// Checking: a lookup is running; ask again later (Updates signals when
	// it is done).
	Checking
	// Accepted: GitHub accepted the token.
	Accepted
	// Failed: GitHub refused the token, or could not be asked.
	Failed
	// NotSent: the value was deliberately not sent (not a usable token).
	NotSent
)

func (s State) String() string {
	return [...]string{"unset", "checking", "accepted", "failed", "not sent"}[s]
}

// Result is what is known about the token in one environment variable. It
// never holds the token: only its redacted form and a hash prefix.
type Result struct {
	Var   string
	State State
	// Stale is set when State comes from an expired cache entry while a new
	// lookup runs.
	Stale bool

	Kind     ghtoken.Kind // Unknown for a legacy 40-hex token
	KindName string
	Redacted string
	HashID   string // "sha256:" + 12 hex digits, for logs
	// ValueNote points out a problem with the value itself (whitespace,
	// quotes, not a token), or why it was not sent.
	ValueNote string

	Host        string // API host asked, e.g. "api.github.com"
	SettingsURL string // where the owner manages such tokens
	CheckedAt   time.Time

	// From GET /user.
	Login, AccountType, Name string
	// Scopes from X-OAuth-Scopes; ScopesKnown is false when the header was
	// absent (fine-grained and app tokens).
	Scopes      []string
	ScopesKnown bool
	// Installation tokens: GET /installation/repositories.
	Installation *Installation
	// Expires is zero when GitHub sent no expiry header.
	Expires time.Time
	Rate    *Rate

	Failure *Failure
}

// Installation is what an installation token can see.
type Installation struct {
	Account      string // owner of the first repository, when there is one
	Repositories int
}

// Rate is the rate-limit state reported with the answer.
type Rate = ghclient.Rate

// Reason classifies a failure.
type Reason int

const (
	ReasonOther          Reason = iota
	ReasonBadCredentials        // 401
	ReasonForbidden             // 403 without rate limiting
	ReasonRateLimited           // primary rate limit: remaining 0
	ReasonSecondaryLimit        // secondary rate limit, or 429 with retry-after
	ReasonUnreachable           // network error or timeout
	ReasonConfig                // the settings are unusable (e.g. plain http)
)

// Failure explains why a lookup did not succeed.
type Failure struct {
	Reason           Reason
	Status           int    // HTTP status, 0 for network errors
	Message          string // GitHub's "message"
	DocumentationURL string
	// AcceptedPermissions is X-Accepted-GitHub-Permissions: what the
	// endpoint would have needed.
	AcceptedPermissions string
	// RetryAt: do not ask again before this time (rate limits).
	RetryAt   time.Time
	RequestID string // X-GitHub-Request-Id
	Detail    string // the network error, already free of the token
}
