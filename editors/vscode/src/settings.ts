// Settings pass-through: the editor's "ghpat" configuration goes to the
// server as it is. The server owns the schema (lsp/settings.go): defaults,
// validation and normalisation ("off", dotted rule keys, hosts, blank
// patterns) happen there, so every editor gets the same behaviour. It has no
// vscode import so that it can be tested without an editor.

/** The part of vscode.WorkspaceConfiguration that the mapping reads. */
export interface ConfigReader {
  get<T>(section: string): T | undefined;
}

// The extension's own manifest: esbuild inlines it into the bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require('../package.json') as { contributes: { configuration: { properties: Record<string, unknown> } } };

/** Settings that configure the editor side only and never reach the server. */
const EDITOR_ONLY = new Set(['serverPath', 'trace']);

/**
 * SERVER_KEYS are the top-level keys the server reads: every ghpat.* setting
 * package.json contributes, less the editor-only ones. Derived, not listed,
 * so a setting added to package.json is forwarded without a second edit
 * (a hand-kept list once lacked workspaceIndex); lsp/settings_schema_test.go
 * checks package.json against the server's schema.
 */
export const SERVER_KEYS: readonly string[] = [
  ...new Set(Object.keys(manifest.contributes.configuration.properties).map((k) => k.split('.')[1])),
].filter((k) => !EDITOR_ONLY.has(k));

export type ServerSettings = Record<string, unknown>;

/** toServerSettings reads the "ghpat" section and returns it for the server, unchanged. */
export function toServerSettings(config: ConfigReader): ServerSettings {
  const s: ServerSettings = {};
  for (const key of SERVER_KEYS) {
    const v = config.get<unknown>(key);
    if (v !== undefined) {
      s[key] = v;
    }
  }
  return s;
}
