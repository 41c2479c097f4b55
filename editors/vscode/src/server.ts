// Server resolution: finds the ghpat-ls binary from the ghpat.serverPath
// setting, else the one bundled in a platform-specific .vsix (server/), else
// PATH (the universal .vsix has no bundled binary). It never downloads
// anything; when the binary is missing it explains how to install it. No
// vscode import, so it is unit-testable.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Until the first tagged release, building from a clone is the one install
// that works (`go install …@latest` needs a tag the Go module proxy can see).
export const INSTALL_COMMAND =
  'git clone https://github.com/ghpat-ls/ghpat-ls && cd ghpat-ls && go install ./cmd/ghpat-ls';
export const RELEASES_URL = 'https://github.com/ghpat-ls/ghpat-ls/releases';

export type Source = 'setting' | 'bundled' | 'PATH';
export type Resolution = { ok: true; path: string; source: Source } | { ok: false; message: string };

/** Where each source comes from, in the words the output channel uses. */
export const SOURCE_LABEL: Record<Source, string> = {
  setting: 'the ghpat.serverPath setting',
  bundled: 'the binary bundled with this extension',
  PATH: 'ghpat-ls on PATH',
};

export interface ResolveOptions {
  /** Value of ghpat.serverPath ('' or undefined when unset). */
  serverPath?: string;
  /** Environment to read PATH (and PATHEXT on Windows) from. */
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Base for a relative ghpat.serverPath: the first workspace folder. */
  workspaceFolder?: string;
  homedir?: string;
  isExecutable?: (file: string) => boolean;
  /** The extension's own server/ directory (platform .vsix files ship the binary there). */
  bundledDir?: string;
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function expand(p: string, opts: ResolveOptions): string {
  const home = opts.homedir ?? os.homedir();
  let out = p.trim();
  if (out === '~' || out.startsWith('~/')) {
    out = path.join(home, out.slice(1));
  }
  if (opts.workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, opts.workspaceFolder);
  }
  if (!path.isAbsolute(out) && opts.workspaceFolder) {
    out = path.join(opts.workspaceFolder, out);
  }
  return out;
}

/** resolveServer picks the binary: the setting, else the bundled one, else ghpat-ls on PATH. */
export function resolveServer(opts: ResolveOptions): Resolution {
  const isExec = opts.isExecutable ?? isExecutableFile;
  const platform = opts.platform ?? process.platform;
  const configured = (opts.serverPath ?? '').trim();
  if (configured !== '') {
    const p = expand(configured, opts);
    if (isExec(p)) {
      return { ok: true, path: p, source: 'setting' };
    }
    return {
      ok: false,
      message:
        `ghpat-ls: the ghpat.serverPath setting points to "${p}", which is not an executable file. ` +
        `Fix the setting, or clear it and install the server on PATH with: ${INSTALL_COMMAND}`,
    };
  }
  if (opts.bundledDir) {
    const p = path.join(opts.bundledDir, platform === 'win32' ? 'ghpat-ls.exe' : 'ghpat-ls');
    if (isExec(p)) {
      return { ok: true, path: p, source: 'bundled' };
    }
  }
  const names = platform === 'win32' ? exeNames(opts.env) : ['ghpat-ls'];
  const dirs = (opts.env.PATH ?? opts.env.Path ?? '').split(platform === 'win32' ? ';' : ':');
  for (const dir of dirs) {
    if (dir === '') {
      continue;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      if (isExec(p)) {
        return { ok: true, path: p, source: 'PATH' };
      }
    }
  }
  return {
    ok: false,
    message:
      `ghpat-ls: the language server was not found on PATH (this is the universal extension, which ` +
      `bundles no server). Build it from a clone: ${INSTALL_COMMAND} (and make sure $(go env GOPATH)/bin is on PATH), ` +
      `or, once a release is published, install the .vsix for your platform or a release binary from ${RELEASES_URL}, ` +
      `or set ghpat.serverPath to the binary.`,
  };
}

function exeNames(env: NodeJS.ProcessEnv): string[] {
  const exts = (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((e) => e !== '');
  return exts.map((e) => 'ghpat-ls' + e.toLowerCase());
}
