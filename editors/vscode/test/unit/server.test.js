// Unit tests of server resolution (src/server.ts): setting first, then PATH,
// else an error that carries the install command. Uses real files in a temp dir.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadBundle } = require('../lib/bundle');
const { resolveServer, INSTALL_COMMAND } = loadBundle();

function tmpdir(t) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ghpat-vscode-'));
  t.after(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function exe(dir, name = 'ghpat-ls', mode = 0o755) {
  fs.mkdirSync(dir, { recursive: true });
  const p = path.join(dir, name);
  fs.writeFileSync(p, '#!/bin/sh\n');
  fs.chmodSync(p, mode);
  return p;
}

test('ghpat.serverPath wins over PATH', (t) => {
  const d = tmpdir(t);
  const onPath = exe(path.join(d, 'bin'));
  const configured = exe(path.join(d, 'custom'));
  const r = resolveServer({ serverPath: configured, env: { PATH: path.dirname(onPath) } });
  assert.deepEqual(r, { ok: true, path: configured, source: 'setting' });
});

test('relative, ~ and ${workspaceFolder} setting values', (t) => {
  const d = tmpdir(t);
  const ws = path.join(d, 'ws');
  const inWs = exe(path.join(ws, 'bin'));
  assert.equal(resolveServer({ serverPath: 'bin/ghpat-ls', env: {}, workspaceFolder: ws }).path, inWs);
  assert.equal(resolveServer({ serverPath: '${workspaceFolder}/bin/ghpat-ls', env: {}, workspaceFolder: ws }).path, inWs);
  const inHome = exe(path.join(d, 'home', 'go', 'bin'));
  assert.equal(resolveServer({ serverPath: '~/go/bin/ghpat-ls', env: {}, homedir: path.join(d, 'home') }).path, inHome);
});

test('a bad ghpat.serverPath is an error, not a silent PATH fallback', (t) => {
  const d = tmpdir(t);
  exe(path.join(d, 'bin'));
  const notExec = exe(path.join(d, 'other'), 'ghpat-ls', 0o644);
  for (const bad of [path.join(d, 'missing'), notExec, d]) {
    const r = resolveServer({ serverPath: bad, env: { PATH: path.join(d, 'bin') } });
    assert.equal(r.ok, false);
    assert.match(r.message, /ghpat\.serverPath/);
    assert.ok(r.message.includes(bad), r.message);
    assert.ok(r.message.includes(INSTALL_COMMAND), r.message);
  }
});

test('PATH lookup takes the first executable ghpat-ls', (t) => {
  const d = tmpdir(t);
  exe(path.join(d, 'a'), 'ghpat-ls', 0o644); // not executable: skipped
  fs.mkdirSync(path.join(d, 'b', 'ghpat-ls'), { recursive: true }); // a directory: skipped
  const want = exe(path.join(d, 'c'));
  exe(path.join(d, 'd'));
  const env = { PATH: ['', path.join(d, 'a'), path.join(d, 'b'), path.join(d, 'c'), path.join(d, 'd')].join(':') };
  assert.deepEqual(resolveServer({ serverPath: '  ', env }), { ok: true, path: want, source: 'PATH' });
});

test('not found: the message gives a build command that works without a release, and the setting', (t) => {
  const d = tmpdir(t);
  const r = resolveServer({ env: { PATH: d } });
  assert.equal(r.ok, false);
  assert.ok(r.message.includes('git clone https://github.com/ghpat-ls/ghpat-ls && cd ghpat-ls && go install ./cmd/ghpat-ls'), r.message);
  assert.ok(!r.message.includes('@latest'), r.message);
  assert.match(r.message, /ghpat\.serverPath/);
  assert.deepEqual(resolveServer({ env: {} }).ok, false);
});

test('Windows: PATHEXT names and ; separator', () => {
  const seen = [];
  const r = resolveServer({
    env: { Path: 'C:\\a;C:\\b', PATHEXT: '.COM;.EXE' },
    platform: 'win32',
    isExecutable: (p) => {
      seen.push(p);
      return p.endsWith('ghpat-ls.exe') && p.includes('b');
    },
  });
  assert.equal(r.ok, true);
  assert.ok(r.path.endsWith('ghpat-ls.exe'));
  assert.ok(seen.some((p) => p.endsWith('ghpat-ls.com')));
});

test('the bundled binary (platform .vsix) is used before PATH, after the setting', (t) => {
  const d = tmpdir(t);
  const onPath = exe(path.join(d, 'bin'));
  const bundled = exe(path.join(d, 'ext', 'server'));
  const env = { PATH: path.dirname(onPath) };
  const bundledDir = path.dirname(bundled);
  assert.deepEqual(resolveServer({ env, bundledDir }), { ok: true, path: bundled, source: 'bundled' });
  const configured = exe(path.join(d, 'custom'));
  assert.deepEqual(resolveServer({ serverPath: configured, env, bundledDir }), { ok: true, path: configured, source: 'setting' });
  // The universal .vsix has no server/ directory: PATH.
  assert.deepEqual(resolveServer({ env, bundledDir: path.join(d, 'universal', 'server') }), { ok: true, path: onPath, source: 'PATH' });
});

test('Windows: the bundled binary is server\\ghpat-ls.exe', () => {
  const r = resolveServer({
    env: { Path: '' },
    platform: 'win32',
    bundledDir: 'C:\\ext\\server',
    isExecutable: (p) => p.endsWith('ghpat-ls.exe') && p.includes('ext'),
  });
  assert.equal(r.ok, true);
  assert.equal(r.source, 'bundled');
});
