import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

const PKG = (pname: string, hash: string) => `{ rustPlatform }:\n\nrustPlatform.buildRustPackage {\n  pname = "${pname}";\n  version = "1.1.7";\n  src = ./.;\n  ${hash}\n}\n`;

before(async () => {
  await initParsers();
});

describe('hash-mismatch', () => {
  for (const [log, pname, old, got] of [
    // Nix ≥ 2.4 wording, SRI hashes, buildRustPackage's …-vendor-staging (walrs, under home-manager).
    ['v05-hash-vendor-staging-walrs.log', 'walrs', 'cargoHash = "sha256-fmiOuxCZoCPOx6OE7YB2pJBegk3y88a9ByDEW/b79Rw=";', 'sha256-hacO5cg405l5ur5V/7oBjiGf9Q1AaTELRCndg+Q4Sws='],
    // Nix 2.3 wording (wanted/got), base32, the old …-vendor.tar.gz of cargoSha256 (holochain); the file writes the
    // hash without Nix's `sha256:` prefix, and so does the fix.
    ['v33-hash-vendor-tarball-nix23-holochain.log', 'holochain', 'cargoSha256 = "15g0ndb64hcfqyqn5pb01vnipg4gxlm0p543z2vr407dgrwfwvhw";', '0y72lm5b0fl9anb2z9pcx1i3shqdlckz04zx3phc084hbzpig4cq'],
  ] as const) {
    it(`${log} → on the vendor hash; the fix writes the got hash`, () => {
      const pkg = PKG(pname, old);
      const { files, nixFiles } = ws({ 'package.nix': pkg });
      const [d] = placeDiagnostics(diagnoseText(heldout(5, log)), nixFiles, files);
      assert.equal(d!.category, 'hash-mismatch');
      assert.deepEqual([d!.file, d!.range!.start.line], ['package.nix', 6]);
      const [fix] = fixesFor(d!, nixFiles, files);
      assert.equal(applyEdits(pkg, fix!.edits[0]!.edits!), PKG(pname, old.replace(/"[^"]+"/, `"${got}"`)));
    });
  }
});

describe('hash-mismatch: a hand-written vendoring fetcher as cargoDeps (real Nix 2.8 nix-build of a fixed-output `…-vendor.tar.gz`)', () => {
  // The file writes a fake hash Nix prints otherwise (lib.fakeHash, base32 zeros): no literal to find, the fetcher's attribute is the place.
  const LOG = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'logs', '2.8-nix-build-legacy-vendor-tarball-hash-mismatch.log'), 'utf8');
  const GOT = 'sha256-MQlqZ83BLwkEaNwPuL2vX5pdawUF1eM65L2OnX5Qhqg=';
  const pkg = (fetcher: string, hash: string, before = '') =>
    `{\n  lib,\n  rustPlatform,\n  fetchFromGitHub,\n}:\n\nrustPlatform.buildRustPackage rec {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n  cargoDeps = ${fetcher} {\n${before}    src = fetchFromGitHub {\n      owner = "o";\n      repo = "r";\n      rev = "v1";\n      hash = "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";\n    };\n    name = "\${pname}-\${version}";\n    ${hash};\n  };\n}\n`;
  for (const fetcher of ['rustPlatform.fetchCargoTarball', 'rustPlatform.fetchCargoVendor']) {
    for (const [hash, attr] of [
      ['hash = lib.fakeHash', 'hash'],
      ['sha256 = "0000000000000000000000000000000000000000000000000000"', 'sha256'],
    ] as const) {
      it(`${fetcher} { ${hash}; }: on that value, replaced with the hash Nix got (not the nested src's)`, () => {
        const text = pkg(fetcher, hash);
        const { files, nixFiles } = ws({ 'package.nix': text });
        const [d] = placeDiagnostics(diagnoseText(LOG), nixFiles, files);
        assert.equal(d!.file, 'package.nix');
        const line = text.split('\n')[d!.range!.start.line]!;
        assert.equal(line.slice(d!.range!.start.character, d!.range!.end.character), hash.split(' = ')[1]);
        const [fix] = fixesFor(d!, nixFiles, files);
        assert.equal(fix!.title, `Set cargoDeps's ${attr} to ${GOT}`);
        assert.equal(applyEdits(text, fix!.edits[0]!.edits!), text.replace(hash, `${attr} = "${GOT}"`));
      });
    }
  }

  // Braces inside a comment, a string and an indented string's escaped `''${`: Nix 2.8 evaluates each to the same
  // attrset (its `hash` the fetcher's own), so only the parser, not a count of braces, finds the fetcher's attribute.
  for (const before of ['    # {\n', '    postPatch = "}";\n', "    preBuild = ''\n      echo ''${CARGO_HOME} {\n    '';\n"]) {
    it(`braces in ${JSON.stringify(before.trim())} before the nested src: still the fetcher's own hash`, () => {
      const text = pkg('rustPlatform.fetchCargoVendor', 'hash = lib.fakeHash', before);
      const { files, nixFiles } = ws({ 'package.nix': text });
      const [d] = placeDiagnostics(diagnoseText(LOG), nixFiles, files);
      const [fix] = fixesFor(d!, nixFiles, files);
      assert.equal(fix?.title, `Set cargoDeps's hash to ${GOT}`);
      assert.equal(applyEdits(text, fix!.edits[0]!.edits!), text.replace('hash = lib.fakeHash', `hash = "${GOT}"`));
    });
  }
});

describe('hash-mismatch: placeholder hashes (a paste’s `sha256:1`, a hash cut short) of a named derivation', () => {
  const pkg = PKG('demo', 'cargoHash = "sha256-fmiOuxCZoCPOx6OE7YB2pJBegk3y88a9ByDEW/b79Rw=";');
  const fixes = (drv: string) => {
    const { files, nixFiles } = ws({ 'package.nix': pkg });
    const log = `error: hash mismatch in fixed-output derivation '/nix/store/${'a'.repeat(32)}-${drv}.drv':\n         specified: sha256:1\n            got:    sha256:2\n`;
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    return fixesFor(d!, nixFiles, files).map((f) => f.title);
  };

  it('the vendoring one: reset cargoHash', () => {
    assert.deepEqual(fixes('demo-0.1.0-vendor'), ['Reset cargoHash to a fake hash (the next build reports the right one)']);
  });

  it('another (a `-source`, a toolchain channel’s manifest): cargoHash is not its hash, no edit offered', () => {
    assert.deepEqual(fixes('source'), []);
    assert.deepEqual(fixes('channel-rust-1.80.toml'), []);
  });

  it('a download Nix names by its URL alone (builtins.fetchurl, a flake input): cargoHash is not its hash, no edit offered', () => {
    const { files, nixFiles } = ws({ 'package.nix': pkg });
    const log = "error: hash mismatch in file downloaded from 'https://example.org/demo-0.1.0.tar.gz':\n         specified: sha256:1\n            got:    sha256:2\n";
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d?.details?.cause, 'placeholder');
    assert.deepEqual(fixesFor(d!, nixFiles, files), []);
  });
});
