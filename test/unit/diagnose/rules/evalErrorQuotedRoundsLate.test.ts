// Evaluation failures quoted without Nix's `error:` (evalVocabulary.ts), from rounds 56 and 63: forceStringNoCtx's
// store-path context (real Nix 2.8 and 2.26: `builtins.getEnv` of a derivation's path, wordings/sources
// n{28,226}-eval-string-store-path-context.log; round63 uj01, the paste starting inside the string), a retired
// attribute's throw (round56 uc06, `darwin.apple_sdk_11_0 has been removed as …`), ofborg refusing an evaluation that
// warned (round56 uc01, `nix-env did not evaluate cleanly:`); and buildRustPackage's own vendor assertion (round58 ue01).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout, wordingSource } from './helpers';

describe('eval-error: late rounds’ quoted messages', () => {
  it('round56 uc01, uc06 and round63 uj01 → eval-error', () => {
    for (const [r, f] of [
      [56, 'uc01.log'],
      [56, 'uc06.log'],
      [63, 'uj01.log'],
    ] as const)
      assert.deepEqual(categories(heldout(r, f)), ['eval-error'], f);
  });

  it('real Nix 2.8 and 2.26: the store-path context message, whole and as a bare quote of its message line', () => {
    for (const n of ['n28', 'n226']) {
      const log = wordingSource(`${n}-eval-string-store-path-context.log`);
      assert.deepEqual(categories(log), ['eval-error']);
      const message = /error: (the string .*)$/m.exec(log)![1]!;
      assert.deepEqual(categories(`The build stops with:\n\n    ${message}\n`), ['eval-error']);
    }
  });

  it('a retired attribute’s throw in aliases.nix’s shapes (quoted, dotted, `from nixpkgs`) → eval-error; one word of prose → nothing', () => {
    for (const t of ["'foo' has been removed", 'darwin.apple_sdk_11_0 has been removed as it was a legacy compatibility stub', 'pdf2htmlEx has been removed from nixpkgs, as it was unmaintained']) {
      assert.deepEqual(categories(`${t}\n`), ['eval-error'], t);
    }
    for (const t of ['Cache has been removed', 'Support has been removed.', '- Cache has been removed']) assert.deepEqual(categories(`${t}\n`), [], t);
  });

  it("round210 ta01: the throw of an attribute retired for ones with an ABI version (`'webkitgtk' attribute has been removed from nixpkgs, …`), a paste of that one line → eval-error; unquoted, as prose → nothing", () => {
    assert.deepEqual(categories(heldout(210, 'ta01.log')), ['eval-error']);
    assert.deepEqual(categories('The attribute has been removed from the config\n'), []);
  });

  it('the same words as a warning (an alias that still evaluates) → nothing', () => {
    assert.deepEqual(categories("evaluation warning: 'foo' has been removed and will be an error soon\n"), []);
    assert.deepEqual(categories('trace: evaluation warning: cargoSha256 is deprecated. Please use cargoHash with SRI hash instead\n'), []);
  });
});

describe('eval-error: buildRustPackage’s own vendor assertion', () => {
  it('round58 ue01 (nixpkgs 21.05’s `assert cargoVendorDir == null -> …`) → reset the vendor hash or vendor from Cargo.lock', () => {
    assert.deepEqual(
      diagnoseText(heldout(58, 'ue01.log')).map((d) => [d.category, d.fixes]),
      [['eval-error', [{ kind: 'reset-hash', attr: 'cargoHash' }, { kind: 'use-cargo-lock' }]]],
    );
  });
});
