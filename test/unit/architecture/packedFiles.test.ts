// The packages carry every file their bundles read at run time. The CLI's npm
// package once left out the crate tables' `.entries` files (.vscodeignore let
// them through, .npmignore did not), so `nixify infer` from `npm install -g`
// failed with ENOENT at the first crate look-up. The files a bundle reads are
// found from dist/ itself: those whose names its code spells (imports, `new URL`,
// `join(__dirname, …)`) or builds by a template such as `tree-sitter-${lang}.wasm`,
// followed through the files they name in turn.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const dist = join(root, 'dist');

function listDist(dir = dist, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) listDist(p, out);
    else if (!e.endsWith('.map')) out.push(relative(root, p).split('\\').join('/'));
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The dist/ files `entries` read at run time, those included. */
function runtimeFiles(entries: string[]): string[] {
  const files = listDist();
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!/\.(m?js)$/.test(f)) continue;
    const text = readFileSync(join(root, f), 'utf8');
    // `prefix${…}suffix.ext`: a name built at run time from a known prefix and extension.
    const templates = [...text.matchAll(/`([\w.-]+)\$\{[^`}]*\}([\w-]*\.\w+)`/g)].map((m) => new RegExp(`^${escape(m[1])}[\\w.-]+${escape(m[2])}$`));
    for (const g of files) {
      const name = basename(g);
      if (new RegExp(`["'\`/]${escape(name)}["'\`]`).test(text) || templates.some((re) => re.test(name))) todo.push(g);
    }
  }
  return [...seen].sort();
}

function missing(packed: string[], entries: string[]): string[] {
  const have = new Set(packed);
  return runtimeFiles(entries).filter((f) => !have.has(f));
}

describe('packed files', () => {
  it('the runtime closure is found from the bundles (chunks, crate tables, parsers, the analysis thread)', () => {
    const cli = runtimeFiles(['dist/cli.js']);
    for (const re of [/^dist\/chunk-\w+\.mjs$/, /^dist\/crateManifests\w*\.entries$/, /^dist\/grammars\/tree-sitter-rust\.wasm$/, /^dist\/tree-sitter\.wasm$/, /^dist\/analysisWorker\.mjs$/]) {
      assert.ok(
        cli.some((f) => re.test(f)),
        `${re} among the CLI's files`,
      );
    }
  });

  it('npm pack carries every file the CLI (bin/nixify.js → dist/cli.js) reads', () => {
    const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const packed = (JSON.parse(json) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    assert.ok(packed.includes('bin/nixify.js'), 'the launcher is packed');
    assert.deepEqual(missing(packed, ['dist/cli.js']), [], 'let these through in .npmignore');
  });

  it('the .vsix carries every file the extension and its language server read', () => {
    const out = execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const packed = out.split('\n').filter(Boolean);
    assert.deepEqual(missing(packed, ['dist/extension.js']), [], 'let these through in .vscodeignore');
  });
});
