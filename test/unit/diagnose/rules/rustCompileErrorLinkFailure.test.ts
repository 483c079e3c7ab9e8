// A link failure is not the package's compile error: rustc got to the link, so the code compiled; cargo still
// sums it up as `could not compile`. A library the linker names as missing is pkgconfig-lib's; anything else
// (undefined symbols of the toolchain's own libraries, outline atomics, a broken linker wrapper) is fix-free
// other. Round12's pastes (c07, c08, c28) and real cargo 1.95 links made here (wordings/sources/s56–s59).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINK_FAILURE, LINK_FAILURE_MARKERS } from '../../../../server/src/diagnose/rules/linkFailure';
import { heldout, wordingSource as source, categories } from './helpers';

describe('rust-compile-error: a failed link is not the code', () => {
  it('round12 c07: a nightly toolchain’s gcc-ld wrapper failing, `could not compile … (build script)` before another job’s `linking with` → nothing', () => {
    assert.deepEqual(categories(heldout(12, 'c07-other-rust-overlay-nightly-gcc-ld-wrapper-darwin-sdk-setup-missing-build-std-crane.log')), []);
  });

  it('round12 c08: three `could not compile` summaries, then a build script’s link failure with rustc’s extern-functions note → nothing', () => {
    assert.deepEqual(categories(heldout(12, 'c08-other-naersk-aarch64-native-link-extern-functions-not-found-deps.log')), []);
  });

  it('round12 c28: undefined __aarch64_* outline-atomics symbols of the toolchain’s std (the `linking with` header cut off) → nothing', () => {
    assert.deepEqual(categories(heldout(12, 'c28-other-aarch64-outline-atomics-undefined-reference-rustc-1-66-crane-quickstart.log')), []);
  });

  it('real cargo 1.95: an undefined symbol in the bin (rust-lld, GNU ld with Nix’s prefixes) or in the build script → nothing', () => {
    assert.deepEqual(categories(source('s56-link-rust-lld-undefined-symbol.log')), []);
    assert.deepEqual(categories(source('s57-link-gnu-ld-undefined-reference-L.log')), []);
    assert.deepEqual(categories(source('s58-link-build-script-undefined-symbol.log')), []);
  });

  it('real cargo 1.95: a library the linker cannot find is pkgconfig-lib’s, and only its', () => {
    assert.deepEqual(categories(source('s59-link-unable-to-find-library.log')), ['pkgconfig-lib']);
  });

  it('a test target that fails to link is not “tests that do not compile” either', () => {
    const log = source('s56-link-rust-lld-undefined-symbol.log').replace('(bin "app")', '(test "it")');
    assert.match(log, /\(test "it"\)/);
    assert.deepEqual(categories(log), []);
  });

  it('a rustc error with its span is still the code’s with a link failure in the same log, and a summary alone without one stays', () => {
    const error = ['error[E0308]: mismatched types', ' --> src/main.rs:2:18', '  |', '2 |     let x: u8 = "a";', '  |                  ^^^ expected `u8`, found `&str`'];
    const summary = 'error: could not compile `app` (bin "app") due to 1 previous error';
    assert.deepEqual(categories([source('s58-link-build-script-undefined-symbol.log'), ...error, summary].join('\n')), ['rust-compile-error']);
    assert.deepEqual(categories(['   Compiling app v0.1.0 (/build/source)', summary].join('\n')), ['rust-compile-error']);
  });

  it('each tool’s words (rustc, gcc’s and clang’s drivers, GNU ld, lld, mold, Apple’s ld) match, each holding one of the markers', () => {
    const words = [
      'error: linking with `cc` failed: exit status: 1',
      'error: linking with `cc` failed: exit code: 1',
      "  = note: some `extern` functions couldn't be found; some native libraries may need to be installed or have their path specified",
      '          collect2: error: ld returned 1 exit status',
      'collect2: fatal error: posix_spawnp: No such file or directory',
      'clang-16: error: linker command failed with exit code 1 (use -v to see invocation)',
      "main.rs:5: undefined reference to `nixify_missing_symbol'",
      '  = note: rust-lld: error: undefined symbol: nixify_missing_symbol',
      'mold: error: undefined symbol: foo',
      '          Undefined symbols for architecture arm64:',
      '          ld: symbol(s) not found for architecture arm64',
    ];
    for (const w of words) {
      assert.match(w, LINK_FAILURE, w);
      assert.ok(
        LINK_FAILURE_MARKERS.some((m) => w.includes(m)),
        w,
      );
    }
    // Not a link failure: rustc's own error about a linker it cannot run (missing-tool's), a compile error.
    for (const w of ['error: linker `cc` not found', 'error[E0425]: cannot find value `x` in this scope']) assert.doesNotMatch(w, LINK_FAILURE, w);
  });
});
