// Libraries pkgconfig-lib must not ask for as inputs: a Rust dylib named with rustc's metadata hash (`libstd-<hash>.so`,
// `librustc_driver-<hash>.so`: a toolchain's or crate's own, round66 um04's overlay clippy-driver), and a header missing
// from a library the build script's own lookup found in the store (round74 uu08: nettle-sys' bindings asking a newer
// nettle for a header it no longer ships). A header of a library the lookup did not find still names that library.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout, wordingSource } from './helpers';

const HASH = 'wc2mfjvrnnzdjazmsf8v0lpif3y9m1a0';

describe('pkgconfig-lib: what is no missing input', () => {
  it("round66 um04: an overlay's clippy-driver cannot load librustc_driver-<hash>.so → nothing", () => {
    assert.deepEqual(categories(heldout(66, 'um04.log')), []);
  });

  it('real rustc 1.95 -C prefer-dynamic binary, its libstd-<hash>.so not found (real glibc loader) → nothing', () => {
    assert.deepEqual(categories(wordingSource('r195-prefer-dynamic-libstd-not-found.log')), []);
  });

  it('a plain library the loader cannot find is still one (libgtk-3.so.0) → pkgconfig-lib', () => {
    assert.deepEqual(categories('./app: error while loading shared libraries: libgtk-3.so.0: cannot open shared object file: No such file or directory'), ['pkgconfig-lib']);
  });

  it('round74 uu08: nettle found in the store by the script, nettle/des-compat.h missing from it → no pkgconfig-lib', () => {
    assert.ok(!categories(heldout(74, 'uu08.log')).includes('pkgconfig-lib'));
  });

  const script = (found: string, header: string) =>
    [
      'error: failed to run custom build command for `foo-sys v1.0.0`',
      '--- stdout',
      `cargo:rustc-link-search=native=/nix/store/${HASH}-${found}/lib`,
      '--- stderr',
      `wrapper.h:1:10: fatal error: '${header}' file not found`,
    ].join('\n');

  it('the same shape, the header of another library than the one found → pkgconfig-lib for that library', () => {
    assert.deepEqual(categories(script('nettle-3.5.1', 'alsa/asoundlib.h')), ['pkgconfig-lib']);
  });

  it('the same shape, the header of the library found → nothing of pkgconfig-lib', () => {
    assert.ok(!categories(script('alsa-lib-1.2.9', 'alsa/asoundlib.h')).includes('pkgconfig-lib'));
  });

  it("another derivation's build found the library in the store (-L prefixes), this one misses its header → pkgconfig-lib", () => {
    const log = [
      `building '/nix/store/${HASH}-foo-1.0.drv'...`,
      `building '/nix/store/${HASH.replace('w', 'x')}-bar-1.0.drv'...`,
      `foo-1.0> cargo:rustc-link-search=native=/nix/store/${HASH}-alsa-lib-1.2.9/lib`,
      'bar-1.0> error: failed to run custom build command for `bar-sys v1.0.0`',
      "bar-1.0> wrapper.h:1:10: fatal error: 'alsa/asoundlib.h' file not found",
    ].join('\n');
    assert.deepEqual(categories(log), ['pkgconfig-lib']);
  });
});

describe("pkgconfig-lib: Nix's own programs failing to load their libraries", () => {
  it("round108 wc05: crate2nix's prefetch, nix-hash cannot load libsqlite3.so.0 → nothing", () => {
    assert.deepEqual(categories(heldout(108, 'wc05.log')), []);
  });

  it('the same loader words for a build script still ask for the library', () => {
    const line = (program: string) => `${program}: error while loading shared libraries: libsqlite3.so.0: cannot open shared object file: No such file or directory\n`;
    assert.deepEqual(categories(line('nix-store')), []);
    assert.deepEqual(categories(line('/build/source/target/release/build/foo-0123456789abcdef/build-script-build')), ['pkgconfig-lib']);
  });
});

describe('pkgconfig-lib: a header its probe missed, the script having built its bundled copy', () => {
  it("round43 b01: libz-sys' smoke.c cannot include zlib.h, then links the libz.a it built (its OUT_DIR) → nothing", () => {
    assert.deepEqual(categories(heldout(43, 'b01.log')), []);
  });

  it('the same header error with no library linked from the script’s OUT_DIR still asks for zlib', () => {
    const log = heldout(43, 'b01.log')
      .split('\n')
      .filter((l) => !l.includes('cargo:rustc-link-search'))
      .join('\n');
    assert.deepEqual(categories(log), ['pkgconfig-lib']);
  });
});
