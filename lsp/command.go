package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/ghtoken"
	"github.com/ghpat-ls/ghpat-ls/revoke"
)

// RevokeCommand is the workspace/executeCommand id of "Revoke this token
// at GitHub…". A client that asked the user sets "confirmed" in the
// argument (the VS Code and Neovim plugins do); for any other client the
// server asks itself, with window/showMessageRequest, before it sends
// anything.
const RevokeCommand = "ghpat.revokeToken"

// revokeButton is the confirming action of the server's own question.
const revokeButton = "Revoke"

// revokeAskTimeout bounds how long the server's question waits for the user.
const revokeAskTimeout = 10 * time.Minute

// RevokeTitle is the code action's title.
const RevokeTitle = "Revoke this token at GitHub…"

// defaultRevoker is shared by the servers of one process, so that a rate
// limit seen once holds for all of them.
var defaultRevoker = &revoke.Client{}

// RevokeArgs is the one argument of RevokeCommand. It names where the
// token is, never the token: the server reads it from its own copy of the
// document. Version, Redacted and Host say what the user was asked about
// (the client's confirmation prompt shows Redacted and Host); the server
// sends nothing unless all three still hold (revokeRequest).
type RevokeArgs struct {
	URI      protocol.DocumentURI `json:"uri"`
	Range    protocol.Range       `json:"range"`
	Version  int32                `json:"version"`
	Redacted string               `json:"redacted"`
	Host     string               `json:"host"`
	// Confirmed: the client asked the user, who chose to revoke.
	Confirmed bool `json:"confirmed,omitempty"`
}

// revokeRequest is RevokeArgs as it arrives: a missing version is not
// version 0, so it is told apart and refused.
type revokeRequest struct {
	RevokeArgs
	Version *int32 `json:"version"`
}

// revokeTarget is where this server's revocations go: the enterpriseHost
// setting, else github.com.
func (s *Server) revokeTarget() revoke.Target {
	st, _ := s.sess.current()
	return revoke.Target{EnterpriseHost: st.EnterpriseHost}
}

// revokeActions offers "Revoke this token at GitHub…" on each
// checksum-valid token of a kind the target's API accepts that overlaps
// [start, end], at most limit of them. Placeholders (failing checksums),
// installation tokens and, on Enterprise Server, the kinds it does not take
// get no action.
func (s *Server) revokeActions(doc *Document, start, end, limit int) []protocol.CodeAction {
	target := s.revokeTarget()
	var out []protocol.CodeAction
	for _, f := range doc.Findings {
		if len(out) >= limit {
			break
		}
		if f.Range.Start > end || start > f.Range.End {
			continue
		}
		if _, ok := revocable(doc, f, target); !ok {
			continue
		}
		args := RevokeArgs{URI: doc.URI, Range: doc.mapper.Range(f.Range), Version: doc.Version,
			Redacted: f.Token.Redacted, Host: target.Host()}
		out = append(out, protocol.CodeAction{
			Title:       RevokeTitle,
			Kind:        protocol.QuickFix,
			Diagnostics: []protocol.Diagnostic{toDiagnostic(doc.mapper, f)},
			Command:     &protocol.Command{Title: RevokeTitle, Command: RevokeCommand, Arguments: []any{args}},
		})
	}
	return out
}

// revocable returns the token of a finding when it may be sent: a
// hard-coded token finding whose token, re-read from doc (joined from its
// pieces when it was written in pieces) and matching its fingerprint, is
// a whole checksum-valid token of an accepted kind.
func revocable(doc *Document, f analysis.Finding, t revoke.Target) (string, bool) {
	if f.Token == nil || !f.Token.ChecksumValid {
		return "", false
	}
	tok, ok := analysis.TokenText(doc.Text, f)
	if !ok || revoke.Validate(tok, t.Enterprise()) != nil {
		return "", false
	}
	return tok, true
}

// executeCommand's params keep each argument raw (protocol's type
// decodes them into interface{} values): the command's own type reads it.
type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

