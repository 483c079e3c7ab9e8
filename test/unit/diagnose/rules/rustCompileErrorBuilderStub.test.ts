// Errors a builder made, not the package's code: rustc's excerpt showing crane's dummy source (mkDummySrc's
// `pub fn main() {}`, round67 un01: a proc-macro crate stubbed with a `main` in the deps-only build, its derivation named
// only after the error), and a per-crate builder's rustc run (`--crate-name=x`, not cargo's) on a source root unpacked
// as `<crate>-<version>` (a published crate, round67 un07: nocargo not passing cpufeatures' target-specific libc).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout } from './helpers';

const excerpt = (code: string) => ['error[E0308]: mismatched types', '  --> src/main.rs:3:5', '   |', `3  | ${code}`, '   |     ^^^^ expected `()`, found integer'].join('\n');

describe('rust-compile-error: what a builder compiled is not the code', () => {
  it("round67 un01: the error at crane's dummy `pub fn main() {}` (deps-only build) → no rust-compile-error", () => {
    assert.ok(!categories(heldout(67, 'un01.log')).includes('rust-compile-error'));
  });

  it("an error at a line of the package's own main → rust-compile-error", () => {
    assert.deepEqual(categories(excerpt('pub fn main() { 1 }')), ['rust-compile-error']);
  });

  it('round67 un07: a per-crate builder compiling cpufeatures-0.2.4 (its source root) → no rust-compile-error', () => {
    assert.ok(!categories(heldout(67, 'un07.log')).includes('rust-compile-error'));
  });

  const perCrate = (root: string) =>
    [
      `source root is ${root}`,
      'building',
      "Building lib: RUSTC 'src/lib.rs' '--crate-name=myapp' '--crate-type=lib' '--emit=metadata,link'",
      'error[E0433]: failed to resolve: use of undeclared crate or module `libc`',
      ' --> src/lib.rs:1:5',
    ].join('\n');

  it("the same builder on the package's own source (`source root is source`) → rust-compile-error", () => {
    assert.deepEqual(categories(perCrate('source')), ['rust-compile-error']);
  });

  it("the same builder on a source root named for another crate's release → rust-compile-error", () => {
    assert.deepEqual(categories(perCrate('libc-0.2.150')), ['rust-compile-error']);
  });

  it('the same builder on a source root named for the crate compiled and a version → nothing', () => {
    assert.deepEqual(categories(perCrate('myapp-1.2.3')), []);
  });
});
