// bindgen's libclang panic told by its place when its message is cut (round156 xy03): each release's place of
// `clang_sys::load().expect("Unable to find libclang")`, read from rust-bindgen's tags
// (scripts/gen-bindgen-libclang-sites.mjs → data/bindgenLibclangSites.json).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { bindgenLibclangPanic } from '../../../../server/src/diagnose/rules/missingTool/followUps';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.confidence]);

describe('missing-tool: bindgen panicking where it loads libclang, its message cut', () => {
  it('round156 xy03: bindgen 0.69.5 at lib.rs:622:31 → bindgenHook, likely', () => {
    assert.deepEqual(summary(heldout(156, 'xy03.log')), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['rustPlatform.bindgenHook'] }], 'likely']]);
  });

  it('the message in view (after the place, round68 uo11; on the place’s line before Rust 1.73, round4 t03) → said in bindgen’s words, certain', () => {
    for (const [r, f] of [
      [68, 'uo11.log'],
      [4, 't03-libclang-saltyreplay-windows.log'],
    ] as const) {
      const ds = diagnoseText(heldout(r, f));
      assert.deepEqual(
        ds.map((d) => [d.category, d.confidence]),
        [['missing-tool', 'certain']],
        f,
      );
      assert.ok(!ds[0]!.message.includes('message cut off'), f);
    }
  });

  it('the crate’s src/lib.rs before 0.61, and the place after the message before Rust 1.73', () => {
    assert.ok(bindgenLibclangPanic("thread 'main' panicked at /build/source/vendor/bindgen-0.59.2/src/lib.rs:2144:31:"));
    assert.ok(bindgenLibclangPanic("  … could not be opened', /home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/bindgen-0.69.5/lib.rs:622:31"));
  });

  it('another place in bindgen, another release’s line, or another crate’s dir → not this', () => {
    assert.ok(!bindgenLibclangPanic("thread 'main' panicked at /build/bindgen-0.69.5/lib.rs:100:5:"));
    assert.ok(!bindgenLibclangPanic("thread 'main' panicked at /build/bindgen-0.71.1/lib.rs:622:31:"));
    assert.ok(!bindgenLibclangPanic("thread 'main' panicked at /build/rust-bindgen-0.69.5/lib.rs:622:31:"));
    assert.deepEqual(summary("thread 'main' panicked at /build/bindgen-0.69.5/lib.rs:100:5:"), []);
  });
});
