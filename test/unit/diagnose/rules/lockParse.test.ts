// Cargo's `failed to parse lock file`: a lock newer than the build's cargo (rustc-too-old) or one no cargo
// wrote as it is (cargo-lock), by cargo's own causes (resolver/encode.rs, ops/lockfile.rs, 1.37–1.95) and,
// where a paste cut the cause off, by the build's cargo version. Real Debian cargo 1.65 logs
// (wordings/sources/c165-lock-file-*); real cargo 1.95 in Nix 2.8's sandbox in test/nix/diagnose/realBuilds.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource as source } from './helpers';

const F06 = heldout(15, 'f06-rustc-too-old-cargo-1-69-cannot-parse-dependabot-lockfile-crane-nix-ci.log');
const outcome = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);

describe('a Cargo.lock cargo cannot parse', () => {
  it("cause cut off, crane's `cargo --version` says 1.69 (round15 f06) → rustc-too-old: a toolchain that reads every lock version", () => {
    const ds = diagnoseText(F06);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.78' }]]],
    );
    assert.equal(ds[0]!.details?.active, '1.69');
    assert.equal(ds[0]!.details?.cause, 'cut');
    assert.match(ds[0]!.message, /1\.69 reads lock versions up to 3/);
  });

  it('the same with a cargo that reads every lock version (1.80) → cargo-lock: the file itself is broken', () => {
    const ds = diagnoseText(F06.replace('cargo 1.69.0', 'cargo 1.80.0 (376290515 2024-07-16)'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['cargo-lock', []]],
    );
    assert.match(ds[0]!.message, /^Cargo 1\.80 cannot parse \/build\/dummy-src\/Cargo\.lock/);
  });

  it("cause cut off and no cargo version in view → rustc-too-old (a lock cargo wrote fails only in an older cargo); nixpkgs' cargo named by its store path counts", () => {
    const bare = F06.replace(/^.*cargo 1\.69\.0\n/m, '');
    assert.deepEqual(outcome(bare), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.78' }]]]);
    const store = F06.replace('cargo 1.69.0', '/nix/store/9x2k4m6p8r1t3v5x7z9b2d4f6h8j0l3n-cargo-1.80.1/bin/cargo check --release');
    assert.deepEqual(outcome(store), [['cargo-lock', []]]);
  });

  it('real Debian cargo 1.65 on a version 4 lock → rustc-too-old with Rust 1.78; on a merge conflict → cargo-lock, no toolchain', () => {
    assert.deepEqual(outcome(source('c165-lock-file-version-4.log')), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.78' }]]]);
    const ds = diagnoseText(source('c165-lock-file-merge-conflict.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['cargo-lock', []]],
    );
    assert.deepEqual(ds[0]!.evidence, ['error: failed to parse lock file at: /build/source/Cargo.lock', 'could not parse input as TOML']);
  });

  it("cargo < 1.38 on a version 2 lock (`invalid serialized PackageId`, cargo's only words for it) → rustc-too-old", () => {
    const log = 'error: failed to parse lock file at: /build/source/Cargo.lock\n\nCaused by:\n  invalid serialized PackageId for key `package.dependencies`\n';
    assert.deepEqual(outcome(log), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.78' }]]]);
  });

  it("cargo's other causes (a package listed twice) → cargo-lock; cargo 1.74–1.77's `-Znext-lockfile-bump` stays rustc-too-old", () => {
    const twice = 'error: failed to parse lock file at: /build/source/Cargo.lock\n\nCaused by:\n  package `itoa` is specified twice in the lockfile\n';
    assert.deepEqual(outcome(twice), [['cargo-lock', []]]);
    assert.deepEqual(outcome(heldout(8, 'y05-rustc-too-old-lockfile-v4-xwayland-satellite.log')), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.78' }]]]);
  });

  it('a version line elsewhere in the log (`cargo 1.69.0` as a word) is read only in cargo --version form', () => {
    const log = 'note: built with cargo 1.69 toolchain\nerror: failed to parse lock file at: /build/source/Cargo.lock\n';
    assert.equal(diagnoseText(log)[0]!.details?.active, undefined);
  });
});
