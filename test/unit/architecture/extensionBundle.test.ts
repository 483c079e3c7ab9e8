// The extension is one bundle VS Code loads at activation: what it imports from
// the core ships in it. It once grew from 514 KB to 964 KB because a client file
// reached the inference's recorded crate facts through the flake generator, so
// the core modules it may reach are listed here; anything heavier belongs to the
// language server, which the client asks.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importGraph } from './importGraph';

const root = join(__dirname, '..', '..', '..');
const graph = importGraph(root, ['shared/src', 'server/src', 'client/src']);

function reachable(from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(graph.get(f) ?? []));
  }
  return seen;
}

// Core folders whose modules are small and free of recorded data.
const light = [/^server\/src\/diagnose\/(text|stream|types|wholeLog)\.ts$/, /^server\/src\/generate\/(nixWriter|rustOverlay)\.ts$/];

describe('extension bundle', () => {
  it('reaches only light core modules from client/src/extension.ts', () => {
    const reached = reachable('client/src/extension.ts');
    assert.ok(reached.size > 20, 'the extension graph was read');
    const heavy = [...reached].filter((f) => f.startsWith('server/') && !light.some((re) => re.test(f)));
    assert.deepEqual(heavy, [], 'import these through the language server instead, or add a module here only if it carries no data tables');
  });

  it('would catch a client import of a generator', () => {
    const viaFlake = [...graph].some(([f, deps]) => f === 'server/src/generate/flake.ts' && deps.some((d) => !light.some((re) => re.test(d))));
    assert.ok(viaFlake, 'the flake generator pulls in heavy modules, so importing it from the client would fail the test above');
  });
});
