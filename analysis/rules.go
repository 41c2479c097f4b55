package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
	"github.com/ghpat-ls/ghpat-ls/ghhost"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// RuleKind groups rules by what they look at.
type RuleKind string

const (
	// KindToken rules find a hard-coded token in a text.
	KindToken RuleKind = "token"
	// KindPath rules find a token in a file or directory name (scanner).
	KindPath RuleKind = "path"
	// KindHeader rules check how code sends a token to the GitHub REST API.
	KindHeader RuleKind = "header"
	// KindWorkflow rules check the GITHUB_TOKEN permissions of GitHub
	// Actions jobs (workflow files).
	KindWorkflow RuleKind = "workflow"
	// KindLive rules report what GitHub said about a token read from the
	// environment (live lookups, editor only).
	KindLive RuleKind = "live"
)

// Rule is one rule's facts: the single home of its id, kind, default
// severity and documentation. Diagnostics, SARIF, hovers, settings
// validation and docs/rules.md all read them from here.
type Rule struct {
	ID              string
	Kind            RuleKind
	DefaultSeverity Severity
	// Summary is one line (SARIF shortDescription, docs table).
	Summary string
	// Help is the explanation (Markdown): why it matters and what to do.
	// Hovers show it and SARIF carries it as fullDescription.
	Help string
	Tags []string
	// SecuritySeverity is SARIF's properties["security-severity"], a CVSS-like
	// score GitHub code scanning maps to critical/high/medium/low.
	SecuritySeverity string
	// TokenKinds are the kinds of token a token rule finds.
	TokenKinds []ghtoken.Kind
	// Gitleaks: the rule is gitleaks' own (same id, its regex), so it finds
	// its kinds' prefixes; the others are ghpat-ls' own.
	Gitleaks bool
	// Samples are what the rule must and must not flag, run by one test
	// (TestRuleSamples) as gitleaks validates each rule against its own.
	// Path rules are checked by scan's tests and live rules by tokeninfo's
	// (they need a file name or GitHub's answer, not a text): they have none.
	Samples Samples
}

// Samples are a rule's examples: each Positive text holds at least one
// finding of the rule, no Negative text holds one. Path names the file
// (its name picks the language). Markers keep GitHub's facts and real-
// looking tokens out of the code: {{ghp}}, {{github_pat}}, ... become
// generated tokens (internal/fixture), {{api}} github.com's REST API root
// and {{media}} its media type.
type Samples struct {
	Path               string
	Positive, Negative []string
}

// RulesDocURL is the web address of docs/rules.md; HelpURL adds the anchor.
const RulesDocURL = "https://github.com/ghpat-ls/ghpat-ls/blob/main/docs/rules.md"

var tokenHelp = "A token written in a file leaks with the file: to every clone, fork, CI log and package. " +
	"**error**: the checksum is valid (or a random-looking `" + finePrefix + "`), so treat it as real: " +
	"revoke or rotate it and read it from the environment (`GITHUB_TOKEN`). " +
	"**hint**: the shape is right but the checksum or length is wrong, so it looks like a placeholder. " +
	"A false positive is marked with `gitleaks:allow` on its line, its fingerprint in `.gitleaksignore`, or a `--baseline` report."

var leakTags = []string{"security", "secret", "external/cwe/cwe-798"}

