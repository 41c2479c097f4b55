// End-to-end test in real VS Code (code-server, VS Code 1.100.3) driven by
// headless Chromium through playwright-core: install the platform .vsix
// (linux-x64, with the server bundled) on a machine with NO ghpat-ls on PATH,
// open a workspace file holding a generated token, see the diagnostic, its
// hover and the quick fixes, run the fix, then hover a token variable for a
// live lookup against a local HTTPS stand-in for the GitHub API.
// Screenshots of each state go to SCREENSHOT_DIR (the README's images are
// copied from there: scripts/test-vscode.sh, GHPAT_UPDATE_IMAGES=1).
//
// Environment (scripts/test-vscode.sh sets them):
//   CODE_SERVER     code-server package directory (holds out/node/entry.js)
//   VSIX            the platform-specific .vsix (server/ghpat-ls inside)
//   CHROMIUM        chromium executable (default /usr/bin/chromium)
//   FAKE_GITHUB     command that starts the fake GitHub API (test/e2e/fakegithub)
//   SCREENSHOT_DIR  where to save the screenshots (default test-artifacts/)
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
const CODE_SERVER = env('CODE_SERVER');
const VSIX = env('VSIX');
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const FAKE_GITHUB = env('FAKE_GITHUB');
const SHOTS = path.resolve(env('SCREENSHOT_DIR', 'test-artifacts'));
const STEP_MS = 60000;
const BUNDLED = '(the binary bundled with this extension)';

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

// pathWithoutServer drops every PATH entry that holds a ghpat-ls, so only the
// bundled server can answer.
function pathWithoutServer(p) {
  return (p || '')
    .split(':')
    .filter((d) => d !== '' && !fs.existsSync(path.join(d, 'ghpat-ls')))
    .join(':');
}

