// One command builds everything a user or a test needs: the parsers (wasm) and
// the bundles (client, server, CLI). Installs dependencies first on a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeModules, root } from './deps.mjs';

ensureNodeModules('build');
execFileSync(process.execPath, [join(root, 'scripts', 'build-grammars.mjs')], { stdio: 'inherit' });

const esbuild = await import('esbuild');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  // Shipped minified: a third of the bytes for Node to parse on every cold start
  // (bench/coldStart.ts). Names are kept so errors and stacks stay readable, and
  // the linked sourcemaps map back to the sources. `--no-minify` for debugging.
  minify: !process.argv.includes('--no-minify'),
  keepNames: true,
  logLevel: 'warning',
  // web-tree-sitter locates tree-sitter.wasm next to the bundle at run time.
  external: ['vscode'],
  // web-tree-sitter finds itself through import.meta.url, which a CommonJS
  // bundle does not have: give it the bundle's own URL.
  banner: { js: "const __nixifyImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'process.env.NIXIFY_VERSION': JSON.stringify(version), 'import.meta.url': '__nixifyImportMetaUrl' },
};
const entries = [
  { entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/extension.js') },
  { entryPoints: [join(root, 'server/src/lsp/main.ts')], outfile: join(root, 'dist/server.js') },
  { entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(root, 'dist/cli.js') },
].filter((e) => existsSync(e.entryPoints[0]));
for (const e of entries) {
  if (watch) await (await esbuild.context({ ...common, ...e })).watch();
  else await esbuild.build({ ...common, ...e });
}
console.log(`build: ${entries.length} bundles in dist/`);
