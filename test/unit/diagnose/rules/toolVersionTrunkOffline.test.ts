// trunk, offline (src/tools.rs, 2023+), takes wasm-bindgen from PATH only at the version Cargo.lock pins and cannot
// download it; other tools it takes at any version. And wasm-bindgen's own refusal kept only by its two suggestions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) =>
  diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes.map((f) => (f.kind === 'replace-input' ? f.to.join() : f.kind === 'add-inputs' ? f.nativeBuildInputs : f.kind))]);

describe("tool-version: trunk's offline refusal of wasm-bindgen", () => {
  it('round87 vh01 and round17 h10 (2023 wording: absent or another version) → tool-version, likely, no version to offer', () => {
    assert.deepEqual(summary(heldout(87, 'vh01.log')), [['tool-version', 'likely', []]]);
    assert.deepEqual(summary(heldout(17, 'h10-other-trunk-ng-couldnt-find-wasm-bindgen-version-nixpkgs-stalwart-webadmin.log')), [['tool-version', 'likely', []]]);
  });

  it('later wordings name the version: the CLI of that version, certain when trunk says what it found', () => {
    const found = "Error: couldn't find the required version (0.2.95) of the application wasm-bindgen (found: 0.2.93), unable to download in offline mode";
    assert.deepEqual(summary(found), [['tool-version', 'certain', ['wasm-bindgen-cli_0_2_95']]]);
    assert.deepEqual(summary("couldn't find application wasm-bindgen (version: 0.2.95), unable to download in offline mode"), [['tool-version', 'likely', ['wasm-bindgen-cli_0_2_95']]]);
  });

  it('another tool trunk could not find offline is missing (any version would do): sass named (no attribute known), wasm-opt → binaryen', () => {
    assert.deepEqual(summary("    1: couldn't find application sass"), [['missing-tool', 'likely', []]]);
    assert.deepEqual(summary("Error: couldn't find application wasm-opt (version: version_116), unable to download in offline mode"), [['missing-tool', 'certain', [['binaryen']]]]);
  });
});

describe("tool-version: wasm-bindgen's refusal kept only by its suggestions", () => {
  it('round43 b08 → the wasm file’s version from `cargo install … --version`, the CLI’s from `--precise`', () => {
    const ds = diagnoseText(heldout(43, 'b08.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.version, d.details?.cliVersion]),
      [['tool-version', '0.2.90', '0.2.92']],
    );
  });

  it('an install suggestion alone (a README’s) is not this', () => {
    assert.deepEqual(summary('    cargo install -f wasm-bindgen-cli --version 0.2.90'), []);
  });
});
