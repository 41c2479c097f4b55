package ghtoken

// Kind is a GitHub token type, named by its prefix.
type Kind string

const (
	Unknown          Kind = ""
	ClassicPAT       Kind = "ghp"        // personal access token (classic)
	FineGrainedPAT   Kind = "github_pat" // fine-grained personal access token
	OAuth            Kind = "gho"        // OAuth app access token
	UserToServer     Kind = "ghu"        // GitHub App user access token
	ServerToServer   Kind = "ghs"        // GitHub App installation token (40 characters)
	StatelessInstall Kind = "ghs-jwt"    // GitHub App installation token, stateless ghs_<APPID>_<JWT> (2026)
	Refresh          Kind = "ghr"        // GitHub App refresh token
)

// Traits are GitHub's facts about one kind of token. The table below is
// their one home: detection, live lookups, hovers and revocation all read
// them here, so a new kind of token is one new row (see docs/design.md).
type Traits struct {
	Kind Kind
	// Name is the kind as GitHub's docs call it.
	Name string
	// Prefix starts every token of the kind (ghs_ starts two kinds, told
	// apart by the checksum's shape: a JWT has dots).
	Prefix string
	// Len is the exact length, 0 where it varies.
	Len      int
	Checksum Checksum
	// DescribedBy is the REST endpoint that says whose token it is.
	DescribedBy Describer
	// Grants is what the token's rights are made of.
	Grants Grants
	// Managed is where its owner sees and deletes it.
	Managed Place
	// Revocation says where GitHub's credential revocation API takes it
	// and how to revoke it otherwise.
	Revocation Revocation
}

// Checksum is how a token's integrity check is computed.
type Checksum int

const (
	// CRC32Base62: the last 6 characters are the base62 CRC32 (IEEE) of the
	// random part between the prefix and the checksum.
	CRC32Base62 Checksum = iota
	// FineGrainedDigits: characters 77..84 are the first 8 characters of
	// the base32 of SHA-256 of the first 77 (undocumented; holds for every
	// public sample).
	FineGrainedDigits
	// JWTHeader: no checksum; the JWT header decodes to JSON naming an
	// algorithm.
	JWTHeader
)

// Describer is the endpoint that describes a token of a kind.
type Describer int

const (
	// DescribedByUser: GET /user (personal, OAuth and user-to-server tokens).
	DescribedByUser Describer = iota
	// DescribedByInstallation: GET /installation/repositories (/user
	// answers 403 for installation tokens).
	DescribedByInstallation
	// NotDescribed: the token cannot call the API (a refresh token only
	// buys a new user access token).
	NotDescribed
)

// Grants is what a token's rights are made of.
type Grants int

const (
	// ClassicScopes: OAuth scopes, reported in X-OAuth-Scopes.
	ClassicScopes Grants = iota
	// FineGrainedPermissions: per repository; the API does not list them.
	FineGrainedPermissions
	// InstallationPermissions: those granted to the app installation.
	InstallationPermissions
)

// Place is a page of GitHub's web UI: its path under the web base and
// how a person finds it.
type Place struct {
	Path string // "/settings/tokens"
	Menu string // "Settings → Developer settings → Personal access tokens (classic)"
}

// Revocation is how a token of a kind is revoked.
type Revocation struct {
	// OnGitHubCom and OnEnterprise: the credential revocation API (POST
	// /credentials/revoke) takes it on github.com (classic and fine-grained
	// PATs since 2025-04-29; OAuth, GitHub App user and refresh tokens since
	// 2026-03-26), and on Enterprise Server (3.19 documents PATs only).
	// Installation tokens are never taken: they expire within an hour and
	// belong to an app, not a person.
	OnGitHubCom, OnEnterprise bool
	// Otherwise is what its owner does instead, one clause naming the
	// page where the token is managed (the live hover links that page).
	Otherwise string
}

// Places where tokens are managed on GitHub's web UI.
var (
	classicTokensPage = Place{"/settings/tokens", "GitHub → Settings → Developer settings → Personal access tokens → Tokens (classic)"}
	fineTokensPage    = Place{"/settings/personal-access-tokens", "GitHub → Settings → Developer settings → Personal access tokens → Fine-grained tokens"}
	oauthAppsPage     = Place{"/settings/applications", "GitHub → Settings → Applications → Authorized OAuth Apps"}
	githubAppsPage    = Place{"/settings/apps/authorizations", "GitHub → Settings → Applications → Authorized GitHub Apps"}
	installationsPage = Place{"/settings/installations", "GitHub → Settings → Applications → Installed GitHub Apps"}
)

