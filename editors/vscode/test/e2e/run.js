// End-to-end test in real VS Code (code-server, VS Code 1.100.3) driven by
// headless Chromium through playwright-core: install the built .vsix, open a
// workspace file holding a generated token, see the diagnostic in the
// Problems panel, run the quick fix, check the token left the editor.
//
// Environment (scripts/test-vscode.sh sets them):
//   GHPAT_LS      built ghpat-ls binary
//   CODE_SERVER   code-server package directory (holds out/node/entry.js)
//   VSIX          the packaged extension
//   CHROMIUM      chromium executable (default /usr/bin/chromium)
//   SCREENSHOT    where to save the screenshot (default test-artifacts/vscode-e2e.png)
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { generateClassic } = require('../lib/ghtoken');

const env = (k, d) => {
  const v = process.env[k] || d;
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const BIN = env('GHPAT_LS');
const CODE_SERVER = env('CODE_SERVER');
const VSIX = env('VSIX');
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const SCREENSHOT = path.resolve(env('SCREENSHOT', 'test-artifacts/vscode-e2e.png'));
const STEP_MS = 60000;

function log(msg) {
  console.log(`[e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function run(cmd, args, opts) {
  const r = cp.spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function filesUnder(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ghpat-e2e-'));
  const userData = path.join(tmp, 'user-data');
  const extDir = path.join(tmp, 'extensions');
  const ws = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(ws, { recursive: true });
  const entry = path.join(CODE_SERVER, 'out', 'node', 'entry.js');
  const config = path.join(tmp, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extDir];
  // Keep code-server away from the user's ~/.config and ~/.local.
  const csEnv = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') };

  log('installing the .vsix');
  const installed = run(process.execPath, [entry, ...common, '--install-extension', VSIX], { env: csEnv });
  if (!/successfully installed/.test(installed)) throw new Error(`install: ${installed}`);

  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'ghpat.serverPath': BIN,
        'ghpat.liveLookups.enabled': false,
        // A dotted rule key, as users write it: proves the settings reach the
        // server (the token finding becomes a warning instead of an error).
        'ghpat.rules.github-pat.severity': 'warning',
        'ghpat.trace.server': 'messages',
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'chat.disableAIFeatures': true,
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
      },
      null,
      2,
    ),
  );

  const tok = generateClassic();
  const file = path.join(ws, 'main.go');
  const text = `package main\n\nimport "fmt"\n\nconst token = "${tok}"\n\nfunc main() { fmt.Println(token) }\n`;
  fs.writeFileSync(file, text);

  const port = await freePort();
  log(`starting code-server on 127.0.0.1:${port}`);
  const cs = cp.spawn(
    process.execPath,
    [entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ws],
    { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let csLog = '';
  cs.stdout.on('data', (d) => (csLog += d));
  cs.stderr.on('data', (d) => (csLog += d));
  let browser;
  let page;
  let ok = false;
  try {
    const start = Date.now();
    while (!/HTTP server listening on/.test(csLog)) {
      if (cs.exitCode !== null) throw new Error(`code-server exited (${cs.exitCode}):\n${csLog}`);
      if (Date.now() - start > STEP_MS) throw new Error(`code-server did not start:\n${csLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_MS);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor();
    log('workbench loaded');

    // Open the file through Quick Open, as a user would.
    await page.locator('.explorer-folders-view').waitFor();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('main.go');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').filter({ hasText: 'const token' }).waitFor();
    log('main.go open');

    // The diagnostic in the Problems panel.
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    const row = problems.locator('.monaco-list-row').filter({ hasText: 'github-pat' }).first();
    await row.waitFor();
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    log(`Problems panel: ${rowText.replace(tok, '<token>')}`);
    if (rowText.includes(tok)) throw new Error('the Problems panel shows the token in full');
    if (!/ghpat-ls/.test(rowText)) throw new Error(`diagnostic source is not ghpat-ls: ${rowText}`);
    // The squiggle is in the editor too, at the severity set in the settings.
    await editor.locator('.squiggly-warning').first().waitFor();
    if ((await editor.locator('.squiggly-error').count()) !== 0) throw new Error('ghpat.rules severity override not applied');

    // Go to the problem (moves the cursor onto the token) and ask for quick fixes.
    await row.click();
    await page.waitForTimeout(300);
    await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const fixes = page.locator('.action-widget .monaco-list-row.action');
    await fixes.first().waitFor();
    const titles = await fixes.allInnerTexts();
    log(`quick fixes: ${JSON.stringify(titles)}`);
    if (titles.some((t) => t.includes(tok))) throw new Error('a quick fix title shows the token in full');
    if (!titles.some((t) => t.includes('GITHUB_TOKEN'))) throw new Error('no quick fix reads the token from $GITHUB_TOKEN');
    // Choose it with the keyboard (the widget's pointer block swallows clicks).
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    for (let i = 0; ; i++) {
      const label = (await focused.getAttribute('aria-label')) || '';
      if (label.includes('GITHUB_TOKEN')) break;
      if (i > titles.length) throw new Error('could not focus the $GITHUB_TOKEN quick fix');
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');

    // The token leaves the editor text and the diagnostic leaves the panel.
    await page.waitForFunction(
      (t) => {
        const lines = document.querySelector('.editor-instance .monaco-editor .view-lines');
        return lines && !lines.textContent.includes(t) && lines.textContent.includes('package');
      },
      tok,
      { timeout: STEP_MS },
    );
    // The view's DOM lines are not in document order: save and read the file.
    await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+S');
    const start2 = Date.now();
    while (fs.readFileSync(file, 'utf8') === text) {
      if (Date.now() - start2 > STEP_MS) throw new Error('the fixed file was not saved');
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = fs.readFileSync(file, 'utf8');
    log(`main.go after the fix and save:\n${after.split(tok).join('<token>')}`);
    if (after.includes(tok)) throw new Error('the token is still in the file');
    if (!after.includes('os.Getenv("GITHUB_TOKEN")')) throw new Error('the fix does not read $GITHUB_TOKEN');
    if (!after.startsWith('package main') || !after.includes('fmt.Println(token)')) throw new Error('the fix lost the rest of the file');
    // The fixed file is still Go (gofmt parses it; it exits non-zero on a syntax error).
    run(process.env.GOFMT || 'gofmt', ['-l', file]);
    await problems.locator('.monaco-list-row').filter({ hasText: 'github-pat' }).waitFor({ state: 'detached' });
    log('diagnostic gone from the Problems panel');

    // The contributed command restarts the server: the output channel (a log
    // file under user-data/logs) records a second start of the binary.
    const starts = () =>
      Math.max(0, ...filesUnder(path.join(userData, 'logs')).map((f) => fs.readFileSync(f, 'utf8').split(`Starting ${BIN} `).length - 1));
    if (starts() < 1) throw new Error('the ghpat-ls output channel did not log the server start');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('ghpat-ls: Restart server');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'ghpat-ls: Restart server' }).first().waitFor();
    await page.keyboard.press('Enter');
    const start3 = Date.now();
    while (starts() < 2) {
      if (Date.now() - start3 > STEP_MS) throw new Error('"ghpat-ls: Restart server" did not restart the server');
      await new Promise((r) => setTimeout(r, 200));
    }
    log('"ghpat-ls: Restart server" restarted the server');

    // Nothing VS Code or the server logged holds the token in full.
    for (const f of filesUnder(path.join(userData, 'logs'))) {
      if (fs.readFileSync(f, 'utf8').includes(tok)) throw new Error(`log ${path.relative(userData, f)} contains the token in full`);
    }
    if (csLog.includes(tok)) throw new Error('code-server output contains the token in full');

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${SCREENSHOT}`);
    ok = true;
  } catch (err) {
    if (page) {
      const failShot = SCREENSHOT.replace(/\.png$/, '-failure.png');
      fs.mkdirSync(path.dirname(failShot), { recursive: true });
      await page.screenshot({ path: failShot }).catch(() => {});
      console.error(`failure screenshot: ${failShot}`);
    }
    // Redact the token from anything we print.
    console.error(String(err && err.stack ? err.stack : err).split(tok).join('<token>'));
    console.error('code-server log (tail):\n' + csLog.split(tok).join('<token>').slice(-4000));
  } finally {
    if (browser) await browser.close().catch(() => {});
    cs.kill();
    if (ok) fs.rmSync(tmp, { recursive: true, force: true });
    else console.error(`kept ${tmp} for inspection`);
  }
  if (!ok) process.exit(1);
  log('PASS');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
