// A library the program opens with dlopen, listed in a derivation's inputs but put nowhere the
// dynamic loader looks: a hint, quiet as soon as anything wires it (and on what nixify init writes).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkContext } from '../../../server/src/check/context';
import { runChecks } from '../../../server/src/check/run';
import type { Finding } from '../../../server/src/check/types';
import { infer } from '../../../server/src/infer/infer';
import { defaultInitOptions, planInit } from '../../../server/src/generate/plan';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { crate, pkg } from './tmpCrate';

before(async () => {
  await initParsers();
  await ensureParser('rust');
});

const check = (dir: string) => runChecks(checkContext(loadWorkspace(dir), nodeFs(dir))).filter((f: Finding) => f.code === 'runtime-library-not-on-rpath');

// ash opens libvulkan and x11-dl (without a user we know) the X libraries with dlopen.
const dlopenCrate = (files: Record<string, string>) =>
  crate(files, {
    deps: 'ash = "0.38"\nx11-dl = "2.21"\n',
    lock: [
      '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "ash",\n "x11-dl",\n]\n',
      pkg('ash', '0.38.0+1.3.281', ['libloading']),
      pkg('cfg-if', '1.0.0'),
      pkg('libc', '0.2.169'),
      pkg('libloading', '0.8.5', ['cfg-if']),
      pkg('once_cell', '1.19.0'),
      pkg('pkg-config', '0.3.31'),
      pkg('x11-dl', '2.21.0', ['libc', 'once_cell', 'pkg-config']),
    ],
  });

const pkgNix = (extra: string) => `{ lib, rustPlatform, vulkan-loader, xorg }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  buildInputs = [ vulkan-loader xorg.libX11 ];
${extra}}
`;

describe('libraries opened with dlopen', () => {
  it('listed in buildInputs with nothing putting them on the rpath: one hint at the first, naming them', () => {
    const fs = check(dlopenCrate({ 'package.nix': pkgNix('') }));
    assert.deepEqual(
      fs.map((f) => `${f.file}:${f.range.start.line + 1}:${f.severity}`),
      ['package.nix:7:hint'],
    );
    assert.match(fs[0]!.message, /opens vulkan-loader, xorg\.libX11 with dlopen/);
    assert.match(fs[0]!.message, /ash 0\.38\.0\+1\.3\.281/);
  });

  it("the X libraries under nixpkgs' newer top-level names (libx11 for xorg.libX11) count as listed", () => {
    const text = pkgNix('').replace('{ lib, rustPlatform, vulkan-loader, xorg }', '{ lib, rustPlatform, libx11 }').replace('[ vulkan-loader xorg.libX11 ]', '[ libx11 ]');
    const fs = check(dlopenCrate({ 'package.nix': text }));
    assert.deepEqual(
      fs.map((f) => `${f.file}:${f.range.start.line + 1}`),
      ['package.nix:7'],
    );
    assert.match(fs[0]!.message, /opens libx11 with dlopen/);
  });

  it('quiet when the file wires them: patchelf in postFixup, a wrapper, autoPatchelfHook, a -rpath link argument', () => {
    for (const wiring of [
      "  postFixup = ''\n    patchelf --add-rpath \"${lib.makeLibraryPath [ vulkan-loader ]}\" $out/bin/app\n  '';\n",
      "  postInstall = ''\n    wrapProgram $out/bin/app --prefix LD_LIBRARY_PATH : ${lib.makeLibraryPath [ vulkan-loader ]}\n  '';\n",
      '  runtimeDependencies = [ vulkan-loader ];\n',
      '  env.RUSTFLAGS = "-C link-arg=-Wl,-rpath,${vulkan-loader}/lib";\n',
    ])
      assert.deepEqual(check(dlopenCrate({ 'package.nix': pkgNix(wiring) })), [], wiring);
  });

  it('quiet on a crate that opens nothing, and on what nixify init writes for one that does', () => {
    assert.deepEqual(check(crate({ 'package.nix': pkgNix('') })), [], 'openssl-sys and libz-sys are linked');
    const dir = dlopenCrate({});
    const ws = loadWorkspace(dir);
    for (const builder of ['buildRustPackage', 'crane', 'naersk', 'crate2nix'] as const) {
      const plan = planInit(ws, infer(ws), { ...defaultInitOptions(ws), builder, flake: true }, (p) => existsSync(join(dir, p)));
      for (const f of plan.files) writeFileSync(join(dir, f.path), f.content);
      assert.deepEqual(check(dir), [], builder);
    }
  });
});
