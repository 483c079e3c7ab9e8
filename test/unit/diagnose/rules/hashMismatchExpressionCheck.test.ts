// A project's own evaluation-time guard that compares a file's hash with one it recorded (nixpkgs-fmt's default.nix
// on Cargo.lock) and traces a `hash mismatch` with `wanted:`/`got:` lines, laid out as Nix's own, before its `assert`
// fails: the labelling guide reads it as hash-mismatch with the got hash, the recorded one replaced in the file as the
// file writes it. Nix's own store-integrity words (`hash mismatch importing path '…';`, `NAR hash mismatch`) are no
// hash in a Nix file. Real Nix 2.8 and 2.26 `nix-build` of such a guard (wordings/sources/n2{8,26}-eval-assert-traced-hash-check.log).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, wordingSource, ws } from './helpers';

const WANTED = 'd6e3edd1c5e96ea40c8ffe5fedf110ad7e903a478d4ae999186023819388f8cb';
const GOT = 'a6302849064e016e520e513a22aef99a2d874333e7fcbf0b2c2260cb6ffb42f6';
// The expression the real logs come from.
const DEFAULT_NIX = `let
  lock = ./Cargo.lock;
  wanted = "${WANTED}";
  got = builtins.hashFile "sha256" lock;
  check = if got == wanted then true else builtins.trace "assert failed: hash mismatch for file '\${toString lock}':\\n  wanted: sha256:\${wanted}\\n  got:    sha256:\${got}" false;
in
assert check;
derivation { name = "demo"; builder = "/bin/sh"; system = builtins.currentSystem; }
`;
const REAL = ['n28-eval-assert-traced-hash-check.log', 'n226-eval-assert-traced-hash-check.log'].map((f) => wordingSource(f));

before(async () => {
  await initParsers();
});

describe('hash-mismatch: a hash check of the expression’s own', () => {
  it('round22 m03: the traced check alone → hash-mismatch with the got hash', () => {
    assert.deepEqual(
      diagnoseText(heldout(22, 'm03.log')).map((d) => [d.category, d.fixes]),
      [['hash-mismatch', [{ kind: 'replace-hash', specified: `sha256:${WANTED}`, got: 'sha256:36f58d1ddf4d56bc75aa1d18bb7c4e894eb56c2a0f4a81d83c3f24aec2e98926' }]]],
    );
  });

  it('real Nix 2.8 and 2.26: the check and its failed assert are one diagnosis (the assert not said again as an evaluation error)', () => {
    for (const log of REAL)
      assert.deepEqual(
        diagnoseText(log).map((d) => [d.category, d.fixes]),
        [['hash-mismatch', [{ kind: 'replace-hash', specified: `sha256:${WANTED}`, got: `sha256:${GOT}` }]]],
      );
  });

  it('the fix replaces the recorded hash as the file spells it (bare hex)', () => {
    const { files, nixFiles } = ws({ 'default.nix': DEFAULT_NIX });
    const [d] = placeDiagnostics(diagnoseText(REAL[0]!), nixFiles, files);
    assert.equal(d!.range!.start.line, 2);
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.equal(applyEdits(DEFAULT_NIX, fix!.edits[0]!.edits!), DEFAULT_NIX.replace(WANTED, GOT));
  });

  it('cut before both hashes: nothing from this rule (the assert alone stays an evaluation error)', () => {
    const lines = REAL[0]!.split('\n');
    assert.deepEqual(
      diagnoseText(lines.slice(0, 2).join('\n')).map((d) => d.category),
      [],
    );
    assert.deepEqual(
      diagnoseText(lines.slice(3).join('\n')).map((d) => d.category),
      ['eval-error'],
    );
  });

  it('Nix’s own integrity check of a store path (local-store’s `hash mismatch importing path`) is no hash in a Nix file', () => {
    const log = [
      "error: hash mismatch importing path '/nix/store/00000000000000000000000000000000-foo-1.0';",
      '  specified: sha256:0000000000000000000000000000000000000000000000000000',
      '  got:       sha256:1111111111111111111111111111111111111111111111111111',
    ].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.category === 'hash-mismatch'));
  });
});
