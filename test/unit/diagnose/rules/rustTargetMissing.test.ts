import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { round1 } from './helpers';

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
});