// at is the revocation advice for a token deleted on a page of the web UI.
func at(p Place, then string) string { return p.Menu + " (`" + p.Path + "`)" + then }

const installationRevoke = "call `DELETE /installation/token` with it (installation tokens also expire within an hour), " +
	"and check that the app's private key did not leak too"

// kinds is the table. Order: longest prefix first, and the stateless
// installation row before the 40-character one it shares ghs_ with.
var kinds = []Traits{
	{Kind: FineGrainedPAT, Name: "GitHub fine-grained personal access token", Prefix: "github_pat_", Len: FineGrainedLen,
		Checksum: FineGrainedDigits, DescribedBy: DescribedByUser, Grants: FineGrainedPermissions, Managed: fineTokensPage,
		Revocation: Revocation{OnGitHubCom: true, OnEnterprise: true, Otherwise: at(fineTokensPage, ", then delete it")}},
	{Kind: ClassicPAT, Name: "GitHub classic personal access token", Prefix: "ghp_", Len: ClassicLen,
		Checksum: CRC32Base62, DescribedBy: DescribedByUser, Grants: ClassicScopes, Managed: classicTokensPage,
		Revocation: Revocation{OnGitHubCom: true, OnEnterprise: true, Otherwise: at(classicTokensPage, ", then delete it")}},
	{Kind: OAuth, Name: "GitHub OAuth access token", Prefix: "gho_", Len: ClassicLen,
		Checksum: CRC32Base62, DescribedBy: DescribedByUser, Grants: ClassicScopes, Managed: oauthAppsPage,
		Revocation: Revocation{OnGitHubCom: true, Otherwise: at(oauthAppsPage, " (or the app's owner revokes it through the API)")}},
	{Kind: UserToServer, Name: "GitHub App user access token", Prefix: "ghu_", Len: ClassicLen,
		Checksum: CRC32Base62, DescribedBy: DescribedByUser, Grants: ClassicScopes, Managed: githubAppsPage,
		Revocation: Revocation{OnGitHubCom: true, Otherwise: at(githubAppsPage, "")}},
	{Kind: StatelessInstall, Name: "GitHub App installation token (stateless JWT format)", Prefix: "ghs_",
		Checksum: JWTHeader, DescribedBy: DescribedByInstallation, Grants: InstallationPermissions, Managed: installationsPage,
		Revocation: Revocation{Otherwise: installationRevoke}},
	{Kind: ServerToServer, Name: "GitHub App installation token", Prefix: "ghs_", Len: ClassicLen,
		Checksum: CRC32Base62, DescribedBy: DescribedByInstallation, Grants: InstallationPermissions, Managed: installationsPage,
		Revocation: Revocation{Otherwise: installationRevoke}},
	{Kind: Refresh, Name: "GitHub App refresh token", Prefix: "ghr_", Len: RefreshLen,
		Checksum: CRC32Base62, DescribedBy: NotDescribed, Grants: ClassicScopes, Managed: githubAppsPage,
		Revocation: Revocation{OnGitHubCom: true, Otherwise: at(githubAppsPage, "")}},
}

// unknownTraits answer for Unknown: a token of no known kind.
var unknownTraits = Traits{Name: "GitHub token", Managed: classicTokensPage,
	Revocation: Revocation{Otherwise: at(classicTokensPage, ", then delete it")}}

// Kinds returns the table, one row per kind.
func Kinds() []Traits { return append([]Traits(nil), kinds...) }

// Traits are the facts about kind k (Unknown: a generic GitHub token).
func (k Kind) Traits() Traits {
	for _, t := range kinds {
		if t.Kind == k {
			return t
		}
	}
	return unknownTraits
}

// Revocable reports whether the credential revocation API takes tokens
// of kind k, on github.com or (enterprise) on Enterprise Server.
func (k Kind) Revocable(enterprise bool) bool {
	r := k.Traits().Revocation
	if enterprise {
		return r.OnEnterprise
	}
	return r.OnGitHubCom
}
