// The labelling guide's settled reading: pkg-config itself missing while a -sys crate asks for a library is that
// library's category, and the one change that makes the build pass adds both — pkg-config to nativeBuildInputs and
// the library to buildInputs (pkg-config alone fails next on the library). Checked on the edit the editor applies.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

const PKG = `{ rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "demo";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
}
`;

before(async () => {
  await initParsers();
});

describe('pkgconfig-lib: pkg-config missing for a named library → one edit adding both', () => {
  for (const [name, log, attr] of [
    ['round22 m18 (cairo)', heldout(22, 'm18.log'), 'cairo'],
    ['round19 j04 (wayland)', heldout(19, 'j04-missing-tool-pkg-config-not-found-wayland-sys-crate2nix-devenv-rust-import.log'), 'wayland'],
  ] as const)
    it(name, () => {
      const { files, nixFiles } = ws({ 'package.nix': PKG, 'Cargo.lock': 'version = 3\n' });
      const ds = placeDiagnostics(diagnoseText(log), nixFiles, files);
      assert.deepEqual(
        ds.map((d) => d.category),
        ['pkgconfig-lib'],
      );
      const [fix] = fixesFor(ds[0]!, nixFiles, files);
      const out = applyEdits(PKG, fix!.edits[0]!.edits!);
      assert.match(out, /nativeBuildInputs = \[[^\]]*\bpkg-config\b[^\]]*\];/);
      assert.match(out, new RegExp(`buildInputs = \\[[^\\]]*\\b${attr}\\b[^\\]]*\\];`));
      assert.match(out, new RegExp(`\\{ rustPlatform, [^}]*\\b${attr}\\b[^}]*\\}:|\\{[^}]*\\bpkg-config\\b[^}]*\\b${attr}\\b[^}]*\\}:|\\{[^}]*\\b${attr}\\b[^}]*\\bpkg-config\\b[^}]*\\}:`));
    });
});
