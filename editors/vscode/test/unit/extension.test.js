// Unit tests of activation (src/extension.ts) with the `vscode` module and
// vscode-languageclient stubbed: what is registered, how the client is
// configured, and what the user sees when the server is missing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadBundle } = require('../lib/bundle');

// --- stubs -----------------------------------------------------------------
const state = {};
function reset(settings) {
  state.settings = settings; // the "ghpat" section as a nested tree
  state.errors = [];
  state.commands = new Map();
  state.clients = [];
  state.channels = [];
  state.configListeners = [];
  state.executed = [];
  state.chooseOnError = undefined;
}

function getPath(tree, section) {
  let v = tree;
  for (const part of section.split('.')) {
    if (v === undefined || v === null) return undefined;
    v = v[part];
  }
  return v;
}

const vscodeStub = {
  Uri: { parse: (s) => ({ toString: () => s, fsPath: s.replace(/^file:\/\//, '') }) },
  window: {
    createOutputChannel(name, opts) {
      const ch = { name, opts, lines: [], appendLine: (l) => ch.lines.push(l), dispose() {} };
      state.channels.push(ch);
      return ch;
    },
    showErrorMessage(msg, ...items) {
      state.errors.push({ msg, items });
      return Promise.resolve(state.chooseOnError);
    },
  },
  commands: {
    registerCommand(id, fn) {
      state.commands.set(id, fn);
      return { dispose() {} };
    },
    executeCommand(...args) {
      state.executed.push(args);
      return Promise.resolve();
    },
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration(section) {
      assert.equal(section, 'ghpat');
      return { get: (k) => getPath(state.settings, k) };
    },
    onDidChangeConfiguration(fn) {
      state.configListeners.push(fn);
      return { dispose() {} };
    },
  },
};

class FakeLanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0, sent: [] });
    state.clients.push(this);
  }
  start() {
    this.started++;
    return Promise.resolve();
  }
  stop() {
    this.stopped++;
    return Promise.resolve();
  }
  sendNotification(type, params) {
    this.sent.push({ method: type.method, params });
    return Promise.resolve();
  }
}
const clientStub = {
  LanguageClient: FakeLanguageClient,
  RevealOutputChannelOn: { Never: 4 },
  DidChangeConfigurationNotification: { type: { method: 'workspace/didChangeConfiguration' } },
};

const ext = loadBundle({ vscode: vscodeStub, client: clientStub });
const { INSTALL_COMMAND } = ext;

function context() {
  return { subscriptions: [] };
}

function fakeServer(t) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ghpat-vscode-'));
  t.after(() => fs.rmSync(d, { recursive: true, force: true }));
  const p = path.join(d, 'ghpat-ls');
  fs.writeFileSync(p, '#!/bin/sh\n');
  fs.chmodSync(p, 0o755);
  return p;
}

