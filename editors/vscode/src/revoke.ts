// Confirmation for "Revoke this token at GitHub…". The server sends the
// token to GitHub's revocation API as soon as it receives the command, so
// the extension asks first, in a modal dialog, and sends nothing unless
// the user picks "Revoke". Wired in as vscode-languageclient's
// executeCommand middleware: every way of running the command (the code
// action, the command palette, another extension) passes through it.

import * as vscode from 'vscode';

/** The server's command id (lsp.RevokeCommand). */
export const REVOKE_COMMAND = 'ghpat.revokeToken';
/** The confirming button; anything else (Cancel, Escape) sends nothing. */
export const REVOKE_BUTTON = 'Revoke';

// A whole token, never a redacted one ("ghp_abc…wxyz" breaks the run).
// Any gh?_ prefix, so that a new kind of token needs no change here; a Go
// test (internal/floors) holds it to ghtoken's table of kinds.
const FULL_TOKEN = /(github_pat_|gh[a-z]_)[A-Za-z0-9_]{12,}/g;

function text(v: unknown, fallback: string): string {
  if (typeof v !== 'string' || v === '') {
    return fallback;
  }
  // The server sends only redacted forms; be sure of it anyway.
  return v.replace(FULL_TOKEN, (_m, prefix: string) => `${prefix}…`).slice(0, 200);
}

/** confirmation is the dialog's message and detail for the command's arguments. */
export function confirmation(args: unknown[]): { message: string; detail: string } {
  const a = (Array.isArray(args) && typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as Record<string, unknown>;
  const token = text(a.redacted, 'this token');
  const host = text(a.host, 'GitHub');
  return {
    message: `Revoke ${token} at GitHub (${host})? The owner is emailed and it cannot be undone.`,
    detail:
      `ghpat-ls will send this token, without authentication, to ${host}'s credential revocation API ` +
      '(POST /credentials/revoke). GitHub revokes it and emails its owner; a revoked token cannot be reactivated.',
  };
}

/** confirmRevoke shows the modal warning and reports whether the user chose Revoke. */
export async function confirmRevoke(args: unknown[]): Promise<boolean> {
  const { message, detail } = confirmation(args);
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, REVOKE_BUTTON);
  return choice === REVOKE_BUTTON;
}

type Next = (command: string, args: unknown[]) => unknown;

/**
 * executeCommand middleware: the revoke command runs only after confirmation,
 * and then says so ("confirmed": true), so that the server does not ask again.
 */
export async function executeCommand(command: string, args: unknown[], next: Next): Promise<unknown> {
  if (command !== REVOKE_COMMAND) {
    return next(command, args);
  }
  if (!(await confirmRevoke(args))) {
    return undefined;
  }
  const first = Array.isArray(args) && typeof args[0] === 'object' && args[0] !== null ? args[0] : {};
  return next(command, [{ ...first, confirmed: true }]);
}
