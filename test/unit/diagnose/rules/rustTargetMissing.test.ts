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

  it('round7 x26: a host toolchain without std (no target named, no note) is still a toolchain without it', () => {
    assert.deepEqual(
      diagnoseText(heldout(7, 'x26-toolchain-no-std-rustc-only-nixpkgs-mozilla-2017.log')).map((d) => [d.category, d.fixes]),
      [['rust-target-missing', [{ kind: 'rust-toolchain' }]]],
    );
  });

  it("round9 z07: buildRustCrate compiling compiler_builtins itself (the standard library's own crate) → nothing", () => {
    assert.deepEqual(diagnoseText(heldout(9, 'z07-other-compiler-builtins-no-std-crate2nix-mozilla-rustc-2020.log')), []);
  });

  it("cargo compiling the standard library's crates (build-std): E0463 then that crate's summary → nothing (rustc's and cargo's wordings)", () => {
    for (const compiling of ['   Compiling compiler_builtins v0.1.151', '   Compiling serde v1.0.200']) {
      const log = [
        compiling,
        "error[E0463]: can't find crate for `core`",
        '',
        'For more information about this error, try `rustc --explain E0463`.',
        'error: could not compile `rustc-std-workspace-core` (lib) due to 1 previous error',
        '',
      ].join('\n');
      assert.deepEqual(diagnoseText(log), [], compiling);
    }
  });

  it("a target without any standard library (rustc's `may not support the standard library` / `std is required by`) → no toolchain target to add", () => {
    const log = [
      '   Compiling serde v1.0.200',
      "error[E0463]: can't find crate for `std`",
      '  |',
      '  = note: the `thumbv7em-none-eabihf` target may not support the standard library',
      '  = note: `std` is required by `serde` because it does not declare `#![no_std]`',
      '  = help: consider building the standard library from source with `cargo build -Zbuild-std`',
      '',
      'For more information about this error, try `rustc --explain E0463`.',
      'error: could not compile `serde` (lib) due to 1 previous error',
      '',
    ].join('\n');
    assert.deepEqual(diagnoseText(log), []);
  });
});
