// Invariants of the module graph that the TypeScript project references do
// not express (see ARCHITECTURE.md): no runtime import cycles anywhere, and no
// editor API outside the client.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cycles, importGraph } from './importGraph';

const root = join(__dirname, '..', '..', '..');
const graph = importGraph(root, ['shared/src', 'server/src', 'client/src']);

describe('module graph', () => {
  it('has no runtime import cycle', () => {
    assert.deepEqual(cycles(graph), [], 'modules that import each other (type-only imports excepted): break the cycle by moving the shared piece down a layer');
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(cycles(g), [['a.ts', 'b.ts', 'c.ts']]);
    assert.ok(graph.size > 100 && [...graph.values()].some((deps) => deps.length), 'the real graph was read');
  });

  it('imports `vscode` only in the client', () => {
    const offenders = [...graph.keys()].filter((f) => !f.startsWith('client/') && /from 'vscode'|require\('vscode'\)/.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('keeps the language server and the core free of the CLI', () => {
    const offenders = [...graph].filter(([f, deps]) => !f.startsWith('server/src/cli') && deps.some((d) => d.startsWith('server/src/cli')));
    assert.deepEqual(offenders, []);
  });
});
