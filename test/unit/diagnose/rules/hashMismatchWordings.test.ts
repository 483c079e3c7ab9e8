// Stale-hash wordings besides Nix's full mismatch. buildRustPackage's vendoring in 2018 nixpkgs, given a vendor directory (the recorded cargoSha256's output) without the
// file its current fetcher writes: `ERROR: file not found: …-vendor/.config` then nixpkgs' own `try updating the
// cargoSha256` (round50 p06). The recorded hash is stale: reset it. And Nix's own words kept without the derivation's
// quoted path (round50 p04).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe("hash-mismatch: nixpkgs' `try updating the cargoSha256`", () => {
  it('round50 p06 → hash-mismatch with reset-hash, likely', () => {
    assert.deepEqual(
      diagnoseText(heldout(50, 'p06.log')).map((d) => [d.category, d.confidence, d.fixes.map((f) => f.kind)]),
      [['hash-mismatch', 'likely', ['reset-hash']]],
    );
  });

  it('the same inside a build, framed by Nix → one hash-mismatch', () => {
    const log = [
      'ion> ERROR: file not found: /nix/store/0glffj6hyfaqq9qd44xgfbjnrsa4f46p-ion-1.0.5-vendor/.config',
      'ion> try updating the cargoSha256',
      "error: builder for '/nix/store/00000000000000000000000000000000-ion-1.0.5.drv' failed with exit code 1",
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['hash-mismatch'],
    );
  });
});

describe("hash-mismatch: Nix's words without the derivation's path", () => {
  it('round50 p04, `hash mismatch in fixed-output derivation` alone → hash-mismatch, likely, no hash to write', () => {
    assert.deepEqual(
      diagnoseText(heldout(50, 'p04.log')).map((d) => [d.category, d.confidence, d.fixes]),
      [['hash-mismatch', 'likely', []]],
    );
  });

  it('the same words with both hashes after them → the got hash', () => {
    const [a, b] = [`sha256-${'A'.repeat(43)}=`, `sha256-${'B'.repeat(43)}=`];
    const ds = diagnoseText(`error: hash mismatch in fixed-output derivation:\n  specified: ${a}\n     got:    ${b}\n`);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['hash-mismatch', [{ kind: 'replace-hash', specified: a, got: b }]]],
    );
    assert.match(ds[0]!.message, /^Hash mismatch in a fixed-output derivation: /);
  });

  it('round127 wv04: hashes a reporter replaced by placeholders (`sha256:1`, `sha256:2`) → reset-hash, no placeholder written', () => {
    const ds = diagnoseText(heldout(127, 'wv04.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence, d.fixes]),
      [['hash-mismatch', 'certain', [{ kind: 'reset-hash', attr: 'cargoHash' }]]],
    );
    assert.match(ds[0]!.message, /placeholders \(sha256:2\)/);
  });

  it("round125 wt06: Nix 1.x's one line with a recursive `r:sha256` hash → replace-hash with the got one", () => {
    const ds = diagnoseText(heldout(125, 'wt06.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes[0]?.kind, d.fixes[0]?.kind === 'replace-hash' && d.fixes[0].got]),
      [['hash-mismatch', 'replace-hash', '0grf3gyxwcwrx06bmdx29ipnv332wiihbvpz774gwba6jbvhr5is']],
    );
  });
});

describe("hash-mismatch: cargoSetupHook's `cargoHash or cargoSha256 is out of date` quoted alone", () => {
  it("round108 wc02 (the words without `ERROR: `) → hash-mismatch, likely; with the hook's prefix (round108 wc06) certain", () => {
    const read = (log: string) => diagnoseText(log).map((d) => [d.category, d.confidence]);
    assert.deepEqual(read(heldout(108, 'wc02.log')), [['hash-mismatch', 'likely']]);
    assert.deepEqual(read(heldout(108, 'wc06.log')), [['hash-mismatch', 'certain']]);
    // Inside a sentence the words are no quote of the check.
    assert.deepEqual(read('I thought the cargoHash is out of date but it was not\n'), []);
  });
});
