// Failures that are certain before any build, each with the pattern a working
// real project uses beside it (minimal Nix written for this test, after projects
// in ../shared/corpus/realnix), which must stay quiet.
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkContext } from '../../../server/src/check/context';
import { runChecks } from '../../../server/src/check/run';
import type { Finding } from '../../../server/src/check/types';
import type { SysFacts } from '../../../server/src/infer/buildScript';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { nixParse } from '../../nix/nix';
import { crate, pkg } from './tmpCrate';

before(async () => {
  await initParsers();
  await ensureParser('rust');
});

const check = (dir: string) => runChecks(checkContext(loadWorkspace(dir), nodeFs(dir)));
const only = (fs: Finding[], code: Finding['code']) => fs.filter((f) => f.code === code);
const at = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.range.start.line + 1}:${f.severity}`);

function fixed(dir: string, f: Finding, file: string, text: string): string {
  const out = applyEdits(
    text,
    f.fixes[0]!.edits.flatMap((e) => (e.path === file ? (e.edits ?? []) : [])),
  );
  writeFileSync(join(dir, file), out);
  return out;
}

describe('a hand-written stdenv.mkDerivation running cargo', () => {
  const drv = (body: string) => `{ stdenv, rustPlatform, cargo, rustc, pkg-config, openssl }:
