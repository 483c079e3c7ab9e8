// rustc's `could not find native static library` while it bundles a static library into the rlib of the crate whose
// build script asked for it (rustc_metadata's find_native_static_library): cargo's closing line names that crate. A
// crate outside the `-sys` convention asking for a name no nixpkgs package is known to provide is linking an archive
// its own build script makes or fetches (the v8 crate's build.rs always emits `static=rusty_v8`, built by gn or
// copied from RUSTY_V8_ARCHIVE into OUT_DIR): no input to add, nothing said.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.library]);
const missing = (lib: string, crate: string) =>
  [`       > error: could not find native static library \`${lib}\`, perhaps an -L flag is missing?`, '       >', `       > error: could not compile \`${crate}\` (lib) due to 1 previous error`].join(
    '\n',
  );

describe('pkgconfig-lib: a static archive a crate builds or fetches itself', () => {
  it('round174 yq01 (the v8 crate, `rusty_v8`, a real nix flake check) → nothing', () => {
    assert.deepEqual(diagnoseText(heldout(174, 'yq01.log')), []);
  });

  it('the same rustc line under a -sys crate stays the library to add', () => {
    assert.deepEqual(summary(missing('vpxmt', 'vpx-sys')), [['pkgconfig-lib', 'vpxmt']]);
  });

  it('a library nixpkgs is known to provide stays one to add, whatever crate asked', () => {
    assert.deepEqual(summary(missing('z', 'flate2')), [['pkgconfig-lib', 'z']]);
  });

  it("without cargo's closing line the crate is unknown: the library to add, as before", () => {
    assert.deepEqual(summary('error: could not find native static library `rusty_v8`, perhaps an -L flag is missing?'), [['pkgconfig-lib', 'rusty_v8']]);
  });
});
