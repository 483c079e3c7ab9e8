// Other tools' words for failures the rules already know (CMake, Meson, a C compiler,
// bindgen's clang, llvm-sys, mold, Nix 1.x, cargo on a newer lock or unstable code),
// each on a real excerpt from a public issue (test/fixtures/logs/wordings/README.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings');

function run(name: string): Diagnostic[] {
  return diagnoseText(readFileSync(join(DIR, name), 'utf8'));
}

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

describe('other tools’ wordings', () => {
  it('cargo ≤ 1.77 on a version 4 lock → rustc-too-old (Rust 1.78), not an unexplained cargo-lock parse failure', () => {
    for (const f of ['x01-lockfile-bump-steel-nix.log', 'x02-lockfile-bump-crane-vendor.log']) {
      assert.deepEqual(summary(run(f)), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.78' }]]], f);
    }
  });

  it("bindgen's clang without the C headers ('stddef.h' / 'stdio.h' file not found), also cut mid-panic → rustPlatform.bindgenHook", () => {
    for (const f of ['x03-bindgen-stddef-boring.log', 'x04-bindgen-stddef-cut-rust-bindgen.log', 'x05-bindgen-stdio-wasm3.log']) {
      assert.deepEqual(summary(run(f)), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['rustPlatform.bindgenHook'] }]]], f);
    }
  });

  it("llvm-sys' compile_error! → the LLVM its major version names (LLVM_SYS_201_PREFIX → 20), no rustc error besides", () => {
    assert.deepEqual(summary(run('x06-llvm-sys-201-compile-error.log')), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['llvmPackages_20.llvm'] }]]]);
    assert.deepEqual(summary(run('x07-llvm-sys-160-fedora.log')), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['llvmPackages_16.llvm'] }]]]);
  });

  it('Meson\'s `Dependency "…" not found` → pkgconfig-lib naming it; no attribute for a library nixpkgs does not have', () => {
    for (const [f, lib] of [
      ['x08-meson-dependency-nixpkgs-rasterflow.log', 'gtkflow4-0.2.1'],
      ['x09-meson-dependency-libvips.log', 'niftiio'],
    ] as const) {
      const ds = run(f);
      assert.deepEqual(summary(ds), [['pkgconfig-lib', []]], f);
      assert.equal(ds[0]!.details?.library, lib);
    }
  });

  it("Nix 1.x's one-line hash mismatches → replace the expected hash by the one the build got", () => {
    assert.deepEqual(summary(run('x10-hash-nix-1.9-nixpkgs.log')), [
      [
        'hash-mismatch',
        [{ kind: 'replace-hash', specified: '0sppd3x2cacmbnypcjip44amnh66lrrbwwzsbz8rqf3nq2ah496x', got: '1c9h5qiwfq0f7z9rpfkl23il4qlfm6bk97c78gk7ish6gsy9c1d7', drvName: 'cargo-d814fcb' }],
      ],
    ]);
    assert.deepEqual(summary(run('x11-hash-nix-1.11.log')), [
      ['hash-mismatch', [{ kind: 'replace-hash', specified: '1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', got: '1b6rqyma5pbr9v565ks2kp9xmww2c80m6c1jld64ka47lrc3ijvk', drvName: 'test' }]],
    ]);
  });

  it("CMake's `Could NOT find OpenSSL` → openssl", () => {
    const ds = run('x12-cmake-could-not-find-openssl.log');
    assert.deepEqual(summary(ds), [['openssl', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }]]]);
    assert.doesNotMatch(ds[0]!.message, /openssl-sys/);
  });

  it("a C compiler without a library's header → the library whose include directory or file it is", () => {
    assert.deepEqual(summary(run('x13-cc-header-alsa-tonegen.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['alsa-lib'] }]]]);
    // x14 whole: libz-sys then linked the libz.a it built (its OUT_DIR), so the header was its probe's fallback (round43 b01,
    // the same paste, is labelled other); its header line without that report still reads as the library's.
    const x14 = run('x14-cc-header-zlib-libz-sys-nix-L.log');
    assert.deepEqual(summary(x14), []);
    const probeOnly = readFileSync(join(DIR, 'x14-cc-header-zlib-libz-sys-nix-L.log'), 'utf8')
      .split('\n')
      .filter((l) => !l.includes('cargo:rustc-link-search'))
      .join('\n');
    assert.deepEqual(summary(diagnoseText(probeOnly)), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['zlib'] }]]]);
  });

  it('error[E0658] (an unstable feature) → rustc-too-old only, in a registry crate and in the package’s own code from a stable rustc (no #![feature] help)', () => {
    assert.deepEqual(summary(run('x16-e0658-registry-dependency.log')), [['rustc-too-old', [{ kind: 'rust-toolchain' }]]]);
    assert.deepEqual(
      run('x15-e0658-own-code-pinned-nixpkgs.log').map((d) => d.category),
      ['rustc-too-old'],
    );
  });

  it("mold's `library not found: <name>` → the linker's missing library", () => {
    const ds = run('x17-mold-library-not-found-elogind.log');
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.library]),
      [['pkgconfig-lib', 'elogind']],
    );
  });

  it('rustup missing a tool component for the host is no missing target', () => {
    assert.deepEqual(summary(run('x18-rustup-no-rustfmt-component.log')), []);
  });

  it("Meson's older `Program(s) ['x'] not found or not executable` → the package with that program", () => {
    assert.deepEqual(summary(run('x19-meson-program-list-void.log')), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['glib'] }]]]);
  });

  it("rustup without a target's rust-std → a toolchain with that target", () => {
    assert.deepEqual(summary(run('x20-rustup-no-rust-std-for-target.log')), [['rust-target-missing', [{ kind: 'rust-toolchain', targets: ['wasm64-unknown-unknown'] }]]]);
  });

  it("pkg-config's stderr Debug-escaped inside an old pkg-config crate's panic → the module, once", () => {
    assert.deepEqual(summary(run('x21-pkg-config-escaped-alsa-sys.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['alsa-lib'] }]]]);
  });

  it("Nix 2.0's one-line wording (its format string as quoted in NixOS/nix#1172, filled in) → replace-hash", () => {
    // Structural only: no Nix 2.0 paste was found; the sentence is Nix's own format string.
    const line =
      "fixed-output derivation produced path '/nix/store/1ddvn536mgycflb48m23r8w4d01bzvkq-demo-0.1.0-vendor.tar.gz' with sha256 hash '1m0fx0x1v2375vyxhd2i12b9w1qy4yh75f6qhwlcr78himcsmpp9' instead of the expected hash '0000000000000000000000000000000000000000000000000000'";
    assert.deepEqual(summary(diagnoseText(line + '\n')), [
      [
        'hash-mismatch',
        [{ kind: 'replace-hash', specified: '0000000000000000000000000000000000000000000000000000', got: '1m0fx0x1v2375vyxhd2i12b9w1qy4yh75f6qhwlcr78himcsmpp9', drvName: 'demo-0.1.0-vendor.tar.gz' }],
      ],
    ]);
  });

  it("npm's resolver failing in the sandbox (`getaddrinfo EAI_AGAIN`) → network-sandbox, no fix guessed", () => {
    const ds = run('x22-npm-eai-again-nix-sandbox.log');
    assert.deepEqual(summary(ds), [['network-sandbox', []]]);
    assert.equal(ds[0]!.details?.url, 'https://registry.npmjs.org/@anthropic-ai%2fclaude-code');
  });

  it('a hash mismatch cut before `got:` → hash-mismatch without a hash to write', () => {
    const ds = run('x23-hash-mismatch-cut-before-got.log');
    assert.deepEqual(summary(ds), [['hash-mismatch', []]]);
    assert.equal(ds[0]!.details?.cause, 'cut');
  });

  it('the built program failing to dlopen libX11 at run time → pkgconfig-lib xorg.libX11 (library file names keep their case, modules are lower-case)', () => {
    assert.deepEqual(summary(run('x24-winit-dlopen-libx11-nix-run.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['xorg.libX11'] }]]]);
  });

  it('buildRustPackage with nothing to vendor with (`… or cargoLock must be set`) → vendor from Cargo.lock', () => {
    assert.deepEqual(summary(run('x25-no-vendor-hash-tutorial.log')), [['hash-mismatch', [{ kind: 'use-cargo-lock' }]]]);
    // nixpkgs' newer wording of the same throw.
    assert.deepEqual(summary(diagnoseText('error: cargoHash, cargoVendorDir, cargoDeps, or cargoLock must be set\n')), [['hash-mismatch', [{ kind: 'use-cargo-lock' }]]]);
  });

  it("crane's vendoring without a Cargo.lock in src → cargo-lock (generate it, git add it)", () => {
    // Structural: crane's own throw (vendorCargoDeps), as a flake evaluation prints it.
    const log = 'error: unable to find Cargo.lock at /nix/store/n8pwa32g8d3k7lqmqnliiqilqc7jp66d-source. please ensure one of the following:\n';
    assert.deepEqual(summary(diagnoseText(log)), [
      [
        'cargo-lock',
        [
          { kind: 'run', argv: ['cargo', 'generate-lockfile'] },
          { kind: 'git-add', path: 'Cargo.lock' },
        ],
      ],
    ]);
  });

  it('rustc without its own linker for wasm32 (`linker `rust-lld` not found`) → a toolchain that ships it', () => {
    assert.deepEqual(summary(run('x26-rust-lld-not-found-wasm-overlay.log')), [['missing-tool', [{ kind: 'rust-toolchain' }]]]);
  });

  it("rustc's `could not find native static library` → the linker's missing library (no attribute for one nixpkgs does not name)", () => {
    const ds = run('x27-native-static-library-vpxmt.log');
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.library]),
      [['pkgconfig-lib', 'vpxmt']],
    );
  });

  it("wasm-bindgen's CLI at another version than the crate → tool-version (toolVersion.test.ts), not missing-tool", () => {
    assert.deepEqual(
      run('x28-wasm-bindgen-schema-mismatch.log').map((d) => d.category),
      ['tool-version'],
    );
    assert.deepEqual(
      run('x29-wasm-bindgen-old-wording-nixpkgs.log').map((d) => d.category),
      ['tool-version'],
    );
  });

  it('a registry crate with #![feature] on a stable rustc (error[E0554]) → a nightly toolchain, no compile error of the package', () => {
    const ds = run('x30-e0554-feature-registry-dependency.log');
    assert.deepEqual(summary(ds), [['rustc-too-old', [{ kind: 'rust-toolchain' }]]]);
    assert.match(ds[0]!.message, /nightly/);
  });
});
