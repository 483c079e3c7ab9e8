// The Dioxus CLI (dx) runs wasm-opt on the app's wasm after wasm-bindgen. Its wasm_opt module takes its own
// downloaded binaryen, or — with downloads off (prefer-no-downloads, as a sandboxed build must) — wasm-opt from
// PATH, and otherwise bails `Missing wasm-opt` under the context `Failed to create wasm-opt instance`. So the
// sentence means no wasm-opt on the build's PATH: nixpkgs' binaryen. Round17 h09 and anyhow's chain as printed
// with one cause (no numbering) and with several.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const BINARYEN = [{ kind: 'add-inputs', nativeBuildInputs: ['binaryen'] }];

describe('missing-tool: dx’s `Missing wasm-opt`', () => {
  it('round17 h09: `dx build` in a flake derivation, Nix’s `name> ` prefix → binaryen', () => {
    const ds = diagnoseText(heldout(17, 'h09-missing-tool-dioxus-cli-dx-build-missing-wasm-opt-flake.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['missing-tool'],
    );
    assert.deepEqual(ds[0]!.fixes, BINARYEN);
    assert.equal(ds[0]!.details?.tool, 'wasm-opt');
  });

  it('anyhow’s chain with one cause (`Caused by:` then the cause, unnumbered) → binaryen', () => {
    const ds = diagnoseText(['ERROR dx build: Failed to create wasm-opt instance', '', 'Caused by:', '    Missing wasm-opt', ''].join('\n'));
    assert.deepEqual(
      ds.map((d) => d.fixes),
      [BINARYEN],
    );
  });

  it('the words inside another sentence are not dx’s error', () => {
    assert.deepEqual(diagnoseText('- Added missing wasm-opt feature flags to support modern WebAssembly\nMissing wasm-opt flags: --enable-simd\n'), []);
  });
});
