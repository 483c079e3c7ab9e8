// cargo's features.rs `require` says a manifest's unstable Cargo feature twice: ``feature `x` is required`` on its
// own line, then `The package requires the Cargo feature called `x`, but that feature is not stabilized in this
// version of Cargo (1.84.0 (…)).`, naming the build's cargo. A quote may keep only that sentence (round17 h06);
// it is the same cause, an edition or feature newer than the build's cargo. Real cargo 1.95 (wordings/sources/s65).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const s65 = readFileSync(join(SOURCES, 's65-cargo-feature-required-not-stabilized.log'), 'utf8');

describe('rustc-too-old: cargo’s “The package requires the Cargo feature called …” sentence', () => {
  it('round17 h06: the edition2024 sentence quoted alone (cargo 1.84) → Rust 1.85', () => {
    const ds = diagnoseText(heldout(17, 'h06-rustc-too-old-edition2024-cargo-1-84-nixpkgs-packaging-quote.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rustc-too-old'],
    );
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'rust-toolchain', rustVersion: '1.85' }]);
    assert.equal(ds[0]!.details?.active, '1.84.0');
  });

  it('real cargo 1.95, whole: one diagnosis naming the feature', () => {
    const ds = diagnoseText(s65);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rustc-too-old'],
    );
    assert.equal(ds[0]!.details?.feature, 'test-dummy-unstable');
  });

  it('real cargo 1.95, only the sentence kept (Nix’s `>` prefix) → the same, with the build’s cargo', () => {
    const sentence = s65.split('\n').find((l) => l.includes('The package requires'))!;
    const ds = diagnoseText(`       > ${sentence.trim()}\n`);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rustc-too-old'],
    );
    assert.equal(ds[0]!.details?.feature, 'test-dummy-unstable');
    assert.equal(ds[0]!.details?.active, '1.95.0');
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'rust-toolchain' }]);
  });
});
