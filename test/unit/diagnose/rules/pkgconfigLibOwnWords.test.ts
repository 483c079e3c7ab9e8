// A -sys build script that words its failed pkg-config lookup itself instead of (or before) the pkg-config
// crate's error: the round15 paste after its first run, and sentences shaped like the build scripts' own;
// a real build script of that kind in Nix 2.8's sandbox is in test/nix/diagnose/realBuilds.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const outcome = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);

describe("pkgconfig-lib: a build script's own words for its failed lookup", () => {
  it("evdev-sys' `Couldn't find libevdev from pkgconfig` under `cargo run` on NixOS, cargo's error cut to it (round15 f05) → libevdev", () => {
    const ds = diagnoseText(heldout(15, 'f05-pkgconfig-lib-evdev-sys-libevdev-cargo-run-nixos-blog.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['libevdev'] }]]],
    );
    assert.equal(ds[0]!.details?.crate, 'evdev-sys');
  });

  it("a library name for a module (`libxkbcommon` via pkg-config) and an expect() panic → the module's attribute", () => {
    const log = [
      'error: failed to run custom build command for `xkb-demo-sys v0.1.0`',
      '',
      'Caused by:',
      "  process didn't exit successfully: `/build/source/target/release/build/xkb-demo-sys-1f2e3d4c5b6a7980/build-script-build` (exit status: 101)",
      '  --- stderr',
      "  thread 'main' panicked at build.rs:2:10:",
      '  Unable to find libxkbcommon using pkg-config',
    ].join('\n');
    assert.deepEqual(outcome(log), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['libxkbcommon'] }]]]);
  });

  it('the same sentence in a warning of a build that went on (a bundled fallback), or with no build script failing, is nothing', () => {
    assert.deepEqual(outcome('warning: evdev-sys@0.2.4: Could not find libevdev via pkg-config, building the bundled copy\n'), []);
    assert.deepEqual(outcome("  Couldn't find libevdev from pkgconfig\n"), []);
  });

  it("OpenSSL's own sentence stays the openssl rule's", () => {
    const log = 'error: failed to run custom build command for `openssl-sys v0.9.102`\n  Could not find openssl via pkg-config:\n';
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['openssl'],
    );
  });
});
