package tokeninfo

import (
	"fmt"
	"strings"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/permissions"
)

// broadScopes are classic scopes that reach far beyond what one script
// usually needs. admin:* is matched by prefix.
var broadScopes = map[string]bool{
	"repo": true, "workflow": true, "delete_repo": true, "write:packages": true,
	"delete:packages": true, "write:org": true, "user": true, "site_admin": true,
	"codespace": true, "admin:enterprise": true,
}

// IsBroadScope reports whether a classic OAuth scope is broad enough to be
// worth a warning.
func IsBroadScope(s string) bool {
	return broadScopes[s] || strings.HasPrefix(s, "admin:")
}

// style is the difference between the Markdown hover and plain text.
type style struct {
	md bool
}

func (st style) code(s string) string {
	if st.md {
		// A backtick inside would end the span early.
		return "`" + strings.ReplaceAll(s, "`", "'") + "`"
	}
	return s
}

// mdSpecial are the characters that can start Markdown markup inside a
// line: links, images, emphasis, HTML and entities, code, tables. "_" is
// left alone: variable names are full of it, and inside a word it is no
// markup.
var mdSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "!", `\!`, "|", `\|`, "~", `\~`, "&", `\&`,
)

// text is s, shown as plain text: in Markdown every markup character is
// escaped. Everything that comes from outside (the API host, a name in the
// document, a setting) is rendered through text or code, so it cannot add a
// link, an image or markup to the hover.
func (st style) text(s string) string {
	if st.md {
		return mdSpecial.Replace(s)
	}
	return s
}

func (st style) bold(s string) string {
	if st.md {
		return "**" + s + "**"
	}
	return s
}