stdenv.mkDerivation {
  pname = "app";
  version = "0.1.0";
  src = ./.;
${body}}
`;

  it('cargo build with nothing vendored: an error on the phase, fixed with importCargoLock + cargoSetupHook', () => {
    const text = drv(`  nativeBuildInputs = [ cargo rustc pkg-config ];\n  buildInputs = [ openssl ];\n  buildPhase = "cargo build --release";\n`);
    const dir = crate({ 'default.nix': text });
    const f = only(check(dir), 'cargo-without-vendor');
    assert.deepEqual(at(f), ['default.nix:8:error']);
    const out = fixed(dir, f[0]!, 'default.nix', text);
    nixParse(join(dir, 'default.nix'));
    assert.match(out, /rustPlatform\.cargoSetupHook/);
    assert.match(out, /cargoDeps = rustPlatform\.importCargoLock \{ lockFile = \.\/Cargo\.lock; \};/);
    assert.deepEqual(only(check(dir), 'cargo-without-vendor'), []);
  });

  it('rustup in a phase: an error', () => {
    const dir = crate({
      'default.nix': drv(`  nativeBuildInputs = [ cargo pkg-config ];\n  buildInputs = [ openssl ];\n  buildPhase = ''\n    rustup default stable\n    cargo build --release\n  '';\n`),
    });
    assert.deepEqual(at(only(check(dir), 'rustup-in-build')), ['default.nix:8:error']);
    // A toolchain linked from the store downloads nothing.
    const linked = crate({
      'default.nix': drv(
        `  nativeBuildInputs = [ cargo pkg-config ];\n  buildInputs = [ openssl ];\n  cargoDeps = rustPlatform.importCargoLock { lockFile = ./Cargo.lock; };\n  buildPhase = ''\n    rustup toolchain link nix \${rustc}\n    rustup default nix\n    cargo build --release\n  '';\n`,
      ),
    });
    assert.deepEqual(only(check(linked), 'rustup-in-build'), []);
  });

  it('quiet with cargoDeps and cargoSetupHook (the way working hand-written derivations vendor)', () => {
    const dir = crate({
      'default.nix': drv(
        `  cargoDeps = rustPlatform.importCargoLock { lockFile = ./Cargo.lock; };\n  nativeBuildInputs = [ rustPlatform.cargoSetupHook cargo rustc pkg-config ];\n  buildInputs = [ openssl ];\n  buildPhase = "cargo build --release --offline";\n`,
      ),
    });
    const f = check(dir);
    assert.deepEqual(only(f, 'cargo-without-vendor'), []);
    assert.deepEqual(
      f.filter((x) => x.severity === 'error'),
      [],
    );
  });
});

describe("naersk's buildPackage ./. on an openssl-sys crate", () => {
  it('an error on the call: nothing gives the build pkg-config or openssl', () => {
    const flake = `{
  outputs = { nixpkgs, naersk, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      naersk' = pkgs.callPackage naersk { };
    in
    {
      packages.x86_64-linux.default = naersk'.buildPackage ./.;
    };
}
`;
    const f = only(check(crate({ 'flake.nix': flake })), 'missing-native-input').filter((x) => x.file === 'flake.nix');
    assert.deepEqual(at(f), ['flake.nix:8:error']);
    assert.match(f[0]!.message, /needs pkg-config \(nativeBuildInputs\), openssl \(buildInputs\)/);
  });

  it('quiet with the attrset form and its inputs (as working naersk flakes write it)', () => {
    const flake = `{
  outputs = { nixpkgs, naersk, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      naersk' = pkgs.callPackage naersk { };
    in
    {
      packages.x86_64-linux.default = naersk'.buildPackage {
        src = ./.;
        nativeBuildInputs = with pkgs; [ pkg-config ];
        buildInputs = with pkgs; [ openssl zlib ];
      };
    };
}
`;
    assert.deepEqual(
      check(crate({ 'flake.nix': flake })).filter((x) => x.severity === 'error' || x.severity === 'warning'),
      [],
    );
  });
});

describe('src against what the build reads', () => {
  const pkgNix = (src: string) => `{ rustPlatform, pkg-config, openssl, zlib, lib, craneLib }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ${src};
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkg-config ];
  buildInputs = [ openssl zlib ];
}
`;
  const main = 'const WORDS: &str = include_str!("../assets/words.txt");\nfn main() { println!("{WORDS}"); }\n';

  it("an include_str! of a file crane's cleanCargoSource leaves out: an error on src", () => {
    const dir = crate({ 'default.nix': pkgNix('craneLib.cleanCargoSource ./.'), 'src/main.rs': main, 'assets/words.txt': 'hi\n' });
    const f = only(check(dir), 'read-outside-src');
    assert.deepEqual(at(f), ['default.nix:5:error']);
    assert.match(f[0]!.message, /assets\/words\.txt/);
  });

  it('quiet when the fileset holds it, or src is ./.', () => {
    const fileset = 'lib.fileset.toSource { root = ./.; fileset = lib.fileset.unions [ ./Cargo.toml ./Cargo.lock ./src ./assets ]; }';
    assert.deepEqual(only(check(crate({ 'default.nix': pkgNix(fileset), 'src/main.rs': main, 'assets/words.txt': 'hi\n' })), 'read-outside-src'), []);
    assert.deepEqual(only(check(crate({ 'default.nix': pkgNix('./.'), 'src/main.rs': main, 'assets/words.txt': 'hi\n' })), 'read-outside-src'), []);
    const without = 'lib.fileset.toSource { root = ./.; fileset = lib.fileset.unions [ ./Cargo.toml ./Cargo.lock ./src ]; }';
    assert.equal(only(check(crate({ 'default.nix': pkgNix(without), 'src/main.rs': main, 'assets/words.txt': 'hi\n' })), 'read-outside-src').length, 1);
  });

  it('a symlink the build reads pointing outside the source: an error on the link; one inside: quiet', () => {
    const dir = crate({ 'default.nix': pkgNix('./.'), 'src/main.rs': main, 'assets/.keep': '' });
    writeFileSync(join(dir, '..', `${dir.split('/').at(-1)}-words.txt`), 'hi\n');
    symlinkSync(`../../${dir.split('/').at(-1)}-words.txt`, join(dir, 'assets', 'words.txt'));
    assert.deepEqual(at(only(check(dir), 'symlink-outside-src')), ['assets/words.txt:1:error']);
    const inside = crate({ 'default.nix': pkgNix('./.'), 'src/main.rs': main, 'data/words.txt': 'hi\n', 'assets/.keep': '' });
    symlinkSync('../data/words.txt', join(inside, 'assets', 'words.txt'));
    assert.deepEqual(only(check(inside), 'symlink-outside-src'), []);
  });
});

describe('toolchains, wasm-bindgen and Cargo.lock format', () => {
  const wasmFlake = (override = '') => `{
  outputs = { nixpkgs, rust-overlay, crane, ... }:
    let
      pkgs = import nixpkgs { system = "x86_64-linux"; overlays = [ rust-overlay.overlays.default ]; };
      toolchain = pkgs.rust-bin.fromRustupToolchainFile ./rust-toolchain.toml${override};
      craneLib = (crane.mkLib pkgs).overrideToolchain toolchain;
    in
    {
      packages.x86_64-linux.web = craneLib.buildPackage {
        src = craneLib.cleanCargoSource ./.;
        CARGO_BUILD_TARGET = "wasm32-unknown-unknown";
        doCheck = false;
      };
    };
}
`;

  it('a wasm32 build with a toolchain file lacking the target: an error on targets, fixed by adding it', () => {
    const toml = '[toolchain]\nchannel = "1.85.0"\ntargets = [ "x86_64-unknown-linux-gnu" ]\n';
    const dir = crate({ 'flake.nix': wasmFlake(), 'rust-toolchain.toml': toml });
    const f = only(check(dir), 'toolchain-target-missing');
    assert.deepEqual(at(f), ['rust-toolchain.toml:3:error']);
    assert.equal(fixed(dir, f[0]!, 'rust-toolchain.toml', toml), '[toolchain]\nchannel = "1.85.0"\ntargets = [ "wasm32-unknown-unknown", "x86_64-unknown-linux-gnu" ]\n');
    assert.deepEqual(only(check(dir), 'toolchain-target-missing'), []);
  });

  it('quiet when the toolchain is overridden with targets in Nix (as nickel does)', () => {
    const dir = crate({ 'flake.nix': wasmFlake('.override { targets = [ "wasm32-unknown-unknown" ]; }'), 'rust-toolchain.toml': '[toolchain]\nchannel = "1.85.0"\n' });
    assert.deepEqual(only(check(dir), 'toolchain-target-missing'), []);
  });

  const wasmLock = ['[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "wasm-bindgen",\n]\n', pkg('wasm-bindgen', '0.2.100')];

  it('wasm-bindgen-cli pinned to another version than Cargo.lock: an error, fixed to the locked one', () => {
    const nix = `{ pkgs }:\npkgs.stdenv.mkDerivation {\n  name = "web";\n  nativeBuildInputs = [ pkgs.wasm-bindgen-cli_0_2_95 ];\n}\n`;
    const dir = crate({ 'default.nix': nix }, { deps: 'wasm-bindgen = "0.2"\n', lock: wasmLock });
    const f = only(check(dir), 'wasm-bindgen-mismatch');
    assert.deepEqual(at(f), ['default.nix:4:error']);
    assert.match(fixed(dir, f[0]!, 'default.nix', nix), /pkgs\.wasm-bindgen-cli_0_2_100/);
    assert.deepEqual(only(check(dir), 'wasm-bindgen-mismatch'), []);
    // A development shell's CLI builds nothing (as devenv's wasm example pins one).
    const shell = `{ pkgs }:\npkgs.mkShell {\n  packages = [ pkgs.wasm-bindgen-cli_0_2_95 ];\n}\n`;
    assert.deepEqual(only(check(crate({ 'shell.nix': shell }, { deps: 'wasm-bindgen = "0.2"\n', lock: wasmLock })), 'wasm-bindgen-mismatch'), []);
  });

  it('quiet for an override pinned to the locked version (as topiary does)', () => {
    const nix = `{ pkgs }:\nlet\n  cli = pkgs.buildWasmBindgenCli {\n    version = "0.2.100";\n  };\nin cli\n`;
    assert.deepEqual(only(check(crate({ 'default.nix': nix }, { deps: 'wasm-bindgen = "0.2"\n', lock: wasmLock })), 'wasm-bindgen-mismatch'), []);
    const other = nix.replace('0.2.100', '0.2.93');
    assert.equal(only(check(crate({ 'default.nix': other }, { deps: 'wasm-bindgen = "0.2"\n', lock: wasmLock })), 'wasm-bindgen-mismatch').length, 1);
  });

  const flakeLock = (ref: string, lastModified = 1717000000) =>
    JSON.stringify({
      nodes: {
        nixpkgs: { locked: { lastModified, rev: 'a'.repeat(40), type: 'github' }, original: { owner: 'NixOS', repo: 'nixpkgs', ref, type: 'github' } },
        root: { inputs: { nixpkgs: 'nixpkgs' } },
      },
      root: 'root',
      version: 7,
    });
  const plainFlake = `{\n  outputs = { nixpkgs, ... }: {\n    packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.rustPlatform.buildRustPackage {\n      pname = "app";\n      version = "0.1.0";\n      src = ./.;\n      cargoLock.lockFile = ./Cargo.lock;\n    };\n  };\n}\n`;

  it('a version 4 Cargo.lock with nixos-24.05 (cargo 1.77): an error on the version line', () => {
    const dir = crate({ 'flake.nix': plainFlake, 'flake.lock': flakeLock('nixos-24.05') }, { lockVersion: 4 });
    assert.deepEqual(at(only(check(dir), 'lock-version-too-new')), ['Cargo.lock:3:error']);
  });

  it('with two nixpkgs inputs Nixify does not know which one builds: a warning', () => {
    const two = plainFlake.replace('{\n  outputs', '{\n  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";\n  inputs.nixpkgs-unstable.url = "github:NixOS/nixpkgs/nixos-unstable";\n  outputs');
    const dir = crate({ 'flake.nix': two, 'flake.lock': flakeLock('nixos-24.05') }, { lockVersion: 4 });
    assert.deepEqual(at(only(check(dir), 'lock-version-too-new')), ['Cargo.lock:3:warning']);
  });

  it('a version 3 Cargo.lock needs cargo 1.47, the first to read it (1.53 first wrote it)', () => {
    const unstableAt = (date: string) => flakeLock('nixpkgs-unstable', Date.parse(date) / 1000);
    // The date model: nixpkgs-unstable about three weeks behind Rust's releases.
    assert.deepEqual(at(only(check(crate({ 'flake.nix': plainFlake, 'flake.lock': unstableAt('2020-09-01') })), 'lock-version-too-new')), ['Cargo.lock:3:warning']);
    assert.deepEqual(only(check(crate({ 'flake.nix': plainFlake, 'flake.lock': unstableAt('2021-03-10') })), 'lock-version-too-new'), []);
  });

  it('quiet for version 3, for nixos-24.11, and with a rust-overlay toolchain', () => {
    assert.deepEqual(only(check(crate({ 'flake.nix': plainFlake, 'flake.lock': flakeLock('nixos-24.05') })), 'lock-version-too-new'), []);
    assert.deepEqual(only(check(crate({ 'flake.nix': plainFlake, 'flake.lock': flakeLock('nixos-24.11') }, { lockVersion: 4 })), 'lock-version-too-new'), []);
    const overlay = plainFlake.replace(
      'nixpkgs.legacyPackages.x86_64-linux.rustPlatform',
      '(pkgs.makeRustPlatform { cargo = pkgs.rust-bin.stable.latest.default; rustc = pkgs.rust-bin.stable.latest.default; })',
    );
    assert.deepEqual(only(check(crate({ 'flake.nix': overlay, 'flake.lock': flakeLock('nixos-24.05') }, { lockVersion: 4 })), 'lock-version-too-new'), []);
  });
});

describe("a cached crate's build script in the worst case", () => {
  // The crates above it have no manifest anywhere, so its features are unknown and the check asks whether any
  // feature the lock allows could spare the build the library: only the build script can say.
  const lock = [
    '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "nixify-test-parent",\n]\n',
    pkg('nixify-test-parent', '1.0.0', ['nixify-test-middle']),
    pkg('nixify-test-middle', '1.0.0', ['nixify-test-gizmo-sys']),
    pkg('nixify-test-gizmo-sys', '0.1.0', ['pkg-config']),
    pkg('pkg-config', '0.3.31'),
  ];
  const manifestOf = Object.assign(() => undefined, {
    buildFactsOf: (name: string, version: string): SysFacts | undefined =>
      name === 'nixify-test-gizmo-sys' ? { version, links: 'gizmo', pkgConfig: [], cc: true, linkLibs: ['gizmo', 'elf'] } : undefined,
  });
  const nix = 'rustPlatform.buildRustPackage {\n  pname = "app";\n  version = "0.1.0";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n}\n';

  it('a library its build script hands the linker, whatever its features, is an error when missing', () => {
    const dir = crate({ 'package.nix': nix }, { deps: 'nixify-test-parent = "1"\n', lock });
    const found = only(runChecks(checkContext(loadWorkspace(dir), nodeFs(dir), { manifestOf })), 'missing-native-input').filter((f) => f.file === 'package.nix');
    assert.deepEqual(at(found), ['package.nix:1:error']);
    assert.match(found[0]!.message, /elfutils \(buildInputs\)/);
  });
});
