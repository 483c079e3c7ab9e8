// One command builds everything a user or a test needs: the parsers (wasm) and
// the bundles (client, server, CLI). Installs dependencies first on a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataModule } from './dataModule.mjs';
import { ensureNodeModules, root } from './deps.mjs';

ensureNodeModules('build');
execFileSync(process.execPath, [join(root, 'scripts', 'build-grammars.mjs')], { stdio: 'inherit' });
// The prefilter's wasm scan is committed; this recompiles it only when its C source changed.
execFileSync(process.execPath, [join(root, 'scripts', 'build-scan-wasm.mjs')], { stdio: 'inherit' });

const esbuild = await import('esbuild');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
// The data tables (server/src/data, 0.6 MB) as dataModule.mjs writes them: JSON.parse of a string,
// the crate tables' entries in files beside the chunks (dist/crateManifests*.entries).
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /[\\/]server[\\/]src[\\/]data[\\/][^\\/]+\.json$/ }, (args) => ({
      contents: dataModule(args.path, JSON.parse(readFileSync(args.path, 'utf8')), (file, text) => {
        mkdirSync(join(root, 'dist'), { recursive: true });
        writeFileSync(join(root, 'dist', file), text);
      }),
      loader: 'js',
    }));
  },
};
const base = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Shipped minified: a third of the bytes for Node to parse on every cold start
  // (bench/coldStart.ts). Names are kept so errors and stacks stay readable, and
  // the linked sourcemaps map back to the sources. `--no-minify` for debugging.
  minify: !process.argv.includes('--no-minify'),
  keepNames: true,
  logLevel: 'warning',
  external: ['vscode'],
  plugins: [jsonAsString],
};
const define = { 'process.env.NIXIFY_VERSION': JSON.stringify(version) };
// The extension (VS Code loads it with require): one CommonJS bundle.
// web-tree-sitter finds itself through import.meta.url, which a CommonJS
// bundle does not have: give it the bundle's own URL.
const extension = {
  ...base,
  format: 'cjs',
  entryPoints: [join(root, 'client/src/extension.ts')],
  outfile: join(root, 'dist/extension.js'),
  banner: { js: "const __nixifyImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { ...define, 'import.meta.url': '__nixifyImportMetaUrl' },
};
// The CLI and the language server: ES modules split into shared chunks, so a
// process parses only what it imports. `nixify --version` loads the CLI's
// door alone; each command's code, the parsers, the generators and the log
// diagnosis are chunks loaded by the dynamic import() that needs them. Chunks
// sit beside the entries: the grammars are found relative to the code that
// loads them (dist/grammars). The banner gives the bundled CommonJS packages
// (vscode-languageserver) `require`, and our code `__dirname`.
const split = {
  ...base,
  format: 'esm',
  splitting: true,
  // The language server's analysis thread is an entry of its own (dist/analysisWorker.mjs, found
  // beside the chunk that starts it), sharing the chunks of the code both threads run.
  entryPoints: { cli: join(root, 'server/src/cli.ts'), server: join(root, 'server/src/lsp/main.ts'), analysisWorker: join(root, 'server/src/lsp/analysisWorker.ts') },
  outdir: join(root, 'dist'),
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: {
    js: "import{createRequire as __nixifyRequire}from'node:module';import{fileURLToPath as __nixifyPath}from'node:url';import{dirname as __nixifyDir}from'node:path';const require=__nixifyRequire(import.meta.url),__filename=__nixifyPath(import.meta.url),__dirname=__nixifyDir(__filename);",
  },
  define,
};
const builds = [extension, split].filter((b) => Object.values(b.entryPoints).every((e) => existsSync(e)));
// Chunks of an earlier build would pile up (their names are hashes).
if (!watch && existsSync(join(root, 'dist')))
  for (const f of readdirSync(join(root, 'dist'), { withFileTypes: true })) if (f.isFile() && /^chunk-.*\.mjs(\.map)?$/.test(f.name)) rmSync(join(root, 'dist', f.name));
for (const b of builds) {
  if (watch) await (await esbuild.context(b)).watch();
  else await esbuild.build(b);
}
// CommonJS doors onto the ES modules, where a path is part of the interface:
// `require('dist/cli.js').runCli` (bin/nixify.js) and `node dist/cli.js …`;
// dist/server.js, the module VS Code's language client forks.
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(
  join(root, 'dist', 'cli.js'),
  `'use strict';
// The nixify CLI (dist/cli.mjs and its chunks), for require() and \`node dist/cli.js\`.
exports.runCli = (argv, io) => import('./cli.mjs').then((m) => m.runCli(argv, io));
if (require.main === module) {
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  exports.runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
`,
);
writeFileSync(
  join(root, 'dist', 'server.js'),
  `'use strict';
// The language server (dist/server.mjs and its chunks), as VS Code's language client forks it.
import('./server.mjs').catch((e) => {
  process.stderr.write(\`nixify language server: \${e && e.stack ? e.stack : e}\\n\`);
  process.exit(1);
});
`,
);
console.log(`build: the extension bundle, the CLI and server modules in dist/`);
