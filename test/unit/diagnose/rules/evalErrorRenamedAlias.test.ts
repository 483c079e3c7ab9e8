// nixpkgs retiring an attribute name: aliases.nix turns the old name into `throw "'pkgconfig' has been renamed
// to/replaced by 'pkg-config'"`, so an expression that still names it fails at evaluation. Real Nix 2.8 and 2.26
// output of a derivation listing such an alias (test/fixtures/logs/wordings/sources), and round22 m08 (the message
// alone, without Nix's --show-trace hint): eval-error, the fix the old input replaced by the new one.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, wordingSource, ws } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);
const RENAMED = [{ kind: 'replace-input', from: 'pkgconfig', to: ['pkg-config'] }];

before(async () => {
  await initParsers();
});

describe("eval-error: a nixpkgs alias that now throws (`'old' has been renamed to/replaced by 'new'`)", () => {
  for (const log of ['n28-eval-renamed-alias-throw.log', 'n226-eval-renamed-alias-throw.log'])
    it(`${log} (real Nix) → eval-error, replace the old input by the new`, () => {
      assert.deepEqual(summary(wordingSource(log)), [['eval-error', RENAMED]]);
    });

  it('round22 m08: the message alone (no --show-trace hint in the paste) → the same', () => {
    assert.deepEqual(summary(heldout(22, 'm08.log')), [['eval-error', RENAMED]]);
  });

  it('a renamed value that is no input (`system` → `stdenv.hostPlatform.system`): eval-error without an input fix', () => {
    const ds = diagnoseText("error: 'system' has been renamed to/replaced by 'stdenv.hostPlatform.system'\n(use '--show-trace' to show detailed location information)\n");
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['eval-error', []]],
    );
    assert.match(ds[0]!.message, /write `stdenv\.hostPlatform\.system` where the expression names `system`\.$/);
  });

  it("lib.warn's same words as a warning (the alias still works) are no error", () => {
    assert.deepEqual(
      summary("evaluation warning: 'system' has been renamed to/replaced by 'stdenv.hostPlatform.system'\ntrace: warning: 'pkgconfig' has been renamed to/replaced by 'pkg-config'\n"),
      [],
    );
  });

  it('the fix replaces the old name in nativeBuildInputs and in the callPackage formals', () => {
    const text = `{ lib, rustPlatform, pkgconfig, openssl }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ pkgconfig ];
  buildInputs = [ openssl ];
}
`;
    const { files, nixFiles } = ws({ 'package.nix': text, 'Cargo.toml': '' });
    const [d] = placeDiagnostics(diagnoseText(heldout(22, 'm08.log')), nixFiles, files);
    assert.equal(d?.file, 'package.nix');
    assert.equal(d.range!.start.line, 6);
    const [fix] = fixesFor(d, nixFiles, files);
    assert.equal(fix?.title, 'Replace pkgconfig by pkg-config in nativeBuildInputs');
    const out = applyEdits(text, fix.edits[0]!.edits!);
    assert.ok(out.includes('nativeBuildInputs = [ pkg-config ];'), out);
    assert.ok(out.startsWith('{ lib, rustPlatform, pkg-config, openssl }:'), out);
  });
});
