// Settings mapping: turns the editor's "ghpat" configuration into the JSON
// object the server parses (lsp/settings.go). It has no vscode import so that
// it can be tested without an editor.

/** The part of vscode.WorkspaceConfiguration that the mapping reads. */
export interface ConfigReader {
  get<T>(section: string): T | undefined;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RuleSettings {
  severity?: string;
  disabled?: boolean;
}

/** ServerSettings mirrors lsp.Settings (JSON names). */
export interface ServerSettings {
  apiVersion?: string;
  enterpriseHost?: string;
  rules?: Record<string, RuleSettings>;
  liveLookups: {
    enabled: boolean;
    timeoutMs?: number;
    cacheTtlSeconds?: number;
    expiryWarningDays?: number;
    diagnostics?: boolean;
  };
  tokenVariablePatterns?: string[];
}

function nonEmptyString(v: unknown): string | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  const s = v.trim();
  return s === '' ? undefined : s;
}

function nonNegativeInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * normalizeRules accepts both shapes users write:
 *   "ghpat.rules": {"github-pat": {"severity": "hint"}}
 *   "ghpat.rules": {"github-pat.severity": "hint", "github-oauth.disabled": true}
 * (VS Code already expands dotted top-level keys such as
 * "ghpat.rules.github-pat.severity" into the first shape).
 */
export function normalizeRules(raw: unknown): Record<string, RuleSettings> | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  const out: Record<string, RuleSettings> = {};
  const set = (id: string, key: string, value: unknown) => {
    const r = (out[id] ??= {});
    if (key === 'severity' && typeof value === 'string' && value.trim() !== '') {
      // The server validates the value and names the rule when it is wrong.
      r.severity = value.trim().toLowerCase();
    } else if (key === 'disabled' && typeof value === 'boolean') {
      r.disabled = value;
    }
  };
  for (const [key, value] of Object.entries(raw)) {
    const dot = key.lastIndexOf('.');
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        set(key, k, v);
      }
    } else if (dot > 0) {
      set(key.slice(0, dot), key.slice(dot + 1), value);
    } else if (typeof value === 'string') {
      // "ghpat.rules": {"github-pat": "off"} reads naturally; map "off" to disabled.
      if (value.trim().toLowerCase() === 'off') {
        set(key, 'disabled', true);
      } else {
        set(key, 'severity', value);
      }
    }
  }
  for (const id of Object.keys(out)) {
    if (Object.keys(out[id]).length === 0) {
      delete out[id];
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** toServerSettings reads the "ghpat" section and returns what the server parses. */
export function toServerSettings(config: ConfigReader): ServerSettings {
  const s: ServerSettings = {
    liveLookups: { enabled: config.get<boolean>('liveLookups.enabled') !== false },
  };
  const apiVersion = nonEmptyString(config.get('apiVersion'));
  if (apiVersion) {
    s.apiVersion = apiVersion;
  }
  const host = nonEmptyString(config.get('enterpriseHost'));
  if (host) {
    s.enterpriseHost = host;
  }
  const rules = normalizeRules(config.get('rules'));
  if (rules) {
    s.rules = rules;
  }
  // The server accepts 1..10000 ms; 0 would make it reject the whole
  // liveLookups object, so it is dropped here like any invalid value.
  const timeoutMs = nonNegativeInt(config.get('liveLookups.timeoutMs'));
  if (timeoutMs !== undefined && timeoutMs > 0) {
    s.liveLookups.timeoutMs = timeoutMs;
  }
  const ttl = nonNegativeInt(config.get('liveLookups.cacheTtlSeconds'));
  if (ttl !== undefined) {
    s.liveLookups.cacheTtlSeconds = ttl;
  }
  const warnDays = nonNegativeInt(config.get('liveLookups.expiryWarningDays'));
  if (warnDays !== undefined) {
    s.liveLookups.expiryWarningDays = warnDays;
  }
  const diags = config.get<unknown>('liveLookups.diagnostics');
  if (typeof diags === 'boolean') {
    s.liveLookups.diagnostics = diags;
  }
  const pats = config.get<unknown>('tokenVariablePatterns');
  if (Array.isArray(pats)) {
    const clean = pats.map(nonEmptyString).filter((p): p is string => p !== undefined);
    if (clean.length > 0) {
      s.tokenVariablePatterns = clean;
    }
  }
  return s;
}
