// Bundles the extension into one file, out/extension.js, which is all the
// .vsix carries besides package.json, README, LICENSE and the server binary
// (vscode-languageclient and its dependencies are inlined; `vscode` is
// provided by the editor). tsc only type-checks (npm run compile).
//
// out/test/extension.js is the same bundle with vscode-languageclient left
// external too: the unit tests put a stand-in for it (they check how the
// client is configured without starting VS Code). It is not packaged.
import * as esbuild from 'esbuild';

const common = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // Licence headers of the inlined packages stay in the bundle.
  legalComments: 'eof',
};

await esbuild.build({ ...common, external: ['vscode'], outfile: 'out/extension.js', minify: true });
await esbuild.build({
  ...common,
  external: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'],
  outfile: 'out/test/extension.js',
});
