// `-Z build-std` resolves the toolchain's own library workspace through the build's source replacement: a vendor
// directory made from the package's Cargo.lock lacks the standard library's dependencies, and cargo names the
// library's package as the one that asked. Round26 q12 (after its first run) and real cargo 1.95 output with
// RUSTC_BOOTSTRAP=1 over a minimal library workspace laid out as rust-src is (cargo's own test hook for the source
// root), its paths then written as a Nix build shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const RUST_SRC = '/nix/store/a9flgvs64klvknn49qrsw3xlqsznyc2g-rust-default-1.85.0-nightly-2025-01-01/lib/rustlib/src/rust/library';

describe("cargo-lock: the standard library's own requirements under -Z build-std", () => {
  it('round26 q12: compiler_builtins missing from cargo-vendor-dir, required by std → nothing (other)', () => {
    assert.deepEqual(diagnoseText(heldout(26, 'q12.log')), []);
  });

  it('real cargo 1.95 with -Z build-std: std asks → nothing; the package asks (same cargo, a dependency not vendored) → cargo-lock as before', () => {
    const buildStd = [
      'error: no matching package named `compiler_builtins` found',
      'location searched: directory source `/build/source/vendor` (which is replacing registry `crates-io`)',
      `required by package \`std v0.0.0 (${RUST_SRC}/std)\``,
    ].join('\n');
    assert.deepEqual(diagnoseText(buildStd), []);
    const own = [
      'error: no matching package named `itoa` found',
      'location searched: directory source `/build/source/vendor` (which is replacing registry `crates-io`)',
      'required by package `app v0.1.0 (/build/source)`',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(own).map((d) => [d.category, d.details?.requirement, d.fixes.map((f) => f.kind)]),
      [['cargo-lock', 'itoa', ['run', 'git-add']]],
    );
    // Cut after the vendor line: as before.
    assert.deepEqual(
      diagnoseText(own.split('\n').slice(0, 2).join('\n')).map((d) => d.category),
      ['cargo-lock'],
    );
  });
});