// Markdown renders a hover for an environment-variable reference. For CI
// references nothing is looked up.
func Markdown(ref analysis.EnvRef, r Result, now time.Time) string {
	st := style{md: true}
	switch ref.Context {
	case analysis.EnvCISecret:
		return fmt.Sprintf("**%s**: a GitHub Actions secret: set in CI, not readable here.", st.text(ref.Name))
	case analysis.EnvCIEnv:
		return fmt.Sprintf("**%s**: a workflow environment value: set in CI, not readable here.", st.text(ref.Name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**: %s", st.text(r.Var), setText(r, "the language server's environment"))
	if r.State == Unset {
		b.WriteString("\n\nStart the editor from a shell where the variable is set to see whose token it is.")
		return b.String()
	}
	fmt.Fprintf(&b, "  \n%s %s\n\n", r.KindName, st.code(r.Redacted))
	for _, l := range lines(st, r, now) {
		b.WriteString("- " + l + "\n")
	}
	if r.SettingsURL != "" {
		fmt.Fprintf(&b, "\n[Manage tokens](%s) · %s", r.SettingsURL, st.text(r.Host))
	}
	return strings.TrimRight(b.String(), "\n")
}

// Text renders the same information as plain text for a terminal.
func Text(r Result, now time.Time) string {
	st := style{}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", r.Var, setText(r, "this environment"))
	if r.State == Unset {
		return b.String()
	}
	fmt.Fprintf(&b, "  %s %s\n", r.KindName, r.Redacted)
	for _, l := range lines(st, r, now) {
		b.WriteString("  " + l + "\n")
	}
	if r.SettingsURL != "" {
		fmt.Fprintf(&b, "  Manage tokens: %s\n", r.SettingsURL)
	}
	return b.String()
}

func setText(r Result, env string) string {
	if r.State == Unset {
		return "not set in " + env
	}
	return "set in " + env
}

// lines are the facts about r, one per line, in display order.
func lines(st style, r Result, now time.Time) []string {
	var out []string
	if r.ValueNote != "" {
		out = append(out, "⚠ "+r.ValueNote)
	}
	switch r.State {
	case NotSent:
		return out
	case Checking:
		return append(out, "checking with "+st.text(r.Host)+"… (hover again in a moment)")
	case Failed:
		out = append(out, explain(st, r, now)...)
		if r.Rate != nil && r.Failure.Reason != ReasonRateLimited {
			out = append(out, rateLine(st, r.Rate))
		}
		return out
	}
	if r.Stale {
		out = append(out, fmt.Sprintf("_as of %s; refreshing…_", r.CheckedAt.Local().Format("15:04")))
	}
	if r.Login != "" {
		acct := st.text(r.AccountType)
		if r.Name != "" {
			acct += ", " + st.text(r.Name)
		}
		out = append(out, fmt.Sprintf("Owner: %s (%s)", st.bold(st.text(r.Login)), acct))
	}
	if in := r.Installation; in != nil {
		s := fmt.Sprintf("Installation: %d %s", in.Repositories, plural(in.Repositories, "repository", "repositories"))
		if in.Account != "" {
			s += " on " + st.bold(st.text(in.Account))
		}
		out = append(out, s)
	}
	out = append(out, scopeLines(st, r)...)
	out = append(out, expiryLine(r, now))
	if r.Rate != nil {
		out = append(out, rateLine(st, r.Rate))
	}
	return out
}

func scopeLines(st style, r Result) []string {
	switch {
	case r.Installation != nil || grants(r) == ghtoken.InstallationPermissions:
		return []string{"Permissions: those granted to the app installation"}
	case !r.ScopesKnown && grants(r) == ghtoken.FineGrainedPermissions:
		return []string{"Permissions: fine-grained, per repository; the API does not list them"}
	case !r.ScopesKnown:
		return []string{"Scopes: not reported (no X-OAuth-Scopes header)"}
	case len(r.Scopes) == 0:
		return []string{"Scopes: none (public, read-only access)"}
	}
	var parts []string
	broad := false
	for _, s := range r.Scopes {
		if IsBroadScope(s) {
			broad = true
			parts = append(parts, st.code(s)+" ⚠")
		} else {
			parts = append(parts, st.code(s))
		}
	}
	out := []string{"Scopes: " + strings.Join(parts, ", ")}
	if broad {
		out = append(out, "⚠ broad scopes: grant the minimum, or prefer a fine-grained token limited to the repositories it needs")
	}
	return out
}

func expiryLine(r Result, now time.Time) string {
	if r.Expires.IsZero() {
		if grants(r) == ghtoken.InstallationPermissions {
			return "Expires: not reported (installation tokens last one hour)"
		}
		return "Expires: no expiration; GitHub revokes tokens unused for a year"
	}
	return "Expires: " + r.Expires.Local().Format("2006-01-02 15:04 MST") + " (" + relative(r.Expires, now) + ")"
}

// relative is "in 6 days", "in 3 hours", "expired 2 days ago".
func relative(t, now time.Time) string {
	d := t.Sub(now)
	past := d <= 0
	if past {
		d = -d
	}
	var n string
	switch {
	case d >= 24*time.Hour:
		days := int(d / (24 * time.Hour))
		n = fmt.Sprintf("%d %s", days, plural(days, "day", "days"))
	case d >= time.Hour:
		h := int(d / time.Hour)
		n = fmt.Sprintf("%d %s", h, plural(h, "hour", "hours"))
	default:
		// Round up: "retry in 2 minutes" must not read as less than asked.
		m := max(int((d+time.Minute-1)/time.Minute), 1)
		n = fmt.Sprintf("%d %s", m, plural(m, "minute", "minutes"))
	}
	if past {
		return "expired " + n + " ago"
	}
	return "in " + n
}

func rateLine(st style, rt *Rate) string {
	s := fmt.Sprintf("Rate limit: %d of %d left", rt.Remaining, rt.Limit)
	if rt.Resource != "" {
		s += " (" + st.text(rt.Resource) + ")"
	}
	if !rt.Reset.IsZero() {
		s += ", resets at " + rt.Reset.Local().Format("15:04 MST")
	}
	return s
}

// explain is the failure, with what to do about it.
func explain(st style, r Result, now time.Time) []string {
	f := r.Failure
	var out []string
	switch f.Reason {
	case ReasonBadCredentials:
		out = append(out,
			st.bold("Rejected: 401 Bad credentials.")+" The token is missing, malformed, expired or revoked.",
			"Check the request sends "+st.code("Authorization: Bearer <token>")+" with no extra quotes or whitespace, and that the token still exists in your token settings (GitHub deletes tokens unused for a year).")
	case ReasonForbidden:
		msg := f.Message
		if msg == "" {
			msg = "Forbidden"
		}
		out = append(out, st.bold(fmt.Sprintf("Refused: %d %s.", f.Status, st.text(strings.TrimSuffix(msg, ".")))))
		if f.AcceptedPermissions != "" {
			out = append(out, "The endpoint accepts: "+st.code(f.AcceptedPermissions)+" (X-Accepted-GitHub-Permissions): add that permission to the token.")
		} else {
			out = append(out, "The token lacks a scope or permission (a classic token may need "+st.code("repo")+" instead of "+st.code("public_repo")+"), or an organization policy restricts tokens.")
		}
	case ReasonRateLimited:
		out = append(out,
			st.bold(fmt.Sprintf("Rate limited (%d, x-ratelimit-remaining: 0).", f.Status)),
			"Wait until "+when(f.RetryAt, now)+" before retrying: retrying immediately burns the secondary limit. Not asked again before then.")
	case ReasonSecondaryLimit:
		out = append(out,
			st.bold(fmt.Sprintf("Secondary rate limit (%d).", f.Status)),
			"GitHub asks to wait until "+when(f.RetryAt, now)+" (retry-after); not asked again before then.")
	case ReasonUnreachable:
		again := "the next hover tries again."
		if !st.md {
			again = "try again later."
		}
		out = append(out, st.bold("Could not reach "+st.text(r.Host)+": "+st.text(f.Detail)+"."), "Check the network or proxy; "+again)
	case ReasonConfig:
		out = append(out, st.bold("Live lookups are off: ")+st.text(f.Detail))
	default:
		s := f.Detail
		if f.Status != 0 {
			s = fmt.Sprintf("%d %s %s", f.Status, f.Message, f.Detail)
		}
		out = append(out, st.bold("Unexpected answer from "+st.text(r.Host)+": ")+st.text(strings.TrimSpace(s)))
	}
	if f.RequestID != "" {
		out = append(out, "Request id: "+st.code(f.RequestID))
	}
	return out
}

// failureSummary is a one-line, token-free summary for logs.
func failureSummary(f *Failure) string {
	s := fmt.Sprintf("reason=%d status=%d", f.Reason, f.Status)
	if f.Message != "" {
		s += " message=" + fmt.Sprintf("%q", f.Message)
	}
	if f.Detail != "" {
		s += " detail=" + fmt.Sprintf("%q", f.Detail)
	}
	if !f.RetryAt.IsZero() {
		s += " retry-at=" + f.RetryAt.UTC().Format(time.RFC3339)
	}
	return s
}

func when(t, now time.Time) string {
	if t.IsZero() {
		return "later"
	}
	return t.Local().Format("15:04:05 MST") + " (" + strings.TrimPrefix(relative(t, now), "expired ") + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WorkspaceNeeds is what the GitHub API calls of a workspace need, for the
// least-privilege part of a hover (the language server fills it from its
// workspace index).
type WorkspaceNeeds struct {
	// Indexing: the index is still running; Set is what it found so far.
	Indexing bool
	// Partial names why the index stopped early ("" when complete).
	Partial string
	Calls   int // calls with a documented route
	Set     permissions.Set
	Table   *permissions.Table
	// FineGrainedLink creates a right-sized fine-grained token.
	FineGrainedLink string
}

// UnusedBroadScopes are the broad scopes (IsBroadScope) of a classic
// token that nothing in needs uses: what github-token-overprivileged
// reports. Nil when the token's scopes are not known.
func UnusedBroadScopes(r Result, needs WorkspaceNeeds) []string {
	var out []string
	for _, sc := range unusedScopes(r, needs) {
		if IsBroadScope(sc) {
			out = append(out, sc)
		}
	}
	return out
}

// unusedScopes are the scopes of a classic token that nothing in the
// workspace needs.
func unusedScopes(r Result, needs WorkspaceNeeds) []string {
	if !classicScopes(r) {
		return nil
	}
	return permissions.UnusedScopes(r.Scopes, needs.Set.Classic)
}

// classicScopes: GitHub reported the token's classic scopes.
func classicScopes(r Result) bool {
	return r.State == Accepted && r.ScopesKnown && grants(r) == ghtoken.ClassicScopes && r.Installation == nil
}

// grants is what the rights of r's token are made of. A legacy 40-hex
// token (Unknown) has classic scopes.
func grants(r Result) ghtoken.Grants { return r.Kind.Traits().Grants }

// WorkspaceMarkdown is the hover's least-privilege section: what this
// workspace needs, the classic scopes it does not use, and the link to a
// right-sized fine-grained token. For a fine-grained token (whose
// permissions GitHub does not reveal) it shows what is needed and what a
// 403's X-Accepted-GitHub-Permissions said.
func WorkspaceMarkdown(r Result, n WorkspaceNeeds) string {
	st := style{md: true}
	var b strings.Builder
	b.WriteString("**This workspace needs:**")
	if n.Indexing {
		b.WriteString(" _indexing… (so far)_")
	}
	b.WriteString("\n\n")
	lines := needLines(st, n)
	if len(lines) == 0 {
		b.WriteString("- no permission: no GitHub REST call found that needs one\n")
	}
	for _, l := range lines {
		b.WriteString("- " + l + "\n")
	}
	if n.Partial != "" {
		b.WriteString("- _partial: " + st.text(n.Partial) + "_\n")
	}
	if unused := unusedScopes(r, n); len(unused) > 0 {
		codes := make([]string, len(unused))
		for i, sc := range unused {
			codes[i] = st.code(sc)
		}
		b.WriteString("\nNot needed here: " + strings.Join(codes, ", ") + "\n")
	}
	if grants(r) == ghtoken.FineGrainedPermissions && !r.ScopesKnown {
		b.WriteString("\nGitHub does not reveal a fine-grained token's permissions: compare them with the list above.\n")
	}
	if r.Failure != nil && r.Failure.AcceptedPermissions != "" {
		b.WriteString("\nA 403 said the endpoint accepts " + st.code(r.Failure.AcceptedPermissions) + " (X-Accepted-GitHub-Permissions).\n")
	}
	if n.FineGrainedLink != "" && len(n.Set.FineGrained) > 0 {
		fmt.Fprintf(&b, "\n[Create a right-sized fine-grained token](%s) (then choose its repositories)", n.FineGrainedLink)
	}
	return strings.TrimRight(b.String(), "\n")
}

// needLines are the fine-grained permissions by group, then the classic
// scopes.
func needLines(st style, n WorkspaceNeeds) []string {
	groups := map[string][]string{}
	var order []string
	for _, g := range n.Set.FineGrained {
		group, title := "repository", g.Permission
		if n.Table != nil {
			if p, ok := n.Table.Permission(g.Permission); ok {
				group, title = p.Group, p.Title
			}
		}
		if _, ok := groups[group]; !ok {
			order = append(order, group)
		}
		groups[group] = append(groups[group], st.text(title)+": "+g.Level.String())
	}
	var out []string
	for _, g := range order {
		out = append(out, strings.ToUpper(g[:1])+g[1:]+": "+strings.Join(groups[g], ", "))
	}
	if len(n.Set.Classic) > 0 {
		codes := make([]string, len(n.Set.Classic))
		for i, sc := range n.Set.Classic {
			codes[i] = st.code(sc)
		}
		out = append(out, "Classic scopes: "+strings.Join(codes, ", "))
	}
	return out
}
