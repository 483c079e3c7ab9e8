// crane's own throws (lib/vendorCargoDeps.nix, crateNameFromCargoToml.nix, the registry helpers), raised only while its
// functions are evaluated: real Nix 2.8 and 2.26 output of the real crane's vendorCargoDeps called without `src`, and
// round44 c01, the throw's text pasted without Nix's `error: `.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const NO_SRC = 'unable to find `src` attribute. consider one of the following:';

describe("eval-error: crane's throws", () => {
  for (const log of ['n28-eval-crane-vendor-no-src.log', 'n226-eval-crane-vendor-no-src.log'])
    it(`${log} (real crane, real Nix) → eval-error`, () => {
      assert.deepEqual(
        diagnoseText(wordingSource(log)).map((d) => [d.category, d.message]),
        [['eval-error', NO_SRC]],
      );
    });

  it('round44 c01: the throw pasted bare → eval-error', () => {
    assert.deepEqual(
      diagnoseText(heldout(44, 'c01.log')).map((d) => [d.category, d.message]),
      [['eval-error', NO_SRC]],
    );
  });

  for (const line of [
    'unable to infer crate name and version. please ensure one of the following:',
    'registry config does not have a "dl" endpoint:',
    'not sure how to download crates from registry+https://example.org/index.',
    'there are multiple distinct registries configured with the same name.',
  ])
    it(`\`error: ${line.slice(0, 40)}…\` (crane's wording) → eval-error`, () => {
      assert.deepEqual(
        diagnoseText(`error: ${line}\n`).map((d) => d.category),
        ['eval-error'],
      );
    });

  it("a builder's output quoting the words is no evaluation's", () => {
    const log =
      "demo> unable to infer crate name and version. please ensure one of the following:\nerror: builder for '/nix/store/00000000000000000000000000000000-demo-0.1.0.drv' failed with exit code 1\n";
    assert.ok(!diagnoseText(log).some((d) => d.category === 'eval-error'));
  });
});
