// Protocol test: drives the BUILT ghpat-ls binary over stdio with Microsoft's
// vscode-languageserver-protocol client library (what VS Code uses):
// initialize, open a document holding a generated token, receive the
// diagnostic, request the quick fix, apply its edit: the token is gone.
// GHPAT_LS must name the binary (scripts/test-vscode.sh builds it).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const proto = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');
const { generateClassic, crc32, base62 } = require('../lib/ghtoken');

const BIN = process.env.GHPAT_LS;

test('the token generator matches the documented checksum', () => {
  // CRC32-IEEE check value of "123456789" is 0xCBF43926.
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.equal(base62(61, 6), '00000z');
  const tok = generateClassic();
  assert.match(tok, /^ghp_[0-9A-Za-z]{36}$/);
  assert.equal(tok.slice(-6), base62(crc32(tok.slice(4, 34)), 6));
});

function startServer(t) {
  assert.ok(BIN, 'set GHPAT_LS to the built ghpat-ls binary');
  const child = cp.spawn(BIN, ['serve', '--log-level', 'debug'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const conn = proto.createProtocolConnection(
    new proto.StreamMessageReader(child.stdout),
    new proto.StreamMessageWriter(child.stdin),
  );
  const notifications = [];
  conn.onNotification((method, params) => notifications.push({ method, params }));
  conn.listen();
  t.after(() => {
    conn.dispose();
    child.kill();
  });
  return { conn, child, notifications, stderr: () => stderr };
}

function waitFor(pred, what, ms = 15000) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      const v = pred();
      if (v) return resolve(v);
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

test('diagnostic and quick fix over stdio against the built server', async (t) => {
  const srv = startServer(t);
  const { conn } = srv;
  const tok = generateClassic();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghpat-proto-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'main.go');
  const text = `package main\n\nimport "fmt"\n\nconst token = "${tok}"\n\nfunc main() { fmt.Println(token) }\n`;
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();

  // The client answers configuration pulls like VS Code with our middleware.
  conn.onRequest(proto.ConfigurationRequest.type, (params) => params.items.map(() => ({ liveLookups: { enabled: false } })));

  const init = await conn.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name: 'vscode-languageserver-protocol test' },
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
    initializationOptions: { liveLookups: { enabled: false } },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        publishDiagnostics: { relatedInformation: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
  });
  assert.ok(init.capabilities.codeActionProvider, 'server offers code actions');
  assert.ok(init.capabilities.hoverProvider, 'server offers hovers');
  await conn.sendNotification(proto.InitializedNotification.type, {});
  await conn.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'go', version: 1, text },
  });

  const pub = await waitFor(
    () =>
      srv.notifications.find(
        (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && n.params.diagnostics.length > 0,
      ),
    'publishDiagnostics with a finding',
  );
  const diags = pub.params.diagnostics;
  const tokenDiag = diags.find((d) => d.code === 'github-pat');
  assert.ok(tokenDiag, `a github-pat diagnostic among ${JSON.stringify(diags.map((d) => d.code))}`);
  assert.equal(tokenDiag.severity, proto.DiagnosticSeverity.Error);
  const line = 4;
  const col = text.split('\n')[line].indexOf(tok);
  assert.deepEqual(tokenDiag.range, {
    start: { line, character: col },
    end: { line, character: col + tok.length },
  });
  for (const d of diags) {
    assert.ok(!d.message.includes(tok), 'diagnostic message must not contain the token in full');
  }

  const actions = await conn.sendRequest(proto.CodeActionRequest.type, {
    textDocument: { uri },
    range: tokenDiag.range,
    context: { diagnostics: [tokenDiag], only: ['quickfix'] },
  });
  assert.ok(Array.isArray(actions) && actions.length > 0, 'at least one quick fix');
  for (const a of actions) {
    assert.ok(!JSON.stringify(a.title).includes(tok), 'action title must not contain the token');
  }
  const fix = actions.find((a) => a.kind === 'quickfix' && a.edit) ?? actions[0];
  assert.ok(fix.edit, `quick fix "${fix.title}" carries a workspace edit`);

  // Apply the edit the way VS Code does (changes or documentChanges).
  const doc = TextDocument.create(uri, 'go', 1, text);
  let edits = [];
  if (fix.edit.changes) edits = fix.edit.changes[uri] ?? [];
  if (fix.edit.documentChanges) {
    for (const dc of fix.edit.documentChanges) if (dc.textDocument?.uri === uri) edits.push(...dc.edits);
  }
  assert.ok(edits.length > 0, 'the fix edits the document');
  const fixed = TextDocument.applyEdits(doc, edits);
  assert.ok(!fixed.includes(tok), 'the token is gone after the fix');
  assert.ok(fixed.startsWith('package main'), 'the rest of the file is kept');

  // Tell the server, as VS Code does; the token diagnostic disappears.
  srv.notifications.length = 0;
  await conn.sendNotification(proto.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: fixed }],
  });
  const after = await waitFor(
    () => srv.notifications.find((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri),
    'publishDiagnostics after the fix',
  );
  assert.equal(after.params.diagnostics.filter((d) => d.code === 'github-pat').length, 0);

  await conn.sendRequest(proto.ShutdownRequest.type);
  await conn.sendNotification(proto.ExitNotification.type);
  const code = await new Promise((r) => (srv.child.exitCode !== null ? r(srv.child.exitCode) : srv.child.on('exit', r)));
  assert.equal(code, 0);
  // Nothing the server logged contains the token in full.
  assert.ok(!srv.stderr().includes(tok), 'server log must not contain the token');
  t.diagnostic(`fixed with "${fix.title}"`);
});
