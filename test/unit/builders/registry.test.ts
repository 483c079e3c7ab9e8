// The builder registry: every name, call kind and capability is declared once,
// and the Nix model reads calls through the builders' own recognisers.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BUILDERS, BUILDER_NAMES, CALL_FAMILIES, builderSpec, callKind, isBuilder } from '../../../server/src/builders';
import { parseNixFile } from '../../../server/src/model/nix';
import { join } from 'node:path';
import { defaultInitOptions, planInit } from '../../../server/src/generate/plan';
import { runsTests } from '../../../server/src/generate/src';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';

before(() => initParsers());

describe('builder registry', () => {
  it('names each builder and each call kind once', () => {
    assert.deepEqual(BUILDER_NAMES, ['buildRustPackage', 'crane', 'naersk', 'crate2nix']);
    const kinds = CALL_FAMILIES.flatMap((f) => f.calls.map((c) => c.kind));
    assert.equal(new Set(kinds).size, kinds.length);
    for (const k of kinds) assert.equal(callKind(k as never).kind, k);
    assert.ok(isBuilder('crane') && !isBuilder('mkDerivation') && !isBuilder('constructor'));
  });

  it('flake-only builders write flake.nix alone; a builder with a package file writes it', () => {
    for (const b of BUILDERS) {
      if (b.capabilities.flakeOnly) assert.equal('packageFile' in b, false, b.name);
      else assert.ok(builderSpec(b.name).packageFile, b.name);
    }
    assert.ok(
      BUILDERS.some((b) => b.capabilities.wasm),
      'the wasm warning names a builder that can',
    );
  });

  it('runsTests says whether the generated packaging runs cargo test (src then holds what the tests read)', () => {
    const ws = loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'lsp', 'service'));
    // What runs `cargo test`: crane's test checks, buildRustPackage unless doCheck is off, any derivation with doCheck on.
    const runs = (text: string) => /\bcraneLib\.cargo(Test|Nextest)\b/.test(text) || (/\bbuildRustPackage\b/.test(text) && !/doCheck = false/.test(text)) || /doCheck = true/.test(text);
    for (const b of BUILDERS) {
      const plan = planInit(ws, infer(ws), { builder: b.name, flake: true, vendoring: 'cargoLock' }, undefined, undefined, { reads: [], outside: [], missing: [], notes: [] });
      const text = plan.files.map((f) => f.content).join('\n');
      assert.equal(b.capabilities.runsTests, runs(text), b.name);
      assert.equal(runsTests(b.name), b.capabilities.runsTests, b.name);
    }
  });

  it('the default builder is the first offered with what the crate needs (wasm32 members, a large workspace)', () => {
    const wasm = loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'generate', 'cases', 'wasm'));
    assert.equal(defaultInitOptions(wasm).builder, BUILDERS.find((b) => b.capabilities.wasm && b.capabilities.sharedDependencyBuild)!.name);
    const single = loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'lsp', 'service'));
    assert.equal(defaultInitOptions(single).builder, BUILDERS[0].name);
  });
});

const kinds = (text: string) => parseNixFile(text, 'x.nix').calls.map((c) => c.kind);

describe('recognising builder calls in hand-written Nix', () => {
  it('each builder recognises its own calls', () => {
    assert.deepEqual(kinds('{ rustPlatform }: rustPlatform.buildRustPackage { pname = "a"; }'), ['buildRustPackage']);
    assert.deepEqual(kinds('let craneLib = (crane.mkLib pkgs); in { a = craneLib.buildDepsOnly { }; b = craneLib.buildPackage { }; c = craneLib.cargoClippy { }; }'), [
      'crane.buildDepsOnly',
      'crane.buildPackage',
      'crane.other',
    ]);
    assert.deepEqual(kinds("{ naersk' }: naersk'.buildPackage { src = ./.; }"), ['naersk.buildPackage']);
    assert.deepEqual(kinds('{ pkgs }: (pkgs.callPackage ./Cargo.nix { }).rootCrate.build'), ['crate2nix']);
  });

  it('crane with commonArgs: the merged attributes are read from the let binding', () => {
    const m = parseNixFile(
      'let\n  craneLib = crane.mkLib pkgs;\n  commonArgs = { src = ./.; nativeBuildInputs = [ pkgs.pkg-config ]; };\nin craneLib.buildPackage (commonArgs // { doCheck = false; })\n',
      'flake.nix',
    );
    const call = m.calls[0]!;
    assert.equal(call.kind, 'crane.buildPackage');
    assert.deepEqual(call.mergedFrom, ['commonArgs']);
    assert.deepEqual(
      call.nativeBuildInputs?.items.map((i) => i.text),
      ['pkgs.pkg-config'],
    );
  });

  it("naersk's `buildPackage ./.` is a call whose src is the path, with no attrset to edit", () => {
    const m = parseNixFile('{ naersk }:\nnaersk.buildPackage ./.\n', 'default.nix');
    assert.equal(m.calls.length, 1);
    const call = m.calls[0]!;
    assert.equal(call.kind, 'naersk.buildPackage');
    assert.equal(call.src?.text, './.');
    assert.deepEqual(call.pathArg, { start: { line: 1, character: 20 }, end: { line: 1, character: 23 } });
    // Only naersk reads a bare path as src.
    assert.deepEqual(kinds('{ rustPlatform }: rustPlatform.buildRustPackage ./.'), []);
  });

  it('a stdenv.mkDerivation that runs cargo is a builder call; one that does not is not', () => {
    const cargo = parseNixFile(
      '{ stdenv, cargo, rustc, pkg-config, openssl }:\nstdenv.mkDerivation {\n  pname = "tool";\n  src = ./.;\n  nativeBuildInputs = [ cargo rustc pkg-config ];\n  buildInputs = [ openssl ];\n  buildPhase = "cargo build --release --offline";\n}\n',
      'default.nix',
    );
    assert.equal(cargo.calls.length, 1);
    assert.equal(cargo.calls[0]!.kind, 'mkDerivation.cargo');
    assert.deepEqual(
      cargo.calls[0]!.buildInputs?.items.map((i) => i.text),
      ['openssl'],
    );
    assert.ok(callKind('mkDerivation.cargo').compiles, 'its inputs are checked against what the build compiles');
    assert.deepEqual(kinds('{ stdenv, cmake }: stdenv.mkDerivation { pname = "c"; nativeBuildInputs = [ cmake ]; buildPhase = "make"; }'), []);
    assert.deepEqual(kinds('{ pkgs }: pkgs.stdenv.mkDerivation (finalAttrs: { pname = "t"; nativeBuildInputs = [ pkgs.rustPlatform.cargoSetupHook pkgs.cargo ]; })'), ['mkDerivation.cargo']);
  });
});
