package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// hover explains the findings under the cursor and, on a reference to a
// token variable, adds the live lookups' answer. A hard-coded token is explained
// from its shape and checksum only: it is never sent anywhere.
func (s *Server) hover(ctx context.Context, p *protocol.HoverParams) (any, error) {
	doc, err := s.requestDoc(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, nil
	}
	m := doc.mapper
	off := m.Offset(p.Position)
	var parts []string
	var r analysis.Range
	add := func(md string, fr analysis.Range) {
		if len(parts) == 0 {
			r = fr
		}
		parts = append(parts, md)
		r.Start, r.End = min(r.Start, fr.Start), max(r.End, fr.End)
	}
	live, ref, ok, err := s.liveHover(ctx, doc, off)
	if err != nil {
		return nil, err
	}
	if ok {
		add(live, ref.Range)
	}
	for _, f := range findingsAt(doc.Findings, off) {
		// A finding on the reference itself (an expiry warning from
		// ExtraDiagnostics) is what the live hover already explains.
		if ok && f.Range == ref.Range && f.Token == nil {
			continue
		}
		add(findingMarkdown(f), f.Range)
	}
	if st, cfg := s.sess.current(); true {
		if md, vr, ok := doc.engineText().VersionHover(off, st.APIVersion, cfg.EnterpriseHosts); ok {
			add(md, vr)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rng := m.Range(r)
	// The one scrub of the hover: its parts quote names from the document
	// (a variable named like a token, reached through a
	// tokenVariablePatterns such as "*") and what the API host said.
	value := ghtoken.RedactAll(strings.Join(parts, "\n\n---\n\n"))
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: value},
		Range:    &rng,
	}, nil
}

// liveHover asks the live lookups about an environment reference at off.
// The server sets the one deadline (liveLookups.timeoutMs); the component
// waits for GitHub until it ends. err is set only when ctx is done (the
// request was cancelled).
func (s *Server) liveHover(ctx context.Context, doc *Document, off int) (md string, ref analysis.EnvRef, ok bool, err error) {
	st, _ := s.sess.current()
	if !s.liveOn(st) || doc.Skipped != "" {
		return "", ref, false, nil
	}
	for _, ref := range doc.envRefs(st.TokenVariablePatterns) {
		if ref.Range.Start > off || off >= ref.Range.End {
			continue
		}
		// ParseSettings keeps the timeout within (0, maxLiveTimeoutMs].
		hctx, cancel := context.WithTimeout(ctx, st.LiveLookups.Timeout())
		var md string
		var ok bool
		waitOutsideSlot(ctx, func() { md, ok = s.opts.Live.Hover(hctx, ref) })
		cancel()
		if err := ctx.Err(); err != nil {
			return "", ref, false, err
		}
		now, _ := s.sess.current()
		if !s.liveOn(now) {
			// Turned off while the lookup ran: show nothing from it.
			return "", ref, false, nil
		}
		if ok && md != "" {
			// Never waits: the index's calls as they are now.
			if ws := s.workspaceHover(ref, now); ws != "" {
				md += "\n\n" + ws
			}
		}
		return md, ref, ok && md != "", nil
	}
	return "", ref, false, nil
}

// findingMarkdown is the hover text of one finding: the message, then the
// rule's help from the registry and a link to its section of docs/rules.md.
func findingMarkdown(f analysis.Finding) string {
	var b strings.Builder
	if f.Token != nil {
		b.WriteString(tokenMarkdown(f.Token))
	} else {
		fmt.Fprintf(&b, "**%s** `%s`\n\n%s", f.Severity, f.RuleID, f.Message)
		if r, ok := analysis.RuleByID(f.RuleID); ok {
			fmt.Fprintf(&b, "\n\nWhy: %s", r.Help)
		}
	}
	if _, ok := analysis.RuleByID(f.RuleID); ok {
		fmt.Fprintf(&b, "\n\n[Rule `%s`](%s)", f.RuleID, analysis.HelpURL(f.RuleID))
	}
	return b.String()
}

// tokenMarkdown explains a hard-coded token. It shows only the redacted
// value.
func tokenMarkdown(t *analysis.TokenInfo) string {
	kind := ghtoken.Kind(t.Kind)
	name := t.KindName
	if name == "" {
		name = kind.Name()
	}
	var b strings.Builder
	// Short enough to show whole in an editor's hover (VS Code's is about
	// 250 px high before it scrolls): the details are in docs/rules.md.
	fmt.Fprintf(&b, "### Hard-coded %s `%s`\n\n", name, t.Redacted)
	if t.ChecksumValid {
		b.WriteString("**Checksum valid: a real token.** Treat it as leaked: anyone who can read this file or its history can use it.\n\n")
		fmt.Fprintf(&b, "1. Revoke it: %s.\n", revokeWhere(kind))
		b.WriteString("2. Read it from an environment variable or a secret manager (quick fix), then rotate: a new token with the fewest scopes and an expiry.\n")
		b.WriteString("3. A test fixture? `gitleaks:allow` on its line, or add " + tokenIgnoreLine(t) + " to `.gitleaksignore` (this token, in every file and commit).\n")
	} else {
		b.WriteString("**Checksum fails: a placeholder** (or a mistyped token), not a working credential.\n\n")
		b.WriteString("- Read it from an environment variable or a secret manager (quick fix), so no real token replaces it here.\n")
		b.WriteString("- A real token after all? Revoke it: " + revokeWhere(kind) + ".\n")
	}
	b.WriteString("\n_Checked offline: a hard-coded token is never sent anywhere._")
	return b.String()
}

// tokenIgnoreLine is the .gitleaksignore entry that names the token.
func tokenIgnoreLine(t *analysis.TokenInfo) string {
	if t.Fingerprint == "" {
		return "its `sha256:` fingerprint"
	}
	return "the line `sha256:" + t.Fingerprint + "`"
}

// revokeWhere says where a token of kind k is revoked: the page the live
// hover links for the same kind (both read ghtoken's table).
func revokeWhere(k ghtoken.Kind) string { return k.Traits().Revocation.Otherwise }
