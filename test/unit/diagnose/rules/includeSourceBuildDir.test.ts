// IN_NIX_BUILD_DIR: the one reading of "this log line was printed inside a derivation's build" that rust-compile-error
// (a rustc refusing cargo's `--json`, no Nix framing) and test-failure (a thread out of open files) share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IN_NIX_BUILD_DIR } from '../../../../server/src/diagnose/sourceRoot';

describe('IN_NIX_BUILD_DIR', () => {
  it("reads each Nix build directory: the sandbox's /build, newer Nix's /nix/var/nix/builds, /tmp/nix-build-…", () => {
    for (const line of [
      '   Compiling app v0.1.0 (/build/source)',
      '/build/source/src/main.rs:1:1: error',
      "note: run with `RUST_BACKTRACE=1` in '/build/source'",
      '   Compiling app v0.1.0 (/nix/var/nix/builds/nix-1234-0/source)',
      '   Compiling app v0.1.0 (/private/tmp/nix-build-app-0.1.0.drv-0/source)',
      '   Compiling app v0.1.0 (/tmp/nix-build-app-0.1.0.drv-3/source)',
    ])
      assert.ok(IN_NIX_BUILD_DIR.test(line), line);
  });
  it('not a checkout outside Nix, nor a `build/` directory of a project', () => {
    for (const line of ['   Compiling app v0.1.0 (/home/user/app)', '   Compiling app v0.1.0 (/home/user/app/build/app)', 'target/debug/build/app-0123/out'])
      assert.ok(!IN_NIX_BUILD_DIR.test(line), line);
  });
});
