// cargoSetupPostPatchHook's diff of the source's and the vendored Cargo.lock, printed only when they differ, cut before
// the hook's `ERROR: cargoHash … is out of date` (round60 ug06: a cargoHash set in overrideAttrs; real GNU diff 3.8).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout, wordingSource } from './helpers';

describe('hash-mismatch: the vendored Cargo.lock’s diff', () => {
  it('round60 ug06 and real diff output → hash-mismatch, reset the vendor hash', () => {
    for (const log of [heldout(60, 'ug06.log'), wordingSource('d38-cargo-setup-hook-lock-diff-cut.log')]) {
      assert.deepEqual(
        diagnoseText(log).map((d) => [d.category, d.fixes, d.confidence]),
        [['hash-mismatch', [{ kind: 'reset-hash', attr: 'cargoHash' }], 'certain']],
      );
    }
  });

  it('the hook’s ERROR after the diff → one diagnosis; the check passing (no diff) → nothing', () => {
    const log = wordingSource('d38-cargo-setup-hook-lock-diff-cut.log');
    assert.equal(diagnoseText(`${log}demo>\ndemo> ERROR: cargoHash or cargoSha256 is out of date\n`).length, 1);
    const passed = log.split('\n').filter((l) => !/^demo> (?:\d|<|>|---)/.test(l));
    assert.deepEqual(categories(`${passed.join('\n')}\ndemo> Finished cargoSetupPostPatchHook\n`), []);
  });
});
