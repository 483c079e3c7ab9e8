// `cargo vendor` writes each package into one directory named by name and version, so a lock with one name and
// version from two sources (a git checkout and the registry, two forks) cannot be vendored that way: `failed to sync`
// / `found duplicate version of package `x v1` vendored from two sources:` / `source 1: …` / `source 2: …`. The
// labelling guide's settled reading: cargo-lock, cargoHash recomputed by fetchCargoVendor (it keeps each git source in
// a directory of its own; the old fetcher fetchCargoTarball — cargoSha256, and cargoHash before nixpkgs 25.05 unless
// useFetchCargoVendor = true, as 24.11's buildRustPackage defaults it to false — ran cargo vendor).
// Real cargo 1.95 vendoring two git repositories that both hold `urlencoded v0.5.0` (wordings/sources/c195-cargo-vendor-duplicate-version.log).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, wordingSource, ws } from './helpers';

const real = wordingSource('c195-cargo-vendor-duplicate-version.log');

const PKG = `{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "habitat";
  version = "0.1.0";
  src = ./.;
  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
}
`;

before(async () => {
  await initParsers();
});

describe('cargo-lock: cargo vendor refusing one version from two sources', () => {
  it('round20 k09: the line cut after the package → cargo-lock, cargoHash reset', () => {
    const ds = diagnoseText(heldout(20, 'k09.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.details?.package]),
      [['cargo-lock', [{ kind: 'reset-hash', attr: 'cargoHash' }], 'urlencoded v0.5.0']],
    );
  });

  it('real cargo 1.95, whole: both sources read into the diagnosis', () => {
    const ds = diagnoseText(real);
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.sources]),
      [['cargo-lock', 'file:///build/forks/a#e0456b62 file:///build/forks/b#c45c12d2']],
    );
    assert.equal(ds[0]!.evidence.length, 3);
  });

  it('real cargo 1.95, every cut after the message line → the same category; before it, nothing of this rule', () => {
    const lines = real.split('\n');
    const at = lines.findIndex((x) => x.includes('found duplicate version'));
    for (let k = 1; k <= lines.length; k++) {
      const cats = diagnoseText(lines.slice(0, k).join('\n')).map((d) => d.category);
      assert.deepEqual(cats, k > at ? ['cargo-lock'] : [], String(k));
    }
  });

  const fixed = (text: string) => {
    const { files, nixFiles } = ws({ 'package.nix': text, 'Cargo.lock': 'version = 3\n' });
    const [d] = placeDiagnostics(diagnoseText(real), nixFiles, files);
    const fixes = fixesFor(d!, nixFiles, files);
    return fixes.map((f) => applyEdits(text, f.edits[0]!.edits!));
  };

  const SWITCHED = PKG.replace(/cargoHash = "[^"]+";/, 'cargoHash = lib.fakeHash;\n  useFetchCargoVendor = true;');

  it('cargoSha256 (fetchCargoTarball, which runs cargo vendor; gone in 25.05) → cargoHash with a fake hash, and the switch an older nixpkgs needs', () => {
    assert.deepEqual(fixed(PKG.replace('cargoHash', 'cargoSha256')), [SWITCHED]);
  });

  it('cargoHash alone (cargo vendor ran for it: nixpkgs before 25.05, whose default is the old fetcher) → the switch written, cargoHash reset', () => {
    assert.deepEqual(fixed(PKG), [SWITCHED]);
    const oneLine = '{ lib, rustPlatform }:\nrustPlatform.buildRustPackage { pname = "habitat"; version = "0.1.0"; src = ./.; cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; }\n';
    assert.deepEqual(fixed(oneLine), [oneLine.replace(/cargoHash = "[^"]+";/, 'cargoHash = lib.fakeHash; useFetchCargoVendor = true;')]);
  });

  it('cargoHash inherited beside other names → only its name leaves the inherit (nothing else lost), the bindings after it', () => {
    const inh = '{ lib, rustPlatform, meta }:\nrustPlatform.buildRustPackage {\n  inherit (meta) pname version cargoHash;\n  src = ./.;\n}\n';
    assert.deepEqual(fixed(inh), [inh.replace('pname version cargoHash;', 'pname version;\n  cargoHash = lib.fakeHash;\n  useFetchCargoVendor = true;')]);
    // The hash first of several names: the others stay (the old test on the text before the name took the whole statement).
    const first = '{ lib, rustPlatform, meta }:\nrustPlatform.buildRustPackage {\n  inherit (meta) cargoHash pname version;\n  src = ./.;\n}\n';
    assert.deepEqual(fixed(first), [
      '{ lib, rustPlatform, meta }:\nrustPlatform.buildRustPackage {\n  inherit (meta) pname version;\n  cargoHash = lib.fakeHash;\n  useFetchCargoVendor = true;\n  src = ./.;\n}\n',
    ]);
    const alone = '{ lib, rustPlatform, cargoHash }:\nrustPlatform.buildRustPackage {\n  pname = "habitat";\n  inherit cargoHash;\n}\n';
    assert.deepEqual(fixed(alone), [alone.replace('inherit cargoHash;', 'cargoHash = lib.fakeHash;\n  useFetchCargoVendor = true;')]);
  });

  it('an inherited switch (`inherit (cfg) useFetchCargoVendor;`) leaves its inherit and is written on after the hash: never `inherit (cfg) true`', () => {
    const beside =
      '{ lib, rustPlatform, cfg }:\nrustPlatform.buildRustPackage {\n  pname = "habitat";\n  inherit (cfg) src useFetchCargoVendor;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n';
    assert.deepEqual(fixed(beside), [
      '{ lib, rustPlatform, cfg }:\nrustPlatform.buildRustPackage {\n  pname = "habitat";\n  inherit (cfg) src;\n  cargoHash = lib.fakeHash;\n  useFetchCargoVendor = true;\n}\n',
    ]);
    const alone =
      '{ lib, rustPlatform, useFetchCargoVendor }:\nrustPlatform.buildRustPackage {\n  pname = "habitat";\n  inherit useFetchCargoVendor;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n';
    assert.deepEqual(fixed(alone), [
      '{ lib, rustPlatform, useFetchCargoVendor }:\nrustPlatform.buildRustPackage {\n  pname = "habitat";\n  cargoHash = lib.fakeHash;\n  useFetchCargoVendor = true;\n}\n',
    ]);
  });

  it('cargoHash with `useFetchCargoVendor = false` → the switch turned on, cargoHash reset', () => {
    const off = PKG.replace('  src = ./.;\n', '  src = ./.;\n  useFetchCargoVendor = false;\n');
    assert.deepEqual(fixed(off), [off.replace(/cargoHash = "[^"]+";/, 'cargoHash = lib.fakeHash;').replace('useFetchCargoVendor = false', 'useFetchCargoVendor = true')]);
  });
});
