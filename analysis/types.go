// Package analysis is the editor-independent engine of ghpat-ls: text in,
// findings with byte ranges and fixes out. It knows nothing about LSP, files
// on disk or the network. The LSP server, the scanner and the live lookups
// are front doors over it.
package analysis

import "github.com/ghpat-ls/ghpat-ls/ghhost"

// Severity orders findings; the values match LSP's DiagnosticSeverity.
type Severity int

const (
	SeverityError       Severity = 1
	SeverityWarning     Severity = 2
	SeverityInformation Severity = 3
	SeverityHint        Severity = 4
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInformation:
		return "info"
	case SeverityHint:
		return "hint"
	}
	return "unknown"
}

// ParseSeverity accepts "error", "warning", "info"/"information", "hint".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return SeverityError, true
	case "warning", "warn":
		return SeverityWarning, true
	case "info", "information":
		return SeverityInformation, true
	case "hint":
		return SeverityHint, true
	}
	return 0, false
}

// Range is a half-open byte range [Start, End) into the analysed text.
type Range struct {
	Start, End int
}

// Edit replaces the bytes in Range with NewText.
type Edit struct {
	Range   Range
	NewText string
}

// Fix is one quick fix: a titled set of non-overlapping edits.
type Fix struct {
	Title     string
	Edits     []Edit
	Preferred bool
}

// Finding is one problem found in a text. Message never contains a full
// token: tokens are shown only through ghtoken.Redact.
type Finding struct {
	RuleID   string
	Range    Range
	Severity Severity
	Message  string
	Fixes    []Fix
	// Token is set for hard-coded token findings.
	Token *TokenInfo
}

// TokenInfo describes a hard-coded token without holding the token itself.
type TokenInfo struct {
	Kind          string // ghtoken.Kind
	KindName      string // human name, e.g. "GitHub classic personal access token"
	Redacted      string // e.g. "ghp_abc…wxyz"
	ChecksumValid bool
	// Fingerprint is a hex SHA-256 of the token: stable across runs, safe to
	// store in reports and baselines, useless to an attacker.
	Fingerprint string
	// Pieces: for a token written in pieces (joined string literals,
	// invisible characters inside), where its bytes are, in order; nil
	// when Range holds the token as written. TokenText re-reads it.
	Pieces []Range
	// Written says how a token written in pieces was ("joined from 3
	// string literals", "split by U+200B"); "" for a plain one.
	Written string
}

// Rule IDs. Token rules reuse gitleaks' ids so results agree with gitleaks.
const (
	RuleClassicPAT       = "github-pat"
	RuleFineGrainedPAT   = "github-fine-grained-pat"
	RuleOAuth            = "github-oauth"
	RuleAppToken         = "github-app-token" // ghu_ and ghs_
	RuleRefreshToken     = "github-refresh-token"
	RuleStatelessInstall = "github-app-installation-token-jwt" // ours: gitleaks misses it
	RuleTokenInPath      = "github-token-in-path"              // ours: a token in a file or directory name (scanner)
	RuleLegacyAuthScheme = "github-auth-legacy-scheme"
	RuleMalformedAuth    = "github-auth-malformed"
	RuleUnpinnedVersion  = "github-api-version-unpinned"
	RuleMissingAccept    = "github-api-accept-missing"
	RuleUnknownVersion   = "github-api-version-unknown"
	// Live rules: diagnostics on environment-variable references, from
	// what GitHub says about the token (found by tokeninfo).
	RuleTokenExpiring = "github-token-expiring"
	RuleTokenExpired  = "github-token-expired"
	RuleTokenRejected = "github-token-rejected"
	// Workflow rules: GitHub Actions jobs and the GITHUB_TOKEN permissions
	// they get (analysis/workflow*.go).
	RuleWorkflowPermsMissing = "github-actions-permissions-missing"
	RuleWorkflowPermsBroad   = "github-actions-permissions-broad"
	// RuleTokenOverprivileged: a classic token read from the environment
	// has broad scopes the workspace's API calls do not need (language server).
	RuleTokenOverprivileged = "github-token-overprivileged"
)

// Every rule's facts (kind, severity, docs) are in rules.go.

// Config is what the user can set. The zero value is usable.
type Config struct {
	// APIVersion is the version offered as "latest" in fixes (default ghhost.LatestAPIVersion).
	APIVersion string
	// EnterpriseHosts are GitHub Enterprise Server hosts ("ghe.example.com");
	// requests to https://HOST/api/v3 count as GitHub API requests, to
	// every rule and to FindAPICalls (ghhost.APIRoots). Another host's
	// /api/v3 is not GitHub's.
	EnterpriseHosts []string
	// Disabled rules produce no findings.
	Disabled map[string]bool
	// Severity overrides a rule's default severity.
	Severity map[string]Severity
}

func (c *Config) apiVersion() string {
	if c != nil && c.APIVersion != "" {
		return c.APIVersion
	}
	return ghhost.LatestAPIVersion
}

// enterpriseHosts are the configured Enterprise hosts (none for a nil Config).
func (c *Config) enterpriseHosts() []string {
	if c == nil {
		return nil
	}
	return c.EnterpriseHosts
}

func (c *Config) enabled(rule string) bool {
	return c == nil || !c.Disabled[rule]
}

func (c *Config) severity(rule string, def Severity) Severity {
	if c != nil {
		if s, ok := c.Severity[rule]; ok {
			return s
		}
	}
	return def
}

// EnvRefContext says where an environment-variable reference is resolved.
type EnvRefContext int

const (
	// EnvRuntime: read from the process environment (os.Getenv, process.env,
	// $VAR, ...). The language server can look the variable up in its own
	// environment.
	EnvRuntime EnvRefContext = iota
	// EnvCISecret: a GitHub Actions secret (${{ secrets.X }}): set in CI,
	// not readable here.
	EnvCISecret
	// EnvCIEnv: a GitHub Actions env context value (${{ env.X }}).
	EnvCIEnv
)

// EnvRef is a reference to an environment variable (or CI secret) in code.
// Range covers the whole reference expression; NameRange just the name.
type EnvRef struct {
	Name      string
	Range     Range
	NameRange Range
	Context   EnvRefContext
}
