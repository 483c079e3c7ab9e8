// While a matcher waits (busy()), the engine decodes every line and hands it over: a wait is worth its lines only
// while they can still change what the rule says. Here, on a real log, the lines each rule reads while it waits
// (busy() true as of the line before) are counted, as bench/diagnose/waitCauses.ts counts them on the dense log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, RULES } from '../../../server/src/diagnose/diagnoser';
import type { Matcher } from '../../../server/src/diagnose/rule';
import type { Category } from '../../../server/src/diagnose/types';

const LOGS = join(__dirname, '..', '..', 'fixtures', 'logs');

/** Per category, the texts its matcher read while it waited; and the diagnoses. */
function waits(text: string): { read: Map<Category, string[]>; found: Category[] } {
  const d = new Diagnoser({ failingStep: true });
  const read = new Map<Category, string[]>();
  // The matchers are private to the engine; this test and markers.test.ts are the places that wrap them.
  (d as unknown as { matchers: Matcher[] }).matchers.forEach((m, i) => {
    if (!m.busy) return;
    const line = m.line.bind(m);
    const category = RULES[i]!.category;
    m.line = (l, ctx) => {
      if (m.busy!()) read.set(category, [...(read.get(category) ?? []), l.text]);
      line(l, ctx);
    };
  });
  d.push(text);
  return { read, found: d.end().map((x) => x.category) };
}

describe("rules' waits", () => {
  // Real Nix 2.8: cargo's linker block in the failed build's tail, under rustc's `error: linking with `cc` failed`.
  const link = readFileSync(join(LOGS, '2.8-rust-link-error.log'), 'utf8');

  it("eval-error does not wait under a builder's message no evaluation prints (cargo's linker block)", () => {
    const { read, found } = waits(link);
    assert.deepEqual(read.get('eval-error') ?? [], []);
    assert.deepEqual(found, ['pkgconfig-lib']);
  });

  it('rustc’s own error still reads its span and excerpt under it', () => {
    const { read, found } = waits(readFileSync(join(LOGS, '2.8-rust-compile-error.L.log'), 'utf8'));
    assert.ok((read.get('rust-compile-error') ?? []).some((t) => /^\s*--> src\//.test(t)));
    assert.ok(found.includes('rust-compile-error'), found.join());
  });
});
