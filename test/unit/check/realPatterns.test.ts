// The severity policy on Nix written the way real projects write it. Each Nix
// file here is a minimal reproduction (written for this test) of a pattern seen
// in projects whose own CI builds them (../shared/corpus/realnix): inputs in a
// let-bound list inherited into crane's commonArgs, PKG_CONFIG_PATH instead of
// buildInputs, the old `pkgconfig` alias, a wasm32 derivation, a -sys crate
// that builds its bundled copy, inputs from a function argument. A working
// build must get no error; a broken one must get exactly one, at the place.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkContext } from '../../../server/src/check/context';
import { normaliseAttr } from '../../../server/src/check/nixValues';
import { runChecks } from '../../../server/src/check/run';
import type { Finding } from '../../../server/src/check/types';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { crate, pkg } from './tmpCrate';

before(() => initParsers());

const check = (dir: string) => runChecks(checkContext(loadWorkspace(dir), nodeFs(dir))).filter((f) => f.code === 'missing-native-input' && f.file.endsWith('.nix'));
const levels = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.range.start.line + 1}:${f.severity}`);

// crane with the inputs in a let-bound list that commonArgs inherits, shared by
// the dependency-only build and the package (one place, two uses).
const CRANE = (libs: string) => `{
  outputs = { nixpkgs, crane, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      craneLib = crane.mkLib pkgs;
      buildInputs = with pkgs; [
${libs}
      ];
      commonArgs = {
        src = craneLib.cleanCargoSource ./.;
        strictDeps = true;
        nativeBuildInputs = [ pkgs.pkg-config ];
        inherit buildInputs;
      };
      cargoArtifacts = craneLib.buildDepsOnly commonArgs;
    in
    {
      packages.x86_64-linux.default = craneLib.buildPackage (commonArgs // { inherit cargoArtifacts; });
    };
}
`;

describe('inputs read through lets, inherit and // merges', () => {
  it('sees the let-bound list commonArgs inherits (no finding when it has what the build needs)', () => {
    const found = check(crate({ 'flake.nix': CRANE('        openssl\n        zlib') }));
    assert.deepEqual(found, []);
  });

  it('one error at the list a missing library goes into, not one per call; its fix adds it there', () => {
    const flake = CRANE('        zlib');
    const dir = crate({ 'flake.nix': flake });
    const found = check(dir);
    assert.deepEqual(levels(found), ['flake.nix:6:error'], 'on the let binding, once for buildDepsOnly and buildPackage');
    assert.match(found[0]!.message, /The build needs openssl \(buildInputs\)/);
    const fixed = applyEdits(
      flake,
      found[0]!.fixes[0]!.edits.flatMap((e) => e.edits ?? []),
    );
    assert.match(fixed, /zlib\n {8}openssl\n {6}\];/);
    writeFileSync(join(dir, 'flake.nix'), fixed);
    assert.deepEqual(check(dir), []);
  });

  it('a library referenced by PKG_CONFIG_PATH, and pkg-config under its old `pkgconfig` alias, count as given', () => {
    const nix = `{ rustPlatform, pkgconfig, openssl, zlib }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkgconfig ];
  PKG_CONFIG_PATH = "\${openssl.dev}/lib/pkgconfig:\${zlib.dev}/lib/pkgconfig";
}
`;
    assert.deepEqual(check(crate({ 'default.nix': nix })), []);
  });

  it('a library only in lib.optional with a switch counts as given; a darwin-only one does not', () => {
    const nix = (cond: string) => `{ lib, stdenv, rustPlatform, pkg-config, openssl, zlib, withTls ? true }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkg-config ];
  buildInputs = [ zlib ] ++ lib.optional ${cond} openssl;
}
`;
    assert.deepEqual(check(crate({ 'default.nix': nix('withTls') })), []);
    assert.deepEqual(levels(check(crate({ 'default.nix': nix('stdenv.hostPlatform.isDarwin') }))), ['default.nix:8:error']);
  });
});

describe('severity policy', () => {
  it('inputs from a function argument: a hint that Nixify cannot see them, never an error', () => {
    const nix = `{ rustPlatform, extraInputs }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  buildInputs = extraInputs;
}
`;
    const found = check(crate({ 'default.nix': nix }));
    assert.deepEqual(levels(found), ['default.nix:7:hint']);
    assert.match(found[0]!.message, /cannot see all of this derivation's inputs \(`extraInputs` is a function argument\)/);
  });

  it('inputs changed by overrideAttrs from `old`: a hint', () => {
    const nix = `{ rustPlatform, pkg-config, openssl }:
(rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkg-config ];
}).overrideAttrs (old: { buildInputs = (old.buildInputs or [ ]) ++ [ openssl ]; })
`;
    const found = check(crate({ 'default.nix': nix }));
    assert.ok(
      found.every((f) => f.severity === 'hint'),
      levels(found).join(),
    );
  });

  it('a -sys crate that builds its bundled copy (libz-sys without zlib): a hint, not an error', () => {
    const nix = `{ rustPlatform, pkg-config, openssl }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkg-config ];
  buildInputs = [ openssl ];
}
`;
    // Inference follows nixpkgs packages, which mostly let libz-sys build its copy: zlib is not
    // recommended, so nothing is reported (and a zlib already listed is not called unused).
    const found = check(crate({ 'default.nix': nix }));
    assert.deepEqual(levels(found), []);
  });

  it('a library the program opens at run time (x11-dl, dlopen): a hint, the build does not need it', () => {
    const nix = `{ rustPlatform }:\nrustPlatform.buildRustPackage {\n  pname = "app";\n  version = "0.1.0";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n}\n`;
    const lock = [
      '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "x11-dl",\n]\n',
      pkg('libc', '0.2.169'),
      pkg('pkg-config', '0.3.31'),
      pkg('x11-dl', '2.21.0', ['libc', 'pkg-config']),
    ];
    const found = check(crate({ 'default.nix': nix }, { deps: 'x11-dl = "2"\n', lock }));
    assert.deepEqual(levels(found), ['default.nix:2:hint']);
    assert.match(found[0]!.message, /loads it at run time \(dlopen\)/);
  });

  it('a derivation built for wasm32 gets no host C library findings', () => {
    const nix = `{ craneLib }:
craneLib.buildPackage {
  src = ./.;
  CARGO_BUILD_TARGET = "wasm32-unknown-unknown";
  doCheck = false;
}
`;
    assert.deepEqual(check(crate({ 'default.nix': nix })), []);
  });

  it('the same derivation for the host: openssl and pkg-config certainly missing', () => {
    const nix = `{ craneLib }:
