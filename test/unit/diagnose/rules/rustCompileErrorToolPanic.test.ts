// A panic of the process cargo ran for a crate — rustc's wrapper (nixpkgs' cargo-auditable) or rustc — followed by
// `could not compile` with no rustc error in view is the tool's failure, not the package's code (round11 b06; real
// cargo 1.95 with a RUSTC_WRAPPER that panics).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldout, wordingSource as source, categories } from './helpers';

describe('rust-compile-error: a tool’s panic before `could not compile` is not the code', () => {
  it('round11 b06: cargo-auditable panicking on a `cargo metadata` failure → nothing', () => {
    assert.deepEqual(categories(heldout(11, 'b06-other-cargo-auditable-metadata-feature-ruff-sandbox-only-discourse.log')), []);
  });

  it('real cargo 1.95: a RUSTC_WRAPPER panicking for the bin target (the panic unindented, cargo’s Caused by naming the wrapper) → nothing', () => {
    assert.deepEqual(categories(source('s53-cargo-rustc-wrapper-panic.log')), []);
  });

  it('a rustc error with its span still is the code’s, a panic before it or not; and without any panic the summary alone stays', () => {
    const error = ['error[E0308]: mismatched types', ' --> src/main.rs:2:18', '  |', '2 |     let x: u8 = "a";', '  |                  ^^^ expected `u8`, found `&str`'];
    const summary = 'error: could not compile `app` (bin "app") due to 1 previous error';
    assert.deepEqual(categories([...error, summary].join('\n')), ['rust-compile-error']);
    assert.deepEqual(categories(["thread 'main' panicked at src/wrapper.rs:9:13:", 'boom', ...error, summary].join('\n')), ['rust-compile-error']);
    assert.deepEqual(categories(['   Compiling app v0.1.0 (/build/source)', summary].join('\n')), ['rust-compile-error']);
  });

  it('a build script’s panic (indented under cargo’s `--- stderr`) does not hide a later crate’s cut errors', () => {
    const log = [
      'error: failed to run custom build command for `dep v0.1.0 (/build/source/dep)`',
      '',
      'Caused by:',
      '  process didn’t exit successfully: `/build/source/target/release/build/dep-1/build-script-build` (exit status: 101)',
      '  --- stderr',
      "  thread 'main' panicked at build.rs:3:5:",
      '  explicit panic',
      '   Compiling app v0.1.0 (/build/source)',
      'error: could not compile `app` (bin "app") due to 2 previous errors',
    ].join('\n');
    assert.ok(categories(log).includes('rust-compile-error'));
  });
});