// startFakeGitHub runs test/e2e/fakegithub and reads its {host, caFile, token} line.
function startFakeGitHub(dir) {
  const [cmd, ...args] = FAKE_GITHUB.split(' ');
  const proc = cp.spawn(cmd, [...args, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errLog = '';
  proc.stderr.on('data', (d) => (errLog += d));
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ proc, info: JSON.parse(buf.slice(0, nl)), log: () => errLog });
    });
    proc.on('exit', (code) => reject(new Error(`fake GitHub exited (${code}): ${errLog}`)));
    setTimeout(() => reject(new Error(`fake GitHub did not start: ${errLog}`)), STEP_MS);
  });
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
  // The live hover's token lives in the editor's environment (as for a
  // user): GH_TOKEN, because code-server deletes GITHUB_TOKEN from its
  // environment (it is code-server's own GitHub login). The fake GitHub's
  // certificate is trusted through SSL_CERT_FILE.
  const fake = await startFakeGitHub(tmp);
  const liveTok = fake.info.token;
  // Keep code-server away from the user's ~/.config and ~/.local, and
  // leave no ghpat-ls on PATH: the extension must run its bundled server.
  const csEnv = {
    ...process.env,
    PATH: pathWithoutServer(process.env.PATH),
    GH_TOKEN: liveTok,
    SSL_CERT_FILE: fake.info.caFile,
    // The live hover names the Enterprise host it asked: a proxy in the fake
    // lets the server reach it as ghe.example.com, not as 127.0.0.1.
    HTTPS_PROXY: fake.info.proxy,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
  };
  if (cp.spawnSync('sh', ['-c', 'command -v ghpat-ls'], { env: csEnv }).status === 0) {
    throw new Error('ghpat-ls is still on PATH; the test must prove the bundled server runs');
  }

  log('installing the .vsix');
  const installed = run(process.execPath, [entry, ...common, '--install-extension', VSIX], { env: csEnv });
  if (!/successfully installed/.test(installed)) throw new Error(`install: ${installed}`);

  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        // No ghpat.serverPath: the bundled server. Live lookups go to the
        // fake GitHub (user settings, as the extension requires).
        'ghpat.enterpriseHost': fake.info.proxiedHost,
        // A dotted rule key, as users write it: proves the settings reach the
        // server (the missing-Accept hint in live.js becomes a warning).
        'ghpat.rules.github-api-accept-missing.severity': 'warning',
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
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.fontSize': 15,
        'editor.hover.delay': 200,
      },
      null,
      2,
    ),
  );

  const tok = generateClassic();
  const file = path.join(ws, 'main.go');
  const text = `package main\n\nimport "fmt"\n\nconst token = "${tok}"\n\nfunc main() { fmt.Println(token) }\n`;
  fs.writeFileSync(file, text);
  const liveFile = path.join(ws, 'live.js');
  fs.writeFileSync(
    liveFile,
    [
      "// The token comes from the editor's environment, never from this file:",
      '// hover GH_TOKEN to see whose it is.',
      'const token = process.env.GH_TOKEN;',
      '',
      'const res = await fetch("https://api.github.com/user", {',
      '  headers: { Authorization: `Bearer ${token}`, "X-GitHub-Api-Version": "2022-11-28" },',
      '});',
      '',
    ].join('\n'),
  );

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
    // VS Code bounds a hover at a quarter of the editor's height (at least
    // 250 px): the page is tall so that the token hover fits whole, and the
    // screenshots keep the top 1280x800, where everything shown happens.
    page = await browser.newPage({ viewport: { width: 1280, height: 2200 } });
    // shot saves a screenshot for the README. The hard-coded token is
    // checksum-valid, so it is blurred where the editor shows it in full: the
    // images are committed, and a token must never be (even as pixels).
    const shot = async (name) => {
      const blurred = await page.evaluate((t) => {
        let n = 0;
        for (const el of document.querySelectorAll('.view-lines span')) {
          if (el.children.length === 0 && el.textContent.includes(t.slice(4, 20))) {
            el.style.filter = 'blur(5px)';
            n++;
          }
        }
        const visible = [...document.querySelectorAll('span')].filter(
          (el) => el.children.length === 0 && el.textContent.includes(t) && el.style.filter === '',
        );
        return visible.length === 0 ? n : -1;
      }, tok);
      if (blurred < 0) throw new Error(`${name}: the token is shown in full outside the editor text`);
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, name), clip: { x: 0, y: 0, width: 1280, height: 800 } });
      log(`screenshot: ${path.join(SHOTS, name)}`);
    };
    // wholeHover fails when the visible hover scrolls: a screenshot of it
    // would cut the message off.
    const wholeHover = async (name) => {
      const cut = await page.evaluate(() => {
        const hovers = [...document.querySelectorAll('.monaco-hover:not(.hidden) .monaco-hover-content')];
        return hovers.some((el) => el.scrollHeight > el.clientHeight + 2);
      });
      if (cut) throw new Error(`${name}: the hover is cut off (it scrolls)`);
    };
    // runCommand runs a command from the palette, as a user would.
    const runCommand = async (title) => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(title);
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    };
    // hoverText shows the hover at the cursor and returns its text once it
    // matches want (a live lookup may first answer "checking…").
    const hoverText = async (want) => {
      const start = Date.now();
      for (;;) {
        await runCommand('Show or Focus Hover');
        const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).last();
        await hover.waitFor();
        await page.waitForTimeout(300);
        const t = await hover.innerText();
        if (want.test(t)) return t;
        if (Date.now() - start > STEP_MS) throw new Error(`hover never matched ${want}: ${t}`);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1000);
      }
    };
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
    // The squiggle is in the editor too: a hard-coded token is an error.
    await editor.locator('.squiggly-error').first().waitFor();
    await shot('vscode-diagnostic.png');

    // Go to the problem (moves the cursor onto the token) and hover it.
    await row.click();
    await page.waitForTimeout(300);
    await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    // Close the panel: the editor gets its height, and the hover with it.
    await page.keyboard.press('Control+J');
    await problems.waitFor({ state: 'hidden' });
    // The markdown part (not only the diagnostic's own line, which says "checksum" too).
    const tokHover = await hoverText(/Treat it as leaked/);
    log(`token hover: ${tokHover.replace(/\s+/g, ' ').split(tok).join('<token>')}`);
    if (tokHover.includes(tok)) throw new Error('the hover shows the token in full');
    if (!/revoke/i.test(tokHover)) throw new Error(`the token hover does not say to revoke it: ${tokHover}`);
    await wholeHover('vscode-hover.png');
    await shot('vscode-hover.png');
    await page.keyboard.press('Escape');
    // The panel back (the fix's effect is checked there), the focus back in
    // the editor, the cursor still on the token.
    await page.keyboard.press('Control+Shift+M');
    await problems.waitFor();
    await page.keyboard.press('Control+1');

    // The quick fixes.
    await page.keyboard.press('Control+.');
    const fixes = page.locator('.action-widget .monaco-list-row.action');
    await fixes.first().waitFor();
    await page.waitForTimeout(300);
    await shot('vscode-quickfix.png');
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

    // Live hover: open live.js, put the cursor on GH_TOKEN, hover. The
    // server asks the fake GitHub with the token from the editor's environment.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('live.js');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'live.js' }).first().waitFor();
    await page.keyboard.press('Enter');
    await editor.locator('.view-lines').filter({ hasText: 'process.env.GH_TOKEN' }).waitFor();
    // The dotted rule key turned the missing-Accept hint into a warning.
    await editor.locator('.squiggly-warning').first().waitFor();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('3:29');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+J'); // the panel closed again: room for the whole hover
    await problems.waitFor({ state: 'hidden' });
    const live = await hoverText(/octocat/);
    log(`live hover: ${live.replace(/\s+/g, ' ').split(liveTok).join('<token>')}`);
    if (live.includes(liveTok)) throw new Error('the live hover shows the token in full');
    if (!/repo/.test(live)) throw new Error(`the live hover does not list the scopes: ${live}`);
    if (!live.includes(fake.info.proxiedHost) || live.includes('127.0.0.1')) {
      throw new Error(`the live hover should name ${fake.info.proxiedHost}, not the test server: ${live}`);
    }
    await wholeHover('vscode-live-hover.png');
    await shot('vscode-live-hover.png');
    await page.keyboard.press('Escape');

    // The output channel (a log file under user-data/logs) names the bundled
    // binary; the contributed command restarts it (a second start line).
    const logText = () => filesUnder(path.join(userData, 'logs')).map((f) => fs.readFileSync(f, 'utf8'));
    const starts = () => Math.max(0, ...logText().map((t) => t.split(BUNDLED).length - 1));
    const startLine = logText().join('\n').split('\n').find((l) => l.includes(BUNDLED));
    log(`output channel: ${startLine}`);
    if (!startLine || !startLine.includes(`${path.sep}server${path.sep}ghpat-ls ${BUNDLED}`) || !startLine.includes(extDir)) {
      throw new Error(`the output channel does not say it runs the bundled server: ${startLine}`);
    }
    await runCommand('ghpat-ls: Restart server');
    const start3 = Date.now();
    while (starts() < 2) {
      if (Date.now() - start3 > STEP_MS) throw new Error('"ghpat-ls: Restart server" did not restart the server');
      await new Promise((r) => setTimeout(r, 200));
    }
    log('"ghpat-ls: Restart server" restarted the server');

    // Nothing VS Code or the server logged holds either token in full.
    for (const f of filesUnder(path.join(userData, 'logs'))) {
      const t = fs.readFileSync(f, 'utf8');
      if (t.includes(tok) || t.includes(liveTok)) throw new Error(`log ${path.relative(userData, f)} contains a token in full`);
    }
    if (csLog.includes(tok) || csLog.includes(liveTok)) throw new Error('code-server output contains a token in full');
    ok = true;
  } catch (err) {
    if (page) {
      const failShot = path.join(SHOTS, 'vscode-e2e-failure.png');
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: failShot }).catch(() => {});
      console.error(`failure screenshot: ${failShot}`);
    }
    // Redact the tokens from anything we print.
    const redact = (x) => x.split(tok).join('<token>').split(liveTok).join('<token>');
    console.error(redact(String(err && err.stack ? err.stack : err)));
    console.error('code-server log (tail):\n' + redact(csLog).slice(-4000));
  } finally {
    if (browser) await browser.close().catch(() => {});
    cs.kill();
    fake.proc.stdin.end();
    const fakeCode = await new Promise((r) => (fake.proc.exitCode !== null ? r(fake.proc.exitCode) : fake.proc.on('exit', r)));
    log(fake.log().trim().split(liveTok).join('<token>'));
    if (fakeCode !== 0) {
      console.error(`the fake GitHub saw a bad request (exit ${fakeCode})`);
      ok = false;
    }
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