craneLib.buildPackage {
  src = ./.;
  doCheck = false;
}
`;
    const found = check(crate({ 'default.nix': nix }));
    assert.deepEqual(levels(found), ['default.nix:2:error']);
    assert.match(found[0]!.message, /needs pkg-config \(nativeBuildInputs\), openssl \(buildInputs\)/);
  });

  it('openssl-sys named by the member itself: its features are known, so a locked openssl-src leaves it certain', () => {
    const dir = crate({ 'default.nix': `{ craneLib }:\ncraneLib.buildPackage { src = ./.; }\n` });
    const lock = nodeFs(dir)
      .readFile('Cargo.lock')!
      .replace(
        ' "libc",\n "pkg-config",\n "vcpkg",\n]\n\n[[package]]\nname = "pkg-config"',
        ' "libc",\n "openssl-src",\n "pkg-config",\n "vcpkg",\n]\n\n' + pkg('openssl-src', '300.4.1+3.4.0', ['cc']) + '\n[[package]]\nname = "pkg-config"',
      );
    writeFileSync(join(dir, 'Cargo.lock'), lock);
    assert.deepEqual(levels(check(dir)), ['default.nix:2:error']);
  });
});

describe('names and versions in a virtual workspace', () => {
  it('compares pname and version with no member when the call picks none (as nil and yazi build all members)', () => {
    const nix = `{ rustPlatform }:\nrustPlatform.buildRustPackage {\n  pname = "tool";\n  version = "2.0.0";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n}\n`;
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
      'crates/builtin/Cargo.toml': '[package]\nname = "builtin"\nversion = "0.1.0"\nedition = "2021"\n',
      'crates/builtin/src/lib.rs': '',
      'crates/tool/Cargo.toml': '[package]\nname = "tool"\nversion = "2.0.0"\nedition = "2021"\n',
      'crates/tool/src/main.rs': 'fn main() {}\n',
      'default.nix': nix,
    };
    const lock = ['[[package]]\nname = "builtin"\nversion = "0.1.0"\n', '[[package]]\nname = "tool"\nversion = "2.0.0"\n'];
    const dir = crate(files, { lock });
    const all = runChecks(checkContext(loadWorkspace(dir), nodeFs(dir)));
    assert.deepEqual(
      all.filter((f) => f.code === 'version-drift'),
      [],
    );
    const picked = crate({ ...files, 'default.nix': nix.replace('  src = ./.;', '  src = ./.;\n  cargoBuildFlags = [ "-p" "builtin" ];') }, { lock });
    const drift = runChecks(checkContext(loadWorkspace(picked), nodeFs(picked))).filter((f) => f.code === 'version-drift');
    assert.deepEqual(drift.map((f) => `${f.severity}:${f.message.split(' (')[0]}`).sort(), [
      'hint:pname "tool" differs from crates/builtin/Cargo.toml',
      'hint:version "2.0.0" differs from crates/builtin/Cargo.toml',
    ]);
  });
});

describe('members a call builds, read as cargo reads its arguments', () => {
  const files = {
    'Cargo.toml': '[workspace]\nmembers = ["server", "tool"]\nresolver = "2"\n',
    'server/Cargo.toml': '[package]\nname = "server"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nopenssl-sys = "0.9"\n',
    'server/src/main.rs': 'fn main() {}\n',
    'tool/Cargo.toml': '[package]\nname = "tool"\nversion = "0.1.0"\nedition = "2021"\n\n[[bin]]\nname = "the-tool"\npath = "src/main.rs"\n',
    'tool/src/main.rs': 'fn main() {}\n',
  };
  const lock = [
    '[[package]]\nname = "server"\nversion = "0.1.0"\ndependencies = [\n "openssl-sys",\n]\n',
    '[[package]]\nname = "tool"\nversion = "0.1.0"\n',
    pkg('cc', '1.2.1'),
    pkg('libc', '0.2.169'),
    pkg('openssl-sys', '0.9.104', ['cc', 'libc', 'pkg-config', 'vcpkg']),
    pkg('pkg-config', '0.3.31'),
    pkg('vcpkg', '0.2.15'),
  ];
  const nix = (flags: string) => `{ rustPlatform }:\nrustPlatform.buildRustPackage {\n  pname = "x";\n  version = "0.1.0";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n${flags}}\n`;

  it('--bin builds only the member with that binary: no openssl finding', () => {
    assert.deepEqual(check(crate({ ...files, 'default.nix': nix('  cargoBuildFlags = [ "--bin" "the-tool" ];\n') }, { lock })), []);
  });

  it('-p=server and the whole workspace do need it', () => {
    assert.deepEqual(levels(check(crate({ ...files, 'default.nix': nix('  cargoBuildFlags = [ "-p=server" ];\n') }, { lock }))), ['default.nix:2:error']);
    assert.deepEqual(levels(check(crate({ ...files, 'default.nix': nix('') }, { lock }))), ['default.nix:2:error']);
  });
});

describe('normaliseAttr', () => {
  it('reduces the ways inputs are written to the nixpkgs attribute', () => {
    assert.equal(normaliseAttr('pkgs.openssl.dev'), 'openssl');
    assert.equal(normaliseAttr('(lib.getDev curl)'), 'curl');
    assert.equal(normaliseAttr('final.pkg-config'), 'pkg-config');
    assert.equal(normaliseAttr('pkgs.rustPlatform.bindgenHook'), 'rustPlatform.bindgenHook');
    assert.equal(normaliseAttr('pkgs.xorg.libX11'), 'xorg.libX11');
  });
});
