// The standard library's crate names (core, std, alloc, …) are the toolchain's only when cargo compiles
// them from the toolchain's sources (build-std, cargo-xbuild): `cargo new` refuses those names, but cargo
// builds a workspace's own package named `core` like any other. Real cargo 1.95 output, the working
// directory replaced by /build/source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const cats = (log: string) => diagnoseText(log).map((d) => [d.category, d.location?.path ?? null]);

describe('a package named like a standard library crate', () => {
  it('real cargo 1.95: a type error in a package named `core` → its compile error, at its file', () => {
    const log = [
      '   Compiling core v0.1.0 (/build/source)',
      'error[E0308]: mismatched types',
      ' --> src/lib.rs:1:20',
      '  |',
      '1 | pub fn f() -> u8 { "x" }',
      '  |               --   ^^^ expected `u8`, found `&str`',
      '  |               |',
      '  |               expected `u8` because of return type',
      '',
      'For more information about this error, try `rustc --explain E0308`.',
      'error: could not compile `core` (lib) due to 1 previous error',
      '',
    ].join('\n');
    assert.deepEqual(cats(log), [['rust-compile-error', 'src/lib.rs']]);
  });

  it('real cargo 1.95: that package built for a target the toolchain lacks (`can’t find crate for `std``) → rust-target-missing', () => {
    const log = [
      '   Compiling core v0.1.0 (/build/source)',
      "error[E0463]: can't find crate for `std`",
      '  |',
      '  = note: the `wasm32-unknown-unknown` target may not be installed',
      '  = help: consider downloading the target with `rustup target add wasm32-unknown-unknown`',
      '',
      'For more information about this error, try `rustc --explain E0463`.',
      'error: could not compile `core` (lib) due to 1 previous error',
      '',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rust-target-missing'],
    );
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'rust-toolchain', targets: ['wasm32-unknown-unknown'] }]);
  });

  it('only the summary in view: the package’s `core` (a path of its own) is its compile error; std’s own (`0.0.0`, the toolchain’s sources) is not', () => {
    const window = (compiling: string) => [compiling, 'warning: unused variable: `x`', 'error: could not compile `core` (lib) due to 2 previous errors', ''].join('\n');
    assert.deepEqual(cats(window('   Compiling core v0.1.0 (/build/source/crates/core)')), [['rust-compile-error', null]]);
    for (const std of [
      '   Compiling core v0.0.0 (/nix/store/0c8hx1wnqk6jz2rjvq0y5g8gjyb0bkqs-rust-lib-src/core)',
      '   Compiling core v0.0.0 (/home/user/.rustup/toolchains/nightly-x86_64-unknown-linux-gnu/lib/rustlib/src/rust/library/core)',
      '   Compiling compiler_builtins v0.1.151',
    ]) {
      assert.deepEqual(cats(window(std)), [], std);
    }
  });
});
