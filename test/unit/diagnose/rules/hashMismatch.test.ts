import assert from 'node:assert/strict';
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
