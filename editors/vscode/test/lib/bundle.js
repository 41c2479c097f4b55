// Loads the extension as it is bundled (out/test/extension.js, made by
// esbuild.mjs from the same sources and options as the shipped
// out/extension.js, with vscode-languageclient left external) with stand-ins
// for the `vscode` module and vscode-languageclient, which only exist inside
// VS Code. Each test file runs in its own process, so the stand-ins of one do
// not leak into another.
'use strict';
const Module = require('node:module');
const path = require('node:path');

function loadBundle({ vscode = {}, client = {} } = {}) {
  const realLoad = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return client;
    return realLoad.call(this, request, ...rest);
  };
  return require(path.join(__dirname, '..', '..', 'out', 'test', 'extension.js'));
}

module.exports = { loadBundle };
