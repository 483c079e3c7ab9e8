// Cargo words a missing package over lines when names near it are among the candidates
// (`no matching package found` / `searched package name: `itoa`` / `perhaps you meant: iota or a`),
// else on one line (`no matching package named `serde_json` found`). Real Debian cargo 1.65 and
// cargo 1.95 against a vendor directory that lacks the crate, under --frozen and --offline: each
// wording must be read as the other one is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const read = (name: string) => diagnoseText(readFileSync(join(SOURCES, name), 'utf8'));
const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

describe('cargo-lock and network-sandbox: a missing package worded over lines (near names)', () => {
  for (const [cargo, flag, category] of [
    ['c165', 'frozen', 'cargo-lock'],
    ['c165', 'offline', 'network-sandbox'],
    ['c195', 'frozen', 'cargo-lock'],
  ] as const) {
    it(`${cargo} --${flag}: \`no matching package found\` + \`searched package name\` → ${category}, as the one-line wording`, () => {
      const found = read(`${cargo}-no-matching-package-found-${flag}.log`);
      const named = read(`${cargo}-no-matching-package-named-${flag}.log`);
      assert.deepEqual(
        found.map((d) => d.category),
        [category],
      );
      assert.deepEqual(summary(found), summary(named));
      assert.match(found[0]!.message, /\bitoa\b/);
      assert.ok(
        found[0]!.evidence.some((e) => e.includes('searched package name: `itoa`')),
        found[0]!.evidence.join('\n'),
      );
    });
  }

  it('the requirement cargo-lock reports is the searched name', () => {
    assert.equal(read('c165-no-matching-package-found-frozen.log')[0]!.details?.requirement, 'itoa');
    assert.equal(read('c195-no-matching-package-found-frozen.log')[0]!.details?.requirement, 'itoa');
  });
});
