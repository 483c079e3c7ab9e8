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

  it('keeps the folders of the core in their order (ARCHITECTURE.md)', () => {
    // Runtime imports each core folder may make besides its own files and shared/.
    const allowed: Record<string, string[]> = {
      parse: [],
      model: ['parse', 'builders'],
      infer: ['model', 'parse', 'data'],
      builders: ['generate', 'model', 'parse'],
      generate: ['builders', 'infer', 'model', 'parse', 'data'],
      fixes: ['builders', 'model', 'parse'],
      check: ['builders', 'fixes', 'infer', 'model', 'parse', 'data'],
      diagnose: ['builders', 'fixes', 'infer', 'model', 'parse', 'data'],
      pipeline: ['builders', 'check', 'diagnose', 'fixes', 'generate', 'infer', 'model', 'parse', 'data'],
    };
    const folder = (f: string) => /^server\/src\/([^/]+)\//.exec(f)?.[1];
    const offenders: string[] = [];
    for (const [f, deps] of graph) {
      const from = folder(f);
      if (!from || !(from in allowed)) continue;
      for (const d of deps) {
        const to = folder(d);
        if (d.startsWith('shared/') || to === from) continue;
        if (!to || !allowed[from]!.includes(to)) offenders.push(`${f} → ${d}`);
      }
    }
    assert.ok(
      Object.keys(allowed).every((k) => [...graph.keys()].some((f) => folder(f) === k)),
      'every listed folder exists',
    );
    assert.deepEqual(offenders, []);
  });

  it('keeps the language server and the core free of the CLI', () => {
    const offenders = [...graph].filter(([f, deps]) => !f.startsWith('server/src/cli') && deps.some((d) => d.startsWith('server/src/cli')));
    assert.deepEqual(offenders, []);
  });
});