// rules is the table. Order: token, path, header, api-change, workflow, live.
var rules = []Rule{
	{ID: RuleClassicPAT, Kind: KindToken, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		TokenKinds: []ghtoken.Kind{ghtoken.ClassicPAT}, Gitleaks: true,
		Summary: "Hard-coded GitHub classic personal access token (" + ghtoken.ClassicPAT.Prefix() + "…)", Help: tokenHelp,
		Samples: Samples{Path: "config.js", Positive: []string{`const token = "{{ghp}}";`}, Negative: []string{`const token = process.env.GITHUB_TOKEN;`, `const token = "{{gho}}";`}}},
	{ID: RuleFineGrainedPAT, Kind: KindToken, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		TokenKinds: []ghtoken.Kind{ghtoken.FineGrainedPAT}, Gitleaks: true,
		Summary: "Hard-coded GitHub fine-grained personal access token (" + finePrefix + "…)",
		Help: tokenHelp + " GitHub does not document the check digits of `" + finePrefix + "` tokens, so a failed check does not " +
			"clear a random-looking one: it stays an error.",
		Samples: Samples{Path: "app.py", Positive: []string{`token = "{{github_pat}}"`}, Negative: []string{`token = os.environ["GITHUB_TOKEN"]`, `token = "{{ghp}}"`}}},
	{ID: RuleOAuth, Kind: KindToken, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		TokenKinds: []ghtoken.Kind{ghtoken.OAuth}, Gitleaks: true,
		Summary: "Hard-coded GitHub OAuth access token (" + ghtoken.OAuth.Prefix() + "…)", Help: tokenHelp,
		Samples: Samples{Path: "settings.yml", Positive: []string{"oauth_token: {{gho}}\n"}, Negative: []string{"oauth_token: ${OAUTH_TOKEN}\n", "oauth_token: {{ghu}}\n"}}},
	{ID: RuleAppToken, Kind: KindToken, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		TokenKinds: []ghtoken.Kind{ghtoken.UserToServer, ghtoken.ServerToServer}, Gitleaks: true,
		Summary: "Hard-coded GitHub App user-to-server (" + ghtoken.UserToServer.Prefix() + "…) or server-to-server (" + serverPrefix + "…) token", Help: tokenHelp,
		Samples: Samples{Path: ".env", Positive: []string{"GH_TOKEN={{ghu}}\n", "GH_TOKEN={{ghs}}\n"}, Negative: []string{"GH_TOKEN=\n", "GH_TOKEN={{ghr}}\n"}}},
	{ID: RuleRefreshToken, Kind: KindToken, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		TokenKinds: []ghtoken.Kind{ghtoken.Refresh}, Gitleaks: true,
		Summary: "Hard-coded GitHub App refresh token (" + ghtoken.Refresh.Prefix() + "…)", Help: tokenHelp,
		Samples: Samples{Path: "auth.rb", Positive: []string{`refresh = "{{ghr}}"`}, Negative: []string{`refresh = ENV["GH_REFRESH_TOKEN"]`, `refresh = "{{ghu}}"`}}},
	{ID: RuleStatelessInstall, Kind: KindToken, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		TokenKinds: []ghtoken.Kind{ghtoken.StatelessInstall},
		Summary:    "Hard-coded GitHub App stateless installation token (" + serverPrefix + "<APPID>_<JWT>)",
		Help: tokenHelp + " A stateless installation token grants access to the app's repositories until it expires " +
			"(gitleaks' rules miss this format).",
		Samples: Samples{Path: "deploy.sh", Positive: []string{"export GH_TOKEN={{ghs-jwt}}\n"}, Negative: []string{"export GH_TOKEN={{ghs}}\n", "export GH_TOKEN=$(gh auth token)\n"}}},
	{ID: RuleTokenInPath, Kind: KindPath, DefaultSeverity: SeverityError, SecuritySeverity: "9.0", Tags: leakTags,
		Summary: "A file or directory name holds a GitHub token",
		Help: "Once committed, a path is as public as the content. Rename the file or directory and revoke the token " +
			"(it may already be in a commit, a CI log or a package). Reported by `ghpat-ls scan` only."},
	{ID: RuleLegacyAuthScheme, Kind: KindHeader, DefaultSeverity: SeverityWarning, SecuritySeverity: "2.0", Tags: []string{"correctness", "github-api"},
		Summary: "Authorization: token … sent to GitHub; use Bearer",
		Help:    "`Authorization: token …` still works, but current GitHub docs use `Bearer`, which every token type accepts.",
		Samples: Samples{Path: "client.go", Positive: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\nreq.Header.Set(\"Authorization\", \"token \"+tok)\n"}, Negative: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\nreq.Header.Set(\"Authorization\", \"Bearer \"+tok)\n"}}},
	{ID: RuleMalformedAuth, Kind: KindHeader, DefaultSeverity: SeverityError, SecuritySeverity: "4.0", Tags: []string{"correctness", "github-api"},
		Summary: "Authorization header GitHub cannot parse (401 Bad credentials)",
		Help: "GitHub answers `401 Bad credentials` to an Authorization header it cannot parse: quotes around the token, " +
			"the scheme twice, extra whitespace, no token. Write `Bearer <token>` with exactly one space.",
		Samples: Samples{Path: "client.go", Positive: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\nreq.Header.Set(\"Authorization\", \"Bearer \\\"\"+tok+\"\\\"\")\n"}, Negative: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\nreq.Header.Set(\"Authorization\", \"Bearer \"+tok)\n"}}},
	{ID: RuleUnpinnedVersion, Kind: KindHeader, DefaultSeverity: SeverityInformation, SecuritySeverity: "1.0", Tags: []string{"maintainability", "github-api"},
		Summary: "GitHub REST API request without " + ghhost.APIVersionHeader,
		Help: "A request without `" + ghhost.APIVersionHeader + "` gets " + ghhost.DefaultAPIVersion + ", which GitHub supports until at least " +
			apiversions.SupportedUntil(ghhost.DefaultAPIVersion) + "; " + ghhost.LatestAPIVersion + " has breaking changes, so pin the version your code " +
			"was written against. The fix pins " + ghhost.LatestAPIVersion + " as safe only when no line of the code depends on one of its " +
			"changes (`ghpat-ls breaking-changes` lists them).",
		Samples: Samples{Path: "client.go", Positive: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\n"}, Negative: []string{pinnedSample(ghhost.DefaultAPIVersion)}}},
	{ID: RuleMissingAccept, Kind: KindHeader, DefaultSeverity: SeverityHint, SecuritySeverity: "1.0", Tags: []string{"maintainability", "github-api"},
		Summary: "GitHub REST API request without Accept: " + ghhost.MediaType,
		Help:    "Without `Accept: " + ghhost.MediaType + "` the response format is GitHub's default, not the one the REST docs describe.",
		Samples: Samples{Path: "client.go", Positive: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\n"}, Negative: []string{"req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\nreq.Header.Set(\"Accept\", \"{{media}}\")\n"}}},
	{ID: RuleUnknownVersion, Kind: KindHeader, DefaultSeverity: SeverityWarning, SecuritySeverity: "3.0", Tags: []string{"correctness", "github-api"},
		Summary: ghhost.APIVersionHeader + " that GitHub does not publish",
		Help: "GitHub answers `400 Bad Request` to an `" + ghhost.APIVersionHeader + "` it does not publish (known: " +
			strings.Join(ghhost.KnownAPIVersions(), ", ") + ").",
		Samples: Samples{Path: "client.go", Positive: []string{pinnedSample("2024-01-01")}, Negative: []string{pinnedSample(ghhost.DefaultAPIVersion)}}},
	{ID: RuleBreakingChange, Kind: KindAPIChange, DefaultSeverity: SeverityWarning, SecuritySeverity: "3.0", Tags: []string{"correctness", "github-api"},
		Summary: "Code that depends on a breaking change of the GitHub REST API version its call gets, or will get",
		Help: "Each REST API version may remove response properties and request parameters, change status codes and enum values, " +
			"or remove operations. **warning**: the call already sends a version with the change, so this line is broken now. " +
			"**information**: the change comes between the call's version and the target (`apiVersion`, default the latest), so the code works " +
			"today and must change before the move. Only places tied to the call's own request or response are reported. " +
			"`ghpat-ls breaking-changes` lists every call and what touches it.",
		Samples: Samples{Path: "pulls.py", Positive: []string{"r = requests.get(\"{{api}}/repos/o/r/pulls/1\")\npr = r.json()\nprint(pr[\"merge_commit_sha\"])\n"}, Negative: []string{"r = requests.get(\"{{api}}/repos/o/r/pulls/1\")\npr = r.json()\nprint(pr[\"merge_commit_sha_x\"], {\"merge_commit_sha\": 1}[\"merge_commit_sha\"])\n"}}},
	{ID: RuleWorkflowPermsMissing, Kind: KindWorkflow, DefaultSeverity: SeverityWarning, SecuritySeverity: "4.0", Tags: []string{"security", "github-actions"},
		Summary: "A job calls the GitHub API with GITHUB_TOKEN and sets no permissions:",
		Help: "Without `permissions:` a job's GITHUB_TOKEN gets the repository's default, which is write access to " +
			"nearly everything in many repositories and organizations. The fix adds the least block for the calls found.",
		Samples: Samples{Path: ".github/workflows/ci.yml", Positive: []string{"jobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: github.rest.issues.addLabels({})\n"}, Negative: []string{"jobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: github.rest.issues.addLabels({})\n"}}},
	{ID: RuleWorkflowPermsBroad, Kind: KindWorkflow, DefaultSeverity: SeverityInformation, SecuritySeverity: "2.0", Tags: []string{"security", "github-actions"},
		Summary: "A permissions: block grants more than its jobs use",
		Help: "Every permission a job does not use is one a compromised step could use. The fix narrows the block to " +
			"what the job's API calls, checkout and pushes need; it is offered only when every use of the token was recognised.",
		Samples: Samples{Path: ".github/workflows/ci.yml", Positive: []string{"jobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: github.rest.issues.addLabels({})\n"}, Negative: []string{"jobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: github.rest.issues.addLabels({})\n"}}},
	{ID: RuleTokenExpiring, Kind: KindLive, DefaultSeverity: SeverityWarning, SecuritySeverity: "3.0", Tags: []string{"security", "live"},
		Summary: "The token in this environment variable expires soon",
		Help:    "GitHub says the token read from this variable expires within `liveLookups.expiryWarningDays`. Renew it before it breaks the code that uses it."},
	{ID: RuleTokenExpired, Kind: KindLive, DefaultSeverity: SeverityError, SecuritySeverity: "3.0", Tags: []string{"security", "live"},
		Summary: "The token in this environment variable has expired",
		Help:    "GitHub says the token read from this variable is past its expiry date: requests with it fail. Create a new token."},
	{ID: RuleTokenRejected, Kind: KindLive, DefaultSeverity: SeverityError, SecuritySeverity: "3.0", Tags: []string{"security", "live"},
		Summary: "GitHub rejects the token in this environment variable (401)",
		Help:    "GitHub answered `401 Bad credentials`: the token is malformed, expired or revoked. Replace it."},
	{ID: RuleTokenOverprivileged, Kind: KindLive, DefaultSeverity: SeverityInformation, SecuritySeverity: "2.0", Tags: []string{"security", "live", "least-privilege"},
		Summary: "The classic token in this environment variable has broad scopes this workspace does not use",
		Help: "GitHub reports the classic token's scopes (`X-OAuth-Scopes`); none of the GitHub API calls in this workspace needs " +
			"the broad ones named (`repo`, `workflow`, `delete_repo`, `write:packages`, `delete:packages`, `write:org`, `user`, " +
			"`site_admin`, `codespace`, `admin:*`). A leaked token can do all they allow. The hover lists what the code needs " +
			"and links a right-sized fine-grained token."},
}

// pinnedSample is a Go request to GitHub pinned to version.
func pinnedSample(version string) string {
	return "req, _ := http.NewRequest(\"GET\", \"{{api}}/user\", nil)\nreq.Header.Set(\"" + ghhost.APIVersionHeader + "\", \"" + version + "\")\n"
}

// Rules returns every rule, in a stable order (token, path, header, workflow, live).
func Rules() []Rule { return slices.Clone(rules) }

// DefaultSeverity is the severity of rule id's findings, from the
// registry: finders take it here, so a rule's severity has one home. The
// one exception is the token rules' checksum variants (tokens.go): a
// placeholder whose checksum fails is a hint.
func DefaultSeverity(id string) Severity {
	r, ok := RuleByID(id)
	if !ok {
		panic("analysis.DefaultSeverity: unknown rule " + id)
	}
	return r.DefaultSeverity
}

// RuleByID returns the rule with this id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// HelpURL is the rule's section in docs/rules.md (the anchor is the id).
func HelpURL(id string) string { return RulesDocURL + "#" + id }

// RuleIDs returns the ids of the rules of the given kinds (all when none).
func RuleIDs(kinds ...RuleKind) []string {
	var ids []string
	for _, r := range rules {
		if len(kinds) == 0 || slices.Contains(kinds, r.Kind) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// CheckRuleID is the one check of a user-given rule id (editor settings,
// scan --disable): nil for a known id, else an error naming the known ones.
func CheckRuleID(id string) error {
	if _, ok := RuleByID(id); ok {
		return nil
	}
	return fmt.Errorf("unknown rule id %q (known: %s)", ghtoken.RedactAll(id), strings.Join(RuleIDs(), ", "))
}

// gitleaksRuleFor is the gitleaks rule that finds tokens of kind k, or "".
func gitleaksRuleFor(k ghtoken.Kind) string {
	for _, r := range rules {
		if r.Gitleaks && slices.Contains(r.TokenKinds, k) {
			return r.ID
		}
	}
	return ""
}
