import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, round1 } from './helpers';

describe('rust-target-missing', () => {
  for (const [log, target] of [
    ['h03-wasm-core-cargo-screeps.log', 'wasm32-unknown-unknown'],
    ['h04-wasm-core-rust-overlay.log', 'wasm32-unknown-unknown'],
    ['h05-wasip2-core-tree-sitter-wasi-web.log', 'wasm32-wasip2'],
  ] as const) {
    it(`${log} → a toolchain with ${target}, and no rustc error for the same lines`, () => {
      const ds = diagnoseText(round1(log));
      assert.equal(ds[0]?.category, 'rust-target-missing');
      assert.deepEqual(ds[0]!.fixes, [{ kind: 'rust-toolchain', targets: [target] }]);
      assert.ok(!ds.some((d) => d.category === 'rust-compile-error' && /E0463/.test(d.message)));
    });
  }

  it("wasm-pack's own check before cargo runs (`target not found in sysroot` of nixpkgs' rustc, crate2nix#105) → a toolchain with the target", () => {
    const ds = diagnoseText(heldout(5, 'v20-wasm-pack-target-not-in-sysroot-crate2nix.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['rust-target-missing', [{ kind: 'rust-toolchain', targets: ['wasm32-unknown-unknown'] }]]],
    );
  });
});
