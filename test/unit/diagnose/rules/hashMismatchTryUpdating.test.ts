// buildRustPackage's vendoring in 2018 nixpkgs, given a vendor directory (the recorded cargoSha256's output) without the
// file its current fetcher writes: `ERROR: file not found: …-vendor/.config` then nixpkgs' own `try updating the
// cargoSha256` (round50 p06). The recorded hash is stale: reset it.
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
