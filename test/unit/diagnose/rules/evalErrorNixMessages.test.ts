// Nix's own evaluation messages that name no position within three lines. fromTOML failing at evaluation
// (importCargoLock, crane and naersk read Cargo.lock and Cargo.toml with it): `while parsing a TOML string: …`
// (2.4–2.2x; 2.3 adds `at <pos>`), `while parsing TOML: …` (2.2x+, after the trace block), real Nix 2.8 and 2.26
// output on a Cargo.lock with a merge conflict's markers; a callPackage file built on its own (`nix-build
// package.nix`), real Nix 2.8 and 2.26 output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { wordingSource as source } from './helpers';

describe("eval-error: Nix's own messages without a position in view", () => {
  for (const [log, words] of [
    ['n28-eval-fromtoml-cargo-lock-conflict.log', /^while parsing a TOML string: \[error\] toml::parse_key: an invalid key appeared\.$/],
    ['n226-eval-fromtoml-cargo-lock-conflict.log', /^while parsing TOML: \[error\] toml::parse_simple_key: invalid key/],
  ] as const)
    it(`${log} → eval-error with Nix's message (fromTOML's own words, no frame)`, () => {
      const ds = diagnoseText(source(log));
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes]),
        [['eval-error', []]],
      );
      assert.match(ds[0]!.message, words);
    });

  it("Nix 2.3's wording with the position inside the sentence", () => {
    const ds = diagnoseText('error: while parsing a TOML string at /home/user/demo/lock.nix:2:1: Dotted key expected\n');
    assert.deepEqual(
      ds.map((d) => d.category),
      ['eval-error'],
    );
  });

  for (const log of ['n28-eval-auto-call-package-nix.log', 'n226-eval-auto-call-package-nix.log'])
    it(`${log}: a file whose arguments nobody passes (its explanation before the position) → eval-error`, () => {
      assert.deepEqual(
        diagnoseText(source(log)).map((d) => [d.category, d.message]),
        [['eval-error', "cannot evaluate a function that has an argument without a value ('pkgs')"]],
      );
    });

  it("Nix ≤ 2.3's wording (`cannot auto-call …`) → the same", () => {
    assert.deepEqual(
      diagnoseText("error: cannot auto-call a function that has an argument without a default value ('pkgs')\n").map((d) => d.category),
      ['eval-error'],
    );
  });
});