// executeCommand runs RevokeCommand. It answers null and tells the user
// the outcome with window/showMessage; it is an error only for a request
// no client should send (unknown command, malformed arguments). The HTTP
// call runs in this request's goroutine, holding no lock, bounded by the
// revoke client's timeout; it is not cut short when the client cancels the
// request, so that the user always learns what happened to a token whose
// revocation may already have reached GitHub.
func (s *Server) executeCommand(ctx context.Context, p *executeCommandParams) (any, error) {
	if p.Command != RevokeCommand {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", ghtoken.RedactAll(p.Command))
	}
	var a revokeRequest
	if len(p.Arguments) != 1 || json.Unmarshal(p.Arguments[0], &a) != nil || a.URI == "" {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, RevokeCommand+" takes one argument {uri, range, version, redacted, host}")
	}
	doc, err := s.requestDoc(ctx, a.URI)
	if err != nil {
		return nil, err
	}
	tok, fp, problem := s.tokenToRevoke(doc, a)
	if problem != "" {
		s.showMessage(protocol.MessageTypeWarning, "Not revoked: "+problem+" Nothing was sent.")
		return nil, nil
	}
	target := s.revokeTarget()
	red := ghtoken.Redact(tok)
	confirmed := a.Confirmed
	if !confirmed {
		waitOutsideSlot(ctx, func() { confirmed = s.askRevoke(ctx, red, target.Host()) })
	}
	if !confirmed {
		s.showMessage(protocol.MessageTypeInfo, "Not revoked: not confirmed; nothing was sent.")
		return nil, nil
	}
	s.log.Infof("revoke: sending %s (sha256:%.12s) to %s at the user's request", red, fp, target.Host())
	c := s.opts.Revoker
	if c == nil {
		c = defaultRevoker
	}
	var o revoke.Outcome
	waitOutsideSlot(ctx, func() { o = c.Send(context.WithoutCancel(ctx), target, []string{tok}) })
	msg := o.Message(red, time.Now())
	s.log.Infof("revoke: %s: %s (HTTP %d)", red, o.Status.Short(), o.Code)
	typ := protocol.MessageTypeError
	switch o.Status {
	case revoke.Revoked:
		typ = protocol.MessageTypeInfo
	case revoke.RateLimited:
		typ = protocol.MessageTypeWarning
	}
	s.showMessage(typ, msg)
	return nil, nil
}

// tokenToRevoke re-reads the token named by a from the server's copy of
// the document (with its fingerprint), or says why there is none to send.
// Only what the user confirmed is sent: the argument must carry the
// document version, the host and the redacted token it was offered with,
// and all three must still hold now. An argument without them (another
// client, an old one, a hand-made command) is refused, not guessed at.
func (s *Server) tokenToRevoke(doc *Document, a revokeRequest) (tok, fp, problem string) {
	target := s.revokeTarget()
	switch {
	case doc == nil:
		return "", "", "the document is not open in the language server."
	case a.Version == nil || a.Host == "" || a.Redacted == "":
		return "", "", "the command does not say which document version, host and token it was confirmed for; run it again from the token."
	case *a.Version != doc.Version:
		return "", "", "the document changed since the action was offered; run it again from the token."
	case a.Host != target.Host():
		return "", "", fmt.Sprintf("the host changed since the action was offered (now %s); run it again from the token.", target.Host())
	}
	start, end := doc.mapper.OffsetRange(a.Range)
	for _, f := range doc.Findings {
		if f.Range.Start != start || f.Range.End != end {
			continue
		}
		tok, ok := revocable(doc, f, target)
		if !ok {
			continue
		}
		if ghtoken.Redact(tok) != a.Redacted {
			return "", "", "the token at that place is not the one that was confirmed; run it again from the token."
		}
		return tok, f.Token.Fingerprint, ""
	}
	return "", "", "no token GitHub can revoke is at that place in the document."
}

// askRevoke asks the user through window/showMessageRequest, for clients
// that run the command without asking. Only the Revoke action confirms: no
// answer, null, an error, a cancelled request or the timeout do not.
func (s *Server) askRevoke(ctx context.Context, redacted, host string) bool {
	conn := s.connection()
	if conn == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, revokeAskTimeout)
	defer cancel()
	params := protocol.ShowMessageRequestParams{
		Type: protocol.MessageTypeWarning,
		Message: ghtoken.RedactAll(fmt.Sprintf("Revoke %s at GitHub (%s)? The owner is emailed and it cannot be undone. "+
			"ghpat-ls sends the token, without authentication, to the host's credential revocation API.", redacted, host)),
		Actions: []protocol.MessageActionItem{{Title: revokeButton}, {Title: "Cancel"}},
	}
	var choice *protocol.MessageActionItem
	if _, err := conn.Call(ctx, protocol.MethodWindowShowMessageRequest, params, &choice); err != nil {
		s.log.Infof("revoke: no confirmation: %v", err)
		return false
	}
	return choice != nil && choice.Title == revokeButton
}

// showMessage tells the user something through window/showMessage.
func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	conn := s.connection()
	if conn == nil {
		return
	}
	p := protocol.ShowMessageParams{Type: typ, Message: ghtoken.RedactAll(msg)}
	if err := conn.Notify(context.Background(), protocol.MethodWindowShowMessage, p); err != nil {
		s.log.Errorf("window/showMessage: %v", err)
	}
}
