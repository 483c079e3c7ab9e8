// openssl-sys given a directory (OPENSSL_DIR, OPENSSL_LIB_DIR, OPENSSL_INCLUDE_DIR) that lacks what it
// looks for there: its build script's own wordings (build/main.rs, 0.9.2x–0.9.10x), the round15 paste
// after its first run; the real wording in Nix 2.8's sandbox is in test/nix/diagnose/realBuilds.test.ts.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

before(async () => {
  await initParsers();
});

const names = (ds: ReturnType<typeof diagnoseText>) => ds.map((d) => [d.category, d.fixes.map((f) => (f.kind === 'set-env' ? f.name : f.kind))]);

/** A failing openssl-sys build script as cargo prints it, with `stderr` the panic's text. */
const script = (stderr: string, dir = '/nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-3.0.13-dev') =>
  [
    'error: failed to run custom build command for `openssl-sys v0.9.102`',
    '',
    'Caused by:',
    "  process didn't exit successfully: `/build/source/target/release/build/openssl-sys-0d1c2b3a4f5e6d7c/build-script-main` (exit status: 101)",
    '  --- stdout',
    '  cargo:rerun-if-env-changed=OPENSSL_DIR',
    `  OPENSSL_DIR = ${dir}`,
    '',
    '  --- stderr',
    `  thread 'main' panicked at build/main.rs:200:9:`,
    `  ${stderr}`,
    '',
  ].join('\n');

