// What the language server's request thread parses before its first message, read from the real
// bundle: its entry and the chunks they import statically (a dynamic import() loads with the
// request that makes it). The bundler groups modules by which entries reach them, so one static
// import of a small module can pull a chunk that holds the inference's tables; the sourcemaps say
// which sources each chunk is made of.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chunksAtStart } from '../../scripts/bundleChunks';
import { repoRoot } from './client';

const dist = join(repoRoot, 'dist');

/** The sources of every chunk `entry` loads at start (ours, or with `packages` the packages'). */
function sourcesAtStart(entry: string, packages = false): Set<string> {
  const sources = new Set<string>();
  for (const f of chunksAtStart(dist, entry)) {
    const map = JSON.parse(readFileSync(join(dist, `${f}.map`), 'utf8')) as { sources: string[] };
    for (const s of map.sources) if (s.includes('node_modules') === packages) sources.add(s.replace(/^(\.\.\/)+/, ''));
  }
  return sources;
}

/** The inference's tables and what reaches them: the builders and generators import them. */
const heavy = (s: string) => /^server\/src\/(data|infer|builders|generate)\//.test(s);

describe('language server start', () => {
  it('the request thread loads no inference tables, builders or generators before a request asks for them', (t) => {
    if (!existsSync(join(dist, 'server.mjs.map'))) return t.skip('dist/server.mjs.map missing: run `npm run build`');
    const request = sourcesAtStart('server.mjs');
    assert.ok(request.has('server/src/lsp/server.ts'), [...request].join(' '));
    assert.deepEqual([...request].filter(heavy), []);
    // The analysis thread does need them: the check above would see them.
    const analysis = sourcesAtStart('analysisWorker.mjs');
    assert.ok(
      [...analysis].some((s) => s.startsWith('server/src/data/')),
      [...analysis].join(' '),
    );
  });

  it('the analysis thread loads no LSP library at start (it speaks no JSON-RPC; protocolValues.ts has its numbers)', (t) => {
    if (!existsSync(join(dist, 'analysisWorker.mjs.map'))) return t.skip('dist/analysisWorker.mjs.map missing: run `npm run build`');
    const packages = [...sourcesAtStart('analysisWorker.mjs', true)];
    assert.ok(packages.length > 0, 'no package sources found: the sourcemaps changed shape');
    assert.deepEqual(
      packages.filter((s) => /node_modules\/vscode-(languageserver|languageserver-protocol|languageserver-types|jsonrpc)\//.test(s)),
      [],
    );
  });
});
