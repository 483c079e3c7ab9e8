// rustc failures that are not errors in the package's code (rustCompileError.ts says why):
// the locator refusing the artifacts it was given, rustc's own I/O, an ICE, the standard
// library's own crates or sources, a published crate whose errors the window cut off.
// Held-out logs (round9, used for development after its first run), real rustc/cargo 1.95
// output (wordings/sources/README.md) and variants written from rustc's own message texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const source = (name: string) => diagnoseText(wordingSource(name));
const cats = (log: string) => diagnoseText(log).map((d) => d.category);

describe('rust-compile-error: not the code', () => {
  it('round9 z09: E0514, a crate compiled by an incompatible rustc (crate2nix mixing toolchains) → nothing claimed', () => {
    assert.deepEqual(diagnoseText(heldout(9, 'z09-other-e0514-incompatible-rustc-crate2nix-rust-overlay.log')), []);
  });

  it('real rustc 1.95: E0514 (an rlib whose recorded rustc differs) and E0464 (two candidates for one crate) → nothing claimed', () => {
    assert.deepEqual(source('s34-rustc-e0514-incompatible-rustc.log'), []);
    assert.deepEqual(source('s35-rustc-e0464-multiple-candidates.log'), []);
  });

  it("rustc_metadata's other locator errors (its message texts), each with a span in the package's code → nothing claimed", () => {
    for (const [code, message] of [
      ['E0460', 'found possibly newer version of crate `std` which `serde` depends on'],
      ['E0461', "couldn't find crate `serde` with expected target triple x86_64-unknown-linux-gnu"],
      ['E0462', 'found staticlib `serde` instead of rlib or dylib'],
      ['E0786', 'found invalid metadata files for crate `serde`'],
    ]) {
      const log = [
        `error[${code}]: ${message}`,
        ' --> src/main.rs:1:1',
        '  |',
        '1 | extern crate serde;',
        '  | ^^^^^^^^^^^^^^^^^^^',
        '',
        'error: could not compile `app` (bin "app") due to 1 previous error',
        '',
      ].join('\n');
      assert.deepEqual(cats(log), [], code);
    }
  });

  it('an extern crate that is not there at all (E0463 of a non-std crate) stays the code’s error', () => {
    const log = ["error[E0463]: can't find crate for `serde`", ' --> src/main.rs:1:1', '  |', '1 | extern crate serde;', "  | ^^^^^^^^^^^^^^^^^^^ can't find crate", ''].join('\n');
    assert.deepEqual(cats(log), ['rust-compile-error']);
  });

  it('round9 z02: cargo cannot overwrite an .rmeta crane inherited read-only → nothing (neither the error nor the summary)', () => {
    assert.deepEqual(diagnoseText(heldout(9, 'z02-other-rmeta-not-writeable-crane-inherited-artifacts-system-manager.log')), []);
  });

  it("real cargo 1.95: the package's own crate, its .rmeta read-only (`output file … is not writeable`) → nothing", () => {
    assert.deepEqual(source('s36-cargo-output-file-not-writeable.log'), []);
  });

  it("round9 z13 and real rustc 1.95: `couldn't create a temp dir: Read-only file system (os error 30)` → nothing", () => {
    assert.deepEqual(diagnoseText(heldout(9, 'z13-other-rust-src-temp-dir-read-only-store-rust-overlay-dev-shell.log')), []);
    assert.deepEqual(source('s37-rustc-temp-dir-read-only.log'), []);
  });

  it("rustc's older `Output file … is not writeable -- check its permissions.` and an io error with a span → nothing", () => {
    assert.deepEqual(cats(['error: Output file target/debug/deps/libdemo.rlib is not writeable -- check its permissions.', 'error: could not compile `demo`.', ''].join('\n')), []);
    assert.deepEqual(
      cats(['error: failed to write `target/debug/deps/demo.d` due to error `No space left on device (os error 28)`', 'error: could not compile `demo` (lib) due to 1 previous error', ''].join('\n')),
      [],
    );
  });

  it("an ICE (rustc_driver's `internal compiler error`, `the compiler unexpectedly panicked. this is a bug.`), with a span in the code → nothing", () => {
    const ice = [
      '   Compiling demo v0.1.0 (/build/source)',
      'error: internal compiler error: compiler/rustc_middle/src/ty/normalize_erasing_regions.rs:168:90: Failed to normalize Alias(Projection, AliasTy { args: [T] })',
      '  --> src/main.rs:12:5',
      '   |',
      '12 |     foo::bar()',
      '   |     ^^^^^^^^^^',
      '',
      "thread 'rustc' panicked at compiler/rustc_middle/src/ty/normalize_erasing_regions.rs:168:90:",
      'Box<dyn Any>',
      'note: the compiler unexpectedly panicked. this is a bug.',
      '',
      'note: we would appreciate a bug report: https://github.com/rust-lang/rust/issues/new?labels=C-bug%2C+I-ICE%2C+T-compiler&template=ice.md',
      '',
      'note: rustc 1.80.1 (3f5fd8dd4 2024-08-06) running on x86_64-unknown-linux-gnu',
      '',
      'error: could not compile `demo` (bin "demo") due to 1 previous error',
      '',
    ].join('\n');
    assert.deepEqual(cats(ice), []);
    const panic = [
      "thread 'rustc' panicked at compiler/rustc_codegen_ssa/src/back/write.rs:1650:29:",
      'error: the compiler unexpectedly panicked. this is a bug.',
      '',
      'error: could not compile `demo` (lib)',
      '',
    ].join('\n');
    assert.deepEqual(cats(panic), []);
  });

  it("an error located in the standard library's sources (rust-src in a toolchain, /rustc/<commit>/library) → nothing", () => {
    for (const path of [
      '/nix/store/cvcxncjfvada7rqqqwfcrmgb79fk1kkn-rust-complete-1.89.0-nightly-2025-05-31/lib/rustlib/src/rust/library/core/src/num/mod.rs',
      '/rustc/3f5fd8dd41153bc5fdca9427e9e05be2c767ba23/library/core/src/num/mod.rs',
    ]) {
      const log = ['error[E0308]: mismatched types', `   --> ${path}:10:5`, '', 'error: could not compile `core` (lib) due to 1 previous error', ''].join('\n');
      assert.deepEqual(cats(log), [], path);
    }
  });

  it("the standard library's own crates failing (build-std): only their summary shown → nothing", () => {
    for (const crate of ['compiler_builtins', 'rustc-std-workspace-core', 'core', 'alloc']) {
      assert.deepEqual(cats(`error: could not compile \`${crate}\` (lib) due to 1 previous error\n`), [], crate);
    }
  });

  it('only the summary shown: a crate cargo compiled from a registry or vendor directory (no path) → nothing; the package’s own (a path) → its compile error', () => {
    const window = (compiling: string) => ['   Compiling serde v1.0.200', compiling, 'warning: unused variable: `x`', 'error: could not compile `foo` (lib) due to 3 previous errors', ''].join('\n');
    assert.deepEqual(cats(window('   Compiling foo v1.2.3')), []);
    assert.deepEqual(cats(window('   Compiling foo v0.1.0 (/build/source/crates/foo)')), ['rust-compile-error']);
    // Not said either way: a target a dependency has too (lib, build script) is nothing (round25 p10, round49 h06, round112
    // wg04: dependencies); a bin is the workspace's own, and so is a crate the failed derivation is named after.
    assert.deepEqual(cats('error: could not compile `foo` (lib) due to 3 previous errors\n'), []);
    assert.deepEqual(cats('error: could not compile `foo-sys` (build script) due to 1 previous error\n'), []);
    assert.deepEqual(cats('error: could not compile `foo` (bin "foo") due to 3 previous errors\n'), ['rust-compile-error']);
    const drv = (name: string) =>
      [
        `error: builder for '/nix/store/yx8ljarp4iw09s6dg8y5r9nh9v88bq0q-${name}.drv' failed with exit code 101;`,
        '       last 1 log lines:',
        '       > error: could not compile `foo_bar` (lib) due to 3 previous errors',
        '',
      ].join('\n');
    assert.deepEqual(cats(drv('foo-bar-1.2.3')), ['rust-compile-error']);
    assert.deepEqual(cats(drv('baz-1.2.3')), []);
    // Named after it by whole words only: `foo_bar` is not the crate of a package `foo-barometer` (a dependency's).
    assert.deepEqual(cats(drv('foo-barometer-0.3.0')), []);
    assert.deepEqual(cats(drv('foo-bar-unwrapped-1.2.3')), ['rust-compile-error']);
  });

  it("older cargo's summary (`Could not compile `x`.`, cargo before 1.41) is read alike", () => {
    assert.deepEqual(cats('error: Could not compile `compiler_builtins`.\n'), []);
    assert.deepEqual(cats(['   Compiling foo v1.2.3', 'error: Could not compile `foo`.', ''].join('\n')), []);
    assert.deepEqual(cats(['   Compiling foo v0.1.0 (file:///build/source)', 'error: Could not compile `foo`.', ''].join('\n')), ['rust-compile-error']);
  });

  it("real cargo 1.95: rustc killed by a signal (cargo's `process didn't exit successfully: `…rustc …` (signal: 9, SIGKILL: kill)`, as the OOM killer does) → nothing", () => {
    assert.deepEqual(source('s38-cargo-rustc-killed-sigkill.log'), []);
    // A build script killed the same way is not rustc: this rule says nothing of it either way.
    const script = [
      'error: failed to run custom build command for `foo-sys v0.1.0`',
      '',
      'Caused by:',
      "  process didn't exit successfully: `/build/source/target/release/build/foo-sys-0123/build-script-build` (signal: 9, SIGKILL: kill)",
      '',
    ].join('\n');
    assert.ok(!cats(script).includes('rust-compile-error'));
  });
});
