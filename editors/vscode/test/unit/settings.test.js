// Unit tests of the settings pass-through (src/settings.ts): the editor's
// "ghpat" section reaches the server unchanged. Normalisation ("off", dotted
// rule keys, trimming, hosts, invalid values) is the server's and is tested in
// lsp/settings_schema_test.go and lsp/settings_live_test.go.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadBundle } = require('../lib/bundle');
const { toServerSettings, SERVER_KEYS } = loadBundle();

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

test('defaults: nothing unset is sent, the contributed defaults pass as they are', () => {
  assert.deepEqual(toServerSettings(reader({})), {});
  const defaults = {
    serverPath: '',
    apiVersion: '',
    enterpriseHost: '',
    rules: {},
    liveLookups: { enabled: true, timeoutMs: 3000, cacheTtlSeconds: 300, expiryWarningDays: 7, diagnostics: true },
    tokenVariablePatterns: [],
    workspaceIndex: { diagnostics: true },
    trace: { server: 'off' },
  };
  assert.deepEqual(toServerSettings(reader(defaults)), {
    apiVersion: '',
    enterpriseHost: '',
    rules: {},
    liveLookups: { enabled: true, timeoutMs: 3000, cacheTtlSeconds: 300, expiryWarningDays: 7, diagnostics: true },
    tokenVariablePatterns: [],
    workspaceIndex: { diagnostics: true },
  });
});

test('every server setting passes through under its own name; editor-only ones do not', () => {
  const tree = {
    serverPath: '/opt/ghpat-ls',
    apiVersion: ' 2022-11-28 ',
    enterpriseHost: 'http://127.0.0.1:8080',
    rules: { 'github-pat': 'off', 'github-oauth.severity': 'Hint', 'github-app-token': { disabled: true } },
    liveLookups: { enabled: false, timeoutMs: 0, cacheTtlSeconds: 0, expiryWarningDays: 0, diagnostics: false },
    tokenVariablePatterns: ['*_GH_TOKEN', '', 'CI_*'],
    workspaceIndex: { diagnostics: false },
    trace: { server: 'verbose' },
  };
  const got = toServerSettings(reader(tree));
  const { serverPath, trace, ...server } = tree;
  assert.deepEqual(got, server);
  assert.equal('serverPath' in got, false);
  assert.equal('trace' in got, false);
  assert.deepEqual([...SERVER_KEYS].sort(), Object.keys(server).sort());
});

test('invalid values are not dropped here: the server reports them and keeps its previous value', () => {
  const got = toServerSettings(reader({ apiVersion: 42, liveLookups: { enabled: 'no', timeoutMs: -1 }, tokenVariablePatterns: 'X' }));
  assert.deepEqual(got, { apiVersion: 42, liveLookups: { enabled: 'no', timeoutMs: -1 }, tokenVariablePatterns: 'X' });
});

// The keys come from package.json (which lsp/settings_schema_test.go checks
// against the server's schema), so no setting can be left out: a hand-kept
// list once lacked workspaceIndex, and workspaceIndex.diagnostics: false
// never reached the server.
test('every setting package.json contributes is forwarded, except the editor-only ones', () => {
  const manifest = require('../../package.json');
  const contributed = new Set(Object.keys(manifest.contributes.configuration.properties).map((k) => k.split('.')[1]));
  contributed.delete('serverPath');
  contributed.delete('trace');
  assert.deepEqual([...SERVER_KEYS].sort(), [...contributed].sort());
  assert.ok(SERVER_KEYS.includes('workspaceIndex'));
  assert.deepEqual(toServerSettings(reader({ workspaceIndex: { diagnostics: false } })), { workspaceIndex: { diagnostics: false } });
});
