// Unit tests of the revoke confirmation (src/revoke.ts) with the `vscode`
// module stubbed: the command reaches the server only after "Revoke".
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadBundle } = require('../lib/bundle');

const shown = [];
let answer;
const vscodeStub = {
  window: {
    showWarningMessage(message, options, ...items) {
      shown.push({ message, options, items });
      return Promise.resolve(answer);
    },
  },
};
const { executeCommand, confirmation, REVOKE_COMMAND, REVOKE_BUTTON } = loadBundle({ vscode: vscodeStub });

const args = [{ uri: 'file:///w/app.js', range: {}, version: 3, redacted: 'ghp_abc…wxyz', host: 'api.github.com' }];

function recorder() {
  const calls = [];
  const next = (command, a) => {
    calls.push({ command, a });
    return Promise.resolve('sent');
  };
  return { calls, next };
}

test('declining (Cancel, Escape) sends nothing', async () => {
  for (const a of [undefined, 'Cancel']) {
    shown.length = 0;
    answer = a;
    const r = recorder();
    assert.equal(await executeCommand(REVOKE_COMMAND, args, r.next), undefined);
    assert.equal(r.calls.length, 0);
    assert.equal(shown.length, 1);
  }
});

test('Revoke sends the command once, marked confirmed', async () => {
  shown.length = 0;
  answer = REVOKE_BUTTON;
  const r = recorder();
  assert.equal(await executeCommand(REVOKE_COMMAND, args, r.next), 'sent');
  assert.deepEqual(r.calls, [{ command: REVOKE_COMMAND, a: [{ ...args[0], confirmed: true }] }]);
  assert.equal(args[0].confirmed, undefined, 'the original arguments are not changed');
  const s = shown[0];
  assert.equal(s.options.modal, true);
  assert.deepEqual(s.items, ['Revoke']);
  assert.equal(s.message, 'Revoke ghp_abc…wxyz at GitHub (api.github.com)? The owner is emailed and it cannot be undone.');
  assert.match(s.options.detail, /without authentication/);
});

test('other commands pass through without a prompt', async () => {
  shown.length = 0;
  const r = recorder();
  await executeCommand('ghpat.other', [1], r.next);
  assert.equal(r.calls.length, 1);
  assert.equal(shown.length, 0);
});

test('the prompt never shows a full token, whatever the arguments hold', () => {
  const full = 'ghp_' + 'A'.repeat(36);
  const c = confirmation([{ redacted: full, host: 'x' + full }]);
  assert.ok(!c.message.includes(full) && !c.detail.includes(full), c.message);
  assert.equal(confirmation([]).message, 'Revoke this token at GitHub (GitHub)? The owner is emailed and it cannot be undone.');
});
