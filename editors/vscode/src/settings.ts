// Settings pass-through: the editor's "ghpat" configuration goes to the
// server as it is. The server owns the schema (lsp/settings.go): defaults,
// validation and normalisation ("off", dotted rule keys, hosts, blank
// patterns) happen there, so every editor gets the same behaviour. It has no
// vscode import so that it can be tested without an editor.

/** The part of vscode.WorkspaceConfiguration that the mapping reads. */
export interface ConfigReader {
  get<T>(section: string): T | undefined;
}

/**
 * SERVER_KEYS are the top-level keys the server reads; editor-only keys
 * (serverPath, trace) stay in the editor. lsp/settings_schema_test.go checks
 * package.json against the server's schema.
 */
export const SERVER_KEYS = ['apiVersion', 'enterpriseHost', 'rules', 'liveLookups', 'tokenVariablePatterns'] as const;

export type ServerSettings = Partial<Record<(typeof SERVER_KEYS)[number], unknown>>;

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
