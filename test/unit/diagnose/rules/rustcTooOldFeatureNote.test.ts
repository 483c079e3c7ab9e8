// rustc_session's tracking-issue note (`see issue #N <https://github.com/rust-lang/rust/issues/N> for more information`,
// add_feature_diagnostics) is printed only under an error a feature gate caused; most carry E0658, some none (rustc
// 1.80–1.81's `extern block cannot be declared unsafe` for the `unsafe extern` blocks 1.82 stabilised, issue #123743).
// Without the nightly's `#![feature]` help, a stable rustc refused what newer code uses: the toolchain is the fix, as
// for E0658. A future-incompatibility lint links its issue the other way round and is no feature gate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const DRV = '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv';
const window = (lines: string[]) =>
  [`error: builder for '${DRV}' failed with exit code 101;`, `       last ${lines.length} log lines:`, ...lines.map((l) => `       > ${l}`), `       For full logs, run 'nix log ${DRV}'.`].join('\n');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);
const GATED = [
  '   Compiling demo v0.1.0 (/build/source)',
  'error: extern block cannot be declared unsafe',
  '    --> /build/source/target/x86_64-unknown-linux-gnu/release/build/libsqlite3-sys-c7e2691913583f6e/out/bindgen.rs:3151:1',
  '     |',
  '3151 | unsafe extern "C" {',
  '     | ^^^^^^',
  '     |',
  '     = note: see issue #123743 <https://github.com/rust-lang/rust/issues/123743> for more information',
  '',
  'error: could not compile `demo` (bin "demo") due to 1 previous error',
];

describe('rustc-too-old: an error a feature gate caused, without E0658', () => {
  it("round 33's y01: libsqlite3-sys' generated bindings refused by a pre-1.82 rustc → a newer toolchain, no compile error", () => {
    const ds = diagnoseText(heldout(33, 'y01.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      // unsafe_extern_blocks (issue #123743), stable since 1.82 (rustAcceptedFeatures.ts).
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.82' }]]],
    );
    assert.equal(ds[0]!.details?.package, 'libsqlite3-sys');
  });

  it('the same error in a cargo build window → rustc-too-old alone', () => {
    assert.deepEqual(summary(window(GATED)), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.82' }]]]);
  });

  it("a nightly's help under it: the toolchain still, and the package's code keeps its error", () => {
    const nightly = [...GATED.slice(0, 8), '     = help: add `#![feature(unsafe_extern_blocks)]` to the crate attributes to enable', ...GATED.slice(8)];
    assert.deepEqual(
      diagnoseText(window(nightly)).map((d) => d.category),
      ['rustc-too-old', 'rust-compile-error'],
    );
  });

  it('real rustc 1.95: an uncoded error with no feature note (let chains before edition 2024) stays a compile error', () => {
    const log = [
      'error: let chains are only allowed in Rust 2024 or later',
      ' --> src/main.rs:1:26',
      '  |',
      '1 | fn f(x: Option<u8>) { if let Some(y) = x && y > 0 {} }',
      '  |                          ^^^^^^^^^^^^^^^',
      '',
      'error: aborting due to 1 previous error',
    ];
    assert.deepEqual(
      diagnoseText(window(log)).map((d) => d.category),
      ['rust-compile-error'],
    );
  });

  it("a future-incompatibility lint's issue link (`for more information, see issue #N <…>`) is no feature gate", () => {
    const lint = GATED.map((l) =>
      l.includes('see issue')
        ? '     = note: for more information, see issue #52234 <https://github.com/rust-lang/rust/issues/52234>'
        : l.replace('extern block cannot be declared unsafe', 'macro-expanded `macro_export` macros from the current crate cannot be referred to by absolute paths'),
    );
    assert.ok(!diagnoseText(window(lint)).some((d) => d.category === 'rustc-too-old'));
  });
});
