// Protocol test of "Revoke this token at GitHub…": the BUILT ghpat-ls over
// stdio (vscode-languageserver-protocol), enterpriseHost pointing at the fake
// GitHub of the Go tests on loopback (test/e2e/fakegithub; its certificate
// trusted by the server through SSL_CERT_FILE), and the
// extension's real confirmation middleware (from the bundle, the `vscode`
// module stubbed). Declining sends nothing; confirming sends the token once.
// GHPAT_LS must name the binary (scripts/test-vscode.sh builds it).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadBundle } = require('../lib/bundle');
const { pathToFileURL } = require('node:url');
const proto = require('vscode-languageserver-protocol/node');
const { generateClassic } = require('../lib/ghtoken');

const BIN = process.env.GHPAT_LS;

// The user's answer to the modal warning.
let answer;
const prompts = [];
const { executeCommand, REVOKE_COMMAND, REVOKE_BUTTON } = loadBundle({
  vscode: {
    window: {
      showWarningMessage(message, options, ...items) {
        prompts.push({ message, options, items });
        return Promise.resolve(answer);
      },
    },
  },
});

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

// fakeGitHub runs test/e2e/fakegithub: the Go tests' one fake GitHub
// (tokeninfo/tokeninfotest), which answers POST /api/v3/credentials/revoke
// with 202 as GitHub does. FAKE_GITHUB names the built program; without it,
// it is built here with the go command. requests() asks it for every
// request it received.
async function fakeGitHub(t, dir) {
  let bin = process.env.FAKE_GITHUB;
  if (!bin) {
    bin = path.join(dir, 'fakegithub');
    cp.execFileSync('go', ['build', '-o', bin, './test/e2e/fakegithub'], { cwd: path.join(__dirname, '..', '..'), stdio: 'inherit' });
  }
  const proc = cp.spawn(bin, [dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errLog = '';
  proc.stderr.on('data', (d) => (errLog += d));
  const lines = [];
  const waiting = [];
  let buf = '';
  proc.stdout.on('data', (d) => {
    buf += d;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (waiting.length) waiting.shift()(line);
      else lines.push(line);
    }
  });
  const nextLine = () =>
    new Promise((resolve, reject) => {
      if (lines.length) return resolve(lines.shift());
      const timer = setTimeout(() => reject(new Error(`fake GitHub did not answer: ${errLog}`)), 15000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  t.after(async () => {
    proc.stdin.end();
    const code = await exited;
    assert.equal(code, 0, `the fake GitHub saw a bad request: ${errLog}`);
  });
  const info = JSON.parse(await nextLine());
  const requests = async () => {
    proc.stdin.write('requests\n');
    return JSON.parse(await nextLine());
  };
  return { host: info.host, cert: info.caFile, requests };
}

test('revoke: nothing is sent until the user confirms, then the token goes once', async (t) => {
  assert.ok(BIN, 'set GHPAT_LS to the built ghpat-ls binary');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghpat-revoke-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const gh = await fakeGitHub(t, dir);
  const child = cp.spawn(BIN, ['serve', '--log-level', 'debug'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SSL_CERT_FILE: gh.cert, GITHUB_TOKEN: '', GH_TOKEN: '' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const frames = [];
  child.stdout.on('data', (d) => frames.push(d.toString()));
  const conn = proto.createProtocolConnection(new proto.StreamMessageReader(child.stdout), new proto.StreamMessageWriter(child.stdin));
  const notifications = [];
  conn.onNotification((method, params) => notifications.push({ method, params }));
  conn.listen();
  t.after(() => {
    conn.dispose();
    child.kill();
  });

  const tok = generateClassic();
  const uri = pathToFileURL(path.join(dir, 'deploy.js')).toString();
  const text = `const token = "${tok}";\n`;
  const init = await conn.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    initializationOptions: { ghpat: { enterpriseHost: gh.host, liveLookups: { enabled: false } } },
    capabilities: {},
  });
  assert.deepEqual(init.capabilities.executeCommandProvider, { commands: [REVOKE_COMMAND] });
  await conn.sendNotification(proto.InitializedNotification.type, {});
  await conn.sendNotification(proto.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'javascript', version: 1, text } });
  const pub = await waitFor(
    () => notifications.find((n) => n.method === 'textDocument/publishDiagnostics' && n.params.diagnostics.some((d) => d.code === 'github-pat')),
    'the token diagnostic',
  );
  const diag = pub.params.diagnostics.find((d) => d.code === 'github-pat');
  const actions = await conn.sendRequest(proto.CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
  const action = actions.find((a) => a.command && a.command.command === REVOKE_COMMAND);
  assert.ok(action, 'the revoke action is offered');
  assert.equal(action.title, 'Revoke this token at GitHub…');
  assert.ok(!JSON.stringify(action).includes(tok), 'the action (and its command arguments) must not hold the token');

  // What VS Code does when the action is picked: run the command through the middleware.
  let sent = 0;
  const next = async (command, args) => {
    sent++;
    return conn.sendRequest(proto.ExecuteCommandRequest.type, { command, arguments: args });
  };

  answer = undefined; // Escape / Cancel
  assert.equal(await executeCommand(action.command.command, action.command.arguments, next), undefined);
  assert.equal(prompts.length, 1);
  const shown = `ghp_${tok.slice(4, 7)}…${tok.slice(-4)}`; // the server's redacted form
  assert.equal(prompts[0].message, `Revoke ${shown} at GitHub (${gh.host})? The owner is emailed and it cannot be undone.`);
  assert.equal(prompts[0].options.modal, true);
  assert.equal(sent, 0, 'declined: the command did not reach the server');
  assert.equal((await gh.requests()).length, 0, 'declined: nothing reached GitHub');

  // The server asks itself only when the client did not (no "confirmed"):
  // it must not have asked here.
  const asked = [];
  conn.onRequest('window/showMessageRequest', (p) => {
    asked.push(p);
    return null;
  });
  answer = REVOKE_BUTTON;
  await executeCommand(action.command.command, action.command.arguments, next);
  assert.equal(sent, 1);
  const msg = await waitFor(() => notifications.find((n) => n.method === 'window/showMessage'), 'window/showMessage');
  assert.equal(msg.params.type, proto.MessageType.Info);
  assert.ok(msg.params.message.startsWith(`Revoked ${shown} at ${gh.host}: GitHub accepted the request (202).`), msg.params.message);
  const reqs = await gh.requests();
  assert.equal(reqs.length, 1);
  assert.equal(asked.length, 0, 'the server did not ask again');
  const r = reqs[0];
  assert.equal(r.method, 'POST');
  assert.equal(r.url, '/api/v3/credentials/revoke');
  assert.deepEqual(JSON.parse(r.body), { credentials: [tok] });
  assert.equal(r.headers.authorization, undefined, 'no Authorization header');
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers.accept, 'application/vnd.github+json');
  assert.equal(r.headers['x-github-api-version'], '2022-11-28');

  await conn.sendRequest(proto.ShutdownRequest.type);
  await conn.sendNotification(proto.ExitNotification.type);
  await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
  assert.ok(!frames.join('').includes(tok), 'no server frame holds the token');
  assert.ok(!stderr.includes(tok), 'the server log does not hold the token');
});
