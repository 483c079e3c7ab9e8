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
  pname = "gurk";
  version = "0.9.0-dev";
  src = ./.;
  cargoLock = {
    lockFile = ./Cargo.lock;
    outputHashes = {
      "libsignal-protocol-0.1.0" = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
      "spqr-1.2.0" = "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";
    };
  };
}
`;

before(async () => {
  await initParsers();
});

describe('git-deps', () => {
  it('no hash for a git dependency, three wordings (goose, opencode, iloader) → the outputHashes entry of that key', () => {
    for (const [f, key] of [
      ['w07-gitdeps-opentelemetry-goose.log', 'opentelemetry-0.31.0'],
      ['w08-gitdeps-specta-opencode-desktop.log', 'specta-2.0.0-rc.22'],
      ['w09-gitdeps-apple-codesign-iloader.log', 'apple-codesign-0.1.0'],
    ] as const)
      assert.deepEqual(
        diagnoseText(heldout(6, f)).map((d) => [d.category, d.fixes]),
        [['git-deps', [{ kind: 'add-output-hash', key }]]],
        f,
      );
  });

  it('a hash left for a dependency that is no longer a git one (gurk) → placed on that entry, which the fix removes', () => {
    const { files, nixFiles } = ws({ 'package.nix': PKG });
    const [d] = placeDiagnostics(diagnoseText(heldout(6, 'w10-gitdeps-stale-output-hash-gurk.log')), nixFiles, files);
    assert.deepEqual([d!.category, d!.range!.start.line], ['git-deps', 10]);
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.equal(fix!.title, 'Remove cargoLock.outputHashes."spqr-1.2.0"');
    assert.equal(applyEdits(PKG, fix!.edits[0]!.edits!), PKG.replace(/ {6}"spqr-1\.2\.0" = "[^"]+";\n/, ''));
  });

  it('the last entry takes its outputHashes attribute with it', () => {
    const one = PKG.replace(/ {6}"libsignal[^\n]*\n/, '');
    const { files, nixFiles } = ws({ 'package.nix': one });
    const [d] = placeDiagnostics(diagnoseText(heldout(6, 'w10-gitdeps-stale-output-hash-gurk.log')), nixFiles, files);
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.equal(applyEdits(one, fix!.edits[0]!.edits!), one.replace(/ {4}outputHashes = \{[\s\S]*?\n {4}\};\n/, ''));
  });
});
