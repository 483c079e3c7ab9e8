// wasm-bindgen's CLI refusing a wasm file made by another version of the crate: the CLI is on PATH, at the wrong
// version, so it is tool-version (replace it, or pin the crate), not missing-tool (adding an input changes nothing).
// Round14 e27–e29 (after its first run; labelled other, doubtful), two public excerpts (x28, x29) and wasm-bindgen's
// own current wording (cli-support's extract_programs) synthesised in s62.
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

const WORDINGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings');
const s62 = readFileSync(join(WORDINGS, 'sources', 's62-wasm-bindgen-schema-mismatch-cli-older.log'), 'utf8');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);
const pin = (v: string) => ({ kind: 'run', argv: ['cargo', 'update', '-p', 'wasm-bindgen', '--precise', v] });

const pkg = (inputs: string) => `{ lib, rustPlatform, trunk, wasm-bindgen-cli, wasm-bindgen-cli_0_2_92 }:
rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ ${inputs} ];
}
`;

before(async () => {
  await initParsers();
});

describe('tool-version: wasm-bindgen CLI vs crate', () => {
  it('round14 e27/e28 (the two schema lines only): replace the CLI by nixpkgs’ attribute of the crate’s version, or pin the crate to the CLI’s', () => {
    assert.deepEqual(summary(heldout(14, 'e27-other-wasm-bindgen-cli-schema-mismatch-dev-shell-web-transport.log')), [
      ['tool-version', [{ kind: 'replace-input', from: 'wasm-bindgen-cli', to: ['wasm-bindgen-cli_0_2_126'] }, pin('0.2.114')]],
    ]);
    assert.deepEqual(summary(heldout(14, 'e28-other-wasm-bindgen-cli-schema-mismatch-flake-pages-moonpool.log')), [
      ['tool-version', [{ kind: 'replace-input', from: 'wasm-bindgen-cli', to: ['wasm-bindgen-cli_0_2_125'] }, pin('0.2.117')]],
    ]);
  });

  it('round14 e29 (trunk, a crate version nixpkgs has no CLI for): buildWasmBindgenCli named, only the pin offered', () => {
    const [d, ...rest] = diagnoseText(heldout(14, 'e29-other-wasm-bindgen-schema-mismatch-crane-trunk-nix-build.log'));
    assert.equal(rest.length, 0);
    assert.equal(d?.category, 'tool-version');
    assert.deepEqual(d.fixes, [pin('0.2.84')]);
    assert.match(d.message, /buildWasmBindgenCli/);
    assert.deepEqual(d.details, { tool: 'wasm-bindgen', version: '0.2.87', cliVersion: '0.2.84' });
  });

  it('the older wordings (x28 `rust wasm file schema version`, x29 `rust wasm file:` / `this binary:`) and the current one (s62, `name> ` framed)', () => {
    assert.deepEqual(summary(readFileSync(join(WORDINGS, 'x28-wasm-bindgen-schema-mismatch.log'), 'utf8')), [
      ['tool-version', [{ kind: 'replace-input', from: 'wasm-bindgen-cli', to: ['wasm-bindgen-cli_0_2_95'] }, pin('0.2.93')]],
    ]);
    assert.deepEqual(summary(readFileSync(join(WORDINGS, 'x29-wasm-bindgen-old-wording-nixpkgs.log'), 'utf8')), [['tool-version', [pin('0.2.67')]]]);
    assert.deepEqual(summary(s62), [['tool-version', [{ kind: 'replace-input', from: 'wasm-bindgen-cli', to: ['wasm-bindgen-cli_0_2_100'] }, pin('0.2.92')]]]);
  });

  it('the crate’s line cut before the CLI’s: the replacement alone; never missing-tool', () => {
    const ds = diagnoseText('  rust Wasm file schema version: 0.2.100\n');
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['tool-version', [{ kind: 'replace-input', from: 'wasm-bindgen-cli', to: ['wasm-bindgen-cli_0_2_100'] }]]],
    );
  });

  it('the fix replaces the CLI the call lists (the default attribute or another versioned one), placed on nativeBuildInputs; none when the call lists no CLI', () => {
    const fixed = (inputs: string) => {
      const text = pkg(inputs);
      const { files, nixFiles } = ws({ 'package.nix': text, 'Cargo.toml': '' });
      const [d] = placeDiagnostics(diagnoseText(s62), nixFiles, files);
      assert.equal(d?.file, 'package.nix');
      assert.equal(d.range!.start.line, 6);
      const [fix] = fixesFor(d, nixFiles, files);
      return fix && { title: fix.title, text: applyEdits(text, fix.edits[0]!.edits!) };
    };
    const a = fixed('trunk wasm-bindgen-cli');
    assert.equal(a?.title, 'Replace wasm-bindgen-cli by wasm-bindgen-cli_0_2_100 in nativeBuildInputs');
    assert.ok(a.text.includes('nativeBuildInputs = [ trunk wasm-bindgen-cli_0_2_100 ];'), a.text);
    // The replaced CLI's formal becomes the new one (nothing else in the file names it).
    assert.ok(a.text.startsWith('{ lib, rustPlatform, trunk, wasm-bindgen-cli_0_2_100, wasm-bindgen-cli_0_2_92 }:'), a.text);
    const b = fixed('trunk wasm-bindgen-cli_0_2_92');
    assert.ok(b?.text.includes('nativeBuildInputs = [ trunk wasm-bindgen-cli_0_2_100 ];'), b?.text);
    // No CLI in the call's inputs (trunk downloads or finds its own): the pin is the only edit offered.
    const { files, nixFiles } = ws({ 'package.nix': pkg('trunk'), 'Cargo.toml': '' });
    const [d] = placeDiagnostics(diagnoseText(s62), nixFiles, files);
    assert.deepEqual(
      fixesFor(d!, nixFiles, files).map((f) => f.title),
      ['Run `cargo update -p wasm-bindgen --precise 0.2.92`'],
    );
  });
});