// --- tests -----------------------------------------------------------------
test('activate starts the configured server with the editor environment', async (t) => {
  const bin = fakeServer(t);
  reset({ serverPath: bin, apiVersion: '2022-11-28', rules: { 'github-pat': { severity: 'warning' } } });
  process.env.GITHUB_TOKEN_FOR_TEST = 'from-the-editor-env';
  t.after(() => delete process.env.GITHUB_TOKEN_FOR_TEST);
  const ctx = context();
  await ext.activate(ctx);

  assert.equal(state.clients.length, 1);
  const c = state.clients[0];
  assert.equal(c.started, 1);
  assert.equal(c.id, 'ghpat'); // trace setting: ghpat.trace.server
  assert.equal(c.serverOptions.command, bin);
  assert.deepEqual(c.serverOptions.args, ['serve']);
  assert.equal(c.serverOptions.options.env.GITHUB_TOKEN_FOR_TEST, 'from-the-editor-env');
  assert.equal(c.serverOptions.options.env.PATH, process.env.PATH);

  const o = c.clientOptions;
  // Revoking asks first (src/revoke.ts): the middleware is wired in.
  assert.equal(o.middleware.executeCommand, ext.executeCommand);
  assert.deepEqual(o.synchronize, { configurationSection: 'ghpat' });
  const langs = o.documentSelector.map((s) => s.language);
  for (const l of ['go', 'python', 'shellscript', 'yaml', 'github-actions-workflow', 'dockerfile', 'dotenv', 'json', 'jsonc', 'markdown', 'plaintext']) {
    assert.ok(langs.includes(l), l);
  }
  assert.ok(o.documentSelector.every((s) => s.scheme === 'file'));
  // Passed through as set (the server applies its defaults).
  assert.deepEqual(o.initializationOptions(), {
    apiVersion: '2022-11-28',
    rules: { 'github-pat': { severity: 'warning' } },
  });
  assert.equal(o.outputChannel, state.channels[0]);
  assert.equal(state.channels[0].name, 'ghpat-ls');
  assert.ok(state.commands.has('ghpat.restartServer'));
  assert.ok(ctx.subscriptions.length >= 3);
  assert.deepEqual(state.errors, []);

  // A workspace/configuration pull for "ghpat" gets the mapped settings;
  // other sections pass through.
  state.settings.enterpriseHost = 'ghe.example.com';
  const pulled = await o.middleware.workspace.configuration(
    { items: [{ section: 'ghpat' }, { section: 'other' }] },
    undefined,
    async () => [{ raw: true }, { other: 1 }],
  );
  assert.equal(pulled[0].enterpriseHost, 'ghe.example.com');
  assert.equal('serverPath' in pulled[0], false);
  assert.deepEqual(pulled[1], { other: 1 });

  // A configuration change pushes the mapped settings under "ghpat".
  await o.middleware.workspace.didChangeConfiguration(['ghpat'], () => assert.fail('raw settings pushed'));
  assert.deepEqual(c.sent, [
    {
      method: 'workspace/didChangeConfiguration',
      params: {
        settings: {
          ghpat: {
            apiVersion: '2022-11-28',
            enterpriseHost: 'ghe.example.com',
            rules: { 'github-pat': { severity: 'warning' } },
          },
        },
      },
    },
  ]);

  // Restart: the old client stops, a new one starts.
  assert.equal(await state.commands.get('ghpat.restartServer')(), true);
  assert.equal(c.stopped, 1);
  assert.equal(state.clients.length, 2);
  assert.equal(state.clients[1].started, 1);

  // Changing ghpat.serverPath restarts; other settings do not.
  state.configListeners[0]({ affectsConfiguration: (s) => s === 'ghpat.apiVersion' });
  await ext.deactivate();
  assert.equal(state.clients.length, 2);
  assert.equal(state.clients[1].stopped, 1);
});

test('missing server: a clear error with the install command, no client', async () => {
  reset({ serverPath: '' });
  const savedPath = process.env.PATH;
  process.env.PATH = '/nonexistent-ghpat-dir';
  state.chooseOnError = 'Open Settings';
  try {
    await ext.activate(context());
  } finally {
    process.env.PATH = savedPath;
  }
  assert.equal(state.clients.length, 0);
  assert.equal(state.errors.length, 1);
  assert.ok(state.errors[0].msg.includes(INSTALL_COMMAND), state.errors[0].msg);
  assert.deepEqual(state.errors[0].items, ['Open Settings']);
  assert.ok(state.channels[0].lines.some((l) => l.includes(INSTALL_COMMAND)));
  // The button opens the setting.
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(state.executed, [['workbench.action.openSettings', 'ghpat.serverPath']]);
  await ext.deactivate();
});

test('the bundled server runs when ghpat.serverPath is unset, and the channel says so', async (t) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ghpat-vscode-ext-'));
  t.after(() => fs.rmSync(d, { recursive: true, force: true }));
  fs.mkdirSync(path.join(d, 'server'));
  const bundled = path.join(d, 'server', process.platform === 'win32' ? 'ghpat-ls.exe' : 'ghpat-ls');
  fs.writeFileSync(bundled, '#!/bin/sh\n');
  fs.chmodSync(bundled, 0o755);
  reset({ serverPath: '' });
  await ext.activate({ subscriptions: [], extensionPath: d });
  assert.equal(state.clients.length, 1);
  assert.equal(state.clients[0].serverOptions.command, bundled);
  assert.ok(state.channels[0].lines.includes(`Starting ${bundled} (the binary bundled with this extension)`), state.channels[0].lines.join('\n'));
  await ext.deactivate();

  // The setting still wins, and the channel names it.
  const bin = fakeServer(t);
  reset({ serverPath: bin });
  await ext.activate({ subscriptions: [], extensionPath: d });
  assert.equal(state.clients[0].serverOptions.command, bin);
  assert.ok(state.channels[0].lines.includes(`Starting ${bin} (the ghpat.serverPath setting)`), state.channels[0].lines.join('\n'));
  await ext.deactivate();
});

test('a failing server start is reported, not thrown', async (t) => {
  const bin = fakeServer(t);
  reset({ serverPath: bin });
  const orig = FakeLanguageClient.prototype.start;
  FakeLanguageClient.prototype.start = () => Promise.reject(new Error('exec format error'));
  t.after(() => (FakeLanguageClient.prototype.start = orig));
  await ext.activate(context());
  assert.equal(state.errors.length, 1);
  assert.match(state.errors[0].msg, /failed to start: exec format error/);
  assert.equal(ext.currentClient(), undefined);
  await ext.deactivate();
});