describe('openssl: a directory the environment gives openssl-sys', () => {
  it('OPENSSL_DIR at openssl.dev, its lib/ without libraries (round15 f09, the thread title) → OPENSSL_LIB_DIR, or pkg-config with OPENSSL_DIR gone', () => {
    const ds = diagnoseText(heldout(15, 'f09-openssl-openssl-dir-dev-output-libdir-without-libs-rustup-shell-discourse.log'));
    assert.deepEqual(names(ds), [['openssl', ['OPENSSL_LIB_DIR', 'add-inputs']]]);
    assert.match(ds[0]!.message, /holds no libssl\/libcrypto/);
  });

  it("openssl-sys ≤ 0.9.6x's single path and the panic under cargo's `--- stderr` → the same", () => {
    const ds = diagnoseText(
      script('OpenSSL libdir at `/nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-1.1.1w-dev/lib` does not contain the required files to either statically or dynamically link OpenSSL'),
    );
    assert.deepEqual(names(ds), [['openssl', ['OPENSSL_LIB_DIR', 'add-inputs']]]);
    assert.equal(ds[0]!.details?.crateVersion, '0.9.102');
  });

  it('a library or include directory that does not exist (checked before the headers are read) → both directories set', () => {
    for (const line of [
      'OpenSSL library directory does not exist: ["/nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-3.0.13-bin/lib"]',
      'OpenSSL include directory does not exist: /nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-3.0.13/include',
    ])
      assert.deepEqual(names(diagnoseText(script(line))), [['openssl', ['OPENSSL_LIB_DIR', 'OPENSSL_INCLUDE_DIR', 'add-inputs']]], line);
  });

  it("openssl-sys' output cut before its panic, its probing showing OPENSSL_DIR set → the directories, not only inputs (pkg-config is never asked)", () => {
    const cut = script('').split('\n  --- stderr')[0]!;
    const ds = diagnoseText(cut);
    assert.deepEqual(names(ds), [['openssl', ['OPENSSL_LIB_DIR', 'OPENSSL_INCLUDE_DIR', 'add-inputs']]]);
    assert.equal(ds[0]!.evidence[0], 'OPENSSL_DIR = /nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-3.0.13-dev');
    // Unset, the same probing is an ordinary missing input; under `cargo -vv` (prefixed) a build script that went on.
    assert.deepEqual(names(diagnoseText(cut.replace(/OPENSSL_DIR = \S+/, 'OPENSSL_DIR unset'))), [['openssl', ['add-inputs']]]);
    assert.deepEqual(diagnoseText('[openssl-sys 0.9.102] OPENSSL_DIR = /nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-3.0.13-dev\n'), []);
  });

  it('the set-env fix names the outputs as the file can: lib.getLib in a callPackage file, pkgs.-prefixed in a flake, nothing when openssl is not in scope', () => {
    const ds = diagnoseText(heldout(15, 'f09-openssl-openssl-dir-dev-output-libdir-without-libs-rustup-shell-discourse.log'));
    const pkg =
      '{\n  lib,\n  rustPlatform,\n  pkg-config,\n  openssl,\n}:\n\nrustPlatform.buildRustPackage {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n  nativeBuildInputs = [ pkg-config ];\n  buildInputs = [ openssl ];\n  OPENSSL_DIR = "${openssl.dev}";\n}\n';
    const at = (text: string, file = 'package.nix') => {
      const { files, nixFiles } = ws({ [file]: text });
      const [d] = placeDiagnostics(ds, nixFiles, files);
      return fixesFor(d!, nixFiles, files);
    };
    const fixes = at(pkg);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [['Set OPENSSL_LIB_DIR = "${lib.getLib openssl}/lib" in the build environment', true]],
    );
    assert.match(applyEdits(pkg, fixes[0]!.edits[0]!.edits!), /\n {2}env = \{\n {4}OPENSSL_LIB_DIR = "\$\{lib\.getLib openssl\}\/lib";\n {2}\};\n\}\n$/);
    assert.deepEqual(
      at(pkg.replace('  lib,\n', '')).map((f) => f.title),
      ['Set OPENSSL_LIB_DIR = "${openssl.out}/lib" in the build environment'],
    );
    const flake =
      '{\n  outputs = { nixpkgs, ... }:\n    let pkgs = nixpkgs.legacyPackages.x86_64-linux; in {\n      packages.x86_64-linux.default = pkgs.rustPlatform.buildRustPackage {\n        pname = "demo";\n        version = "0.1.0";\n        src = ./.;\n        cargoLock.lockFile = ./Cargo.lock;\n        buildInputs = [ pkgs.openssl ];\n      };\n    };\n}\n';
    assert.deepEqual(
      at(flake, 'flake.nix').map((f) => f.title),
      ['Set OPENSSL_LIB_DIR = "${pkgs.lib.getLib pkgs.openssl}/lib" in the build environment', 'Add pkg-config to nativeBuildInputs'],
    );
    // No openssl among the formals: no edit that would not evaluate; adding the inputs stays.
    assert.deepEqual(
      at(pkg.replace('  openssl,\n', '').replace('  buildInputs = [ openssl ];\n', '').replace('${openssl.dev}', '/opt/ssl')).map((f) => f.title),
      ['Add openssl to buildInputs'],
    );
  });

  it('both directories are one edit of one env block (two fixes made on the same text would each add one)', () => {
    const ds = diagnoseText(script('OpenSSL include directory does not exist: /nix/store/4h1d2q0k8x3m6b7v9c0z5n1p2r3s4t5w-openssl-3.0.13/include'));
    const pkg =
      '{\n  lib,\n  rustPlatform,\n  openssl,\n}:\n\nrustPlatform.buildRustPackage {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n  buildInputs = [ openssl ];\n  env.OPENSSL_DIR = "${openssl}";\n}\n';
    const { files, nixFiles } = ws({ 'package.nix': pkg });
    const [d] = placeDiagnostics(ds, nixFiles, files);
    const fixes = fixesFor(d!, nixFiles, files);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [
        ['Set OPENSSL_LIB_DIR = "${lib.getLib openssl}/lib" and OPENSSL_INCLUDE_DIR = "${lib.getDev openssl}/include" in the build environment', true],
        ['Add pkg-config to nativeBuildInputs', false],
      ],
    );
    const out = applyEdits(pkg, fixes[0]!.edits[0]!.edits!);
    assert.match(out, /env\.OPENSSL_DIR = "\$\{openssl\}";\n {2}env\.OPENSSL_LIB_DIR = "\$\{lib\.getLib openssl\}\/lib";\n {2}env\.OPENSSL_INCLUDE_DIR = "\$\{lib\.getDev openssl\}\/include";\n/);
  });
});
