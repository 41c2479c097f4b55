// Extension entry point: starts ghpat-ls over stdio with vscode-languageclient
// for the languages the server covers, keeps its settings in sync, and offers
// a restart command. The server finds tokens; this file only wires it up.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from 'vscode-languageclient/node';
import * as path from 'path';
import { executeCommand } from './revoke';
import { resolveServer, SOURCE_LABEL } from './server';
import { toServerSettings } from './settings';

/** Language ids the client attaches to (files on disk only). */
export const LANGUAGES = [
  'go',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
  'shellscript',
  'ruby',
  'rust',
  'java',
  'yaml',
  'github-actions-workflow',
  'dockerfile',
  'dotenv',
  'json',
  'jsonc',
  'markdown',
  'plaintext',
];

export const SECTION = 'ghpat';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
// Serialises start/stop so that a restart during a start does not leak a server.
let pending: Promise<unknown> = Promise.resolve();

function settingsFor(scopeUri?: string) {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  return toServerSettings(vscode.workspace.getConfiguration(SECTION, scope));
}

export function clientOptions(channel: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    synchronize: { configurationSection: SECTION },
    initializationOptions: () => settingsFor(),
    outputChannel: channel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      executeCommand, // asks before "Revoke this token at GitHub…" runs
      workspace: {
        // Answer workspace/configuration pulls with the mapped settings.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((r, i) => (params.items[i]?.section === SECTION ? settingsFor(params.items[i].scopeUri) : r));
        },
        // Push the mapped settings rather than the raw configuration tree.
        didChangeConfiguration: async () => {
          await client?.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SECTION]: settingsFor() },
          });
        },
      },
    },
  };
}

let extensionPath: string | undefined;

async function start(): Promise<boolean> {
  const channel = output!;
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const res = resolveServer({
    serverPath: cfg.get<string>('serverPath'),
    env: process.env,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    bundledDir: extensionPath ? path.join(extensionPath, 'server') : undefined,
  });
  if (!res.ok) {
    channel.appendLine(res.message);
    void vscode.window.showErrorMessage(res.message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.serverPath`);
      }
    });
    return false;
  }
  channel.appendLine(`Starting ${res.path} (${SOURCE_LABEL[res.source]})`);
  const serverOptions: ServerOptions = {
    command: res.path,
    args: ['serve'],
    // The editor's environment, so that live hovers see GITHUB_TOKEN & co.
    options: { env: { ...process.env } },
  };
  const c = new LanguageClient(SECTION, 'ghpat-ls', serverOptions, clientOptions(channel));
  client = c;
  try {
    await c.start();
    return true;
  } catch (err) {
    const msg = `ghpat-ls: the server at ${res.path} failed to start: ${err instanceof Error ? err.message : String(err)}`;
    channel.appendLine(msg);
    void vscode.window.showErrorMessage(msg);
    client = undefined;
    return false;
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output?.appendLine(`ghpat-ls: stopping the server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** restart stops the running server (if any) and starts it again, re-resolving its path. */
export function restart(): Promise<boolean> {
  const next = pending.then(async () => {
    await stop();
    return start();
  });
  pending = next.catch(() => undefined);
  return next;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('ghpat-ls', { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(vscode.commands.registerCommand('ghpat.restartServer', () => restart()));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.serverPath`)) {
        void restart();
      }
    }),
  );
  await restart();
}

export function deactivate(): Promise<void> {
  const done = pending.then(stop);
  pending = done;
  return done;
}

/** For tests: the running client. */
export function currentClient(): LanguageClient | undefined {
  return client;
}

// The unit tests load the bundle, not the sources: what they check of the
// other modules is re-exported here.
export { INSTALL_COMMAND, RELEASES_URL, resolveServer } from './server';
export { confirmation, executeCommand, REVOKE_BUTTON, REVOKE_COMMAND } from './revoke';
export { SERVER_KEYS, toServerSettings } from './settings';
