// Unit tests of the settings mapping (src/settings.ts): the editor's "ghpat"
// section must become the JSON object lsp/settings.go parses.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { toServerSettings, normalizeRules } = require('../../out/settings');

// reader mimics vscode.WorkspaceConfiguration.get on a nested settings tree,
// including dotted lookups such as get('liveLookups.enabled').
function reader(tree) {
  return {
    get(section) {
      let v = tree;
      for (const part of section.split('.')) {
        if (v === undefined || v === null) return undefined;
        v = v[part];
      }
      return v;
    },
  };
}

test('defaults: only liveLookups.enabled is sent', () => {
  assert.deepEqual(toServerSettings(reader({})), { liveLookups: { enabled: true } });
  // The contributed defaults (empty strings, {}, []) mean "server default".
  const defaults = {
    serverPath: '',
    apiVersion: '',
    enterpriseHost: '',
    rules: {},
    liveLookups: { enabled: true, timeoutMs: 3000, cacheTtlSeconds: 300, expiryWarningDays: 7, diagnostics: true },
    tokenVariablePatterns: [],
    trace: { server: 'off' },
  };
  assert.deepEqual(toServerSettings(reader(defaults)), {
    liveLookups: { enabled: true, timeoutMs: 3000, cacheTtlSeconds: 300, expiryWarningDays: 7, diagnostics: true },
  });
});

test('every setting maps to the server JSON name and shape', () => {
  const got = toServerSettings(
    reader({
      serverPath: '/opt/ghpat-ls',
      apiVersion: ' 2022-11-28 ',
      enterpriseHost: 'ghe.example.com',
      rules: { 'github-api-accept-missing': { severity: 'Hint' }, 'github-oauth': { disabled: true } },
      liveLookups: { enabled: false, timeoutMs: 200, cacheTtlSeconds: 0, expiryWarningDays: 0, diagnostics: false },
      tokenVariablePatterns: ['*_GH_TOKEN', '', '  ', 'CI_*'],
    }),
  );
  assert.deepEqual(got, {
    apiVersion: '2022-11-28',
    enterpriseHost: 'ghe.example.com',
    rules: { 'github-api-accept-missing': { severity: 'hint' }, 'github-oauth': { disabled: true } },
    liveLookups: { enabled: false, timeoutMs: 200, cacheTtlSeconds: 0, expiryWarningDays: 0, diagnostics: false },
    tokenVariablePatterns: ['*_GH_TOKEN', 'CI_*'],
  });
  // Editor-only settings never reach the server.
  assert.equal('serverPath' in got, false);
  assert.equal('trace' in got, false);
});

test('invalid values are dropped so the server keeps its default', () => {
  const got = toServerSettings(
    reader({ apiVersion: 42, liveLookups: { enabled: 'no', timeoutMs: -1, cacheTtlSeconds: 1.5, expiryWarningDays: -3, diagnostics: 'no' }, tokenVariablePatterns: 'X' }),
  );
  // enabled is only false when the user set false.
  assert.deepEqual(got, { liveLookups: { enabled: true } });
  // A 0 ms timeout is not valid for the server: dropped, and enabled:false still goes through.
  assert.deepEqual(toServerSettings(reader({ liveLookups: { enabled: false, timeoutMs: 0 } })), {
    liveLookups: { enabled: false },
  });
});

test('rules: nested objects, dotted keys and "off"', () => {
  assert.deepEqual(
    normalizeRules({
      'github-pat': { severity: 'warning', disabled: false, bogus: 1 },
      'github-oauth.disabled': true,
      'github-api-version-unpinned.severity': 'info',
      'github-refresh-token': 'off',
      'github-app-token': 'error',
      'github-auth-malformed': { bogus: true },
      'github-auth-legacy-scheme': 7,
    }),
    {
      'github-pat': { severity: 'warning', disabled: false },
      'github-oauth': { disabled: true },
      'github-api-version-unpinned': { severity: 'info' },
      'github-refresh-token': { disabled: true },
      'github-app-token': { severity: 'error' },
    },
  );
  assert.equal(normalizeRules({}), undefined);
  assert.equal(normalizeRules(null), undefined);
  assert.equal(normalizeRules(['github-pat']), undefined);
});
