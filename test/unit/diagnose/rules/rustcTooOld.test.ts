import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('rustc-too-old', () => {
  it("cargo's sentence in full (clap under naersk, pgrx) → a toolchain of at least the version asked", () => {
    assert.deepEqual(
      diagnoseText(heldout(2, 'r15-rustc-too-old-clap-pgrx-naersk.log')).map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.64.0' }]]],
    );
  });

  it('the sentence cut by a log window (jj) → a newer toolchain, no version made up', () => {
    assert.deepEqual(
      diagnoseText(heldout(2, 'r17-rustc-too-old-jj-cut.log')).map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain' }]]],
    );
  });

  it('`resolver = "3"` under a cargo that predates it (real Debian cargo 1.65: `` `resolver` setting `3` is not valid ``) → Rust 1.84', () => {
    const log = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources', 'c165-resolver-3.log'), 'utf8');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.84' }]]],
    );
  });

  it("a Cargo feature the build's cargo has not stabilised (real Debian cargo 1.65 and cargo 1.95: `feature `different-binary-name` is required`) → a newer or nightly toolchain; a crate's compile_error! with the same words is not", () => {
    for (const v of ['165', '195']) {
      const log = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources', `c${v}-cargo-feature-required.log`), 'utf8');
      const ds = diagnoseText(log);
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes, d.details?.feature]),
        [['rustc-too-old', [{ kind: 'rust-toolchain' }], 'different-binary-name']],
      );
    }
    assert.deepEqual(
      diagnoseText('error: feature `std` is required\n --> src/lib.rs:3:1\n').filter((d) => d.category === 'rustc-too-old'),
      [],
    );
  });
});
