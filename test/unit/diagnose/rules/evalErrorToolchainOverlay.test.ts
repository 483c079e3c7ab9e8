// The Rust toolchain overlays' own throws (rust-overlay, nixpkgs-mozilla, fenix; evalVocabulary.ts
// TOOLCHAIN_OVERLAY_MESSAGE) are raised only while the overlay picks a toolchain: quoted in prose, without Nix's
// `error: `, they still say the evaluation failed (round66 um02, a PR quoting rust-overlay's `Nightly … is not
// available`). Real Nix 2.8 and 2.26 over the real overlay print the same words after `error: `. And a trace behind a
// log viewer's indented gutter (`  │ `, round71 ur02), cut before its message, is read as Nix's trace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout, wordingSource } from './helpers';

const overlayFix = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes.map((f) => f.kind).join(',')]);

describe('eval-error: a toolchain overlay throwing', () => {
  it('round66 um02: rust-overlay\'s "Nightly … is not available" quoted in a PR\'s prose → eval-error, update the overlay', () => {
    const ds = diagnoseText(heldout(66, 'um02.log'));
    assert.deepEqual(overlayFix(heldout(66, 'um02.log')), [['eval-error', 'run']]);
    assert.equal(ds[0]!.confidence, 'certain');
    assert.match(ds[0]!.message, /nightly 2025-12-05/);
  });

  for (const name of ['n28-eval-rust-overlay-real-stable-missing.log', 'n226-eval-rust-overlay-real-stable-missing.log']) {
    it(`real rust-overlay over real lib (${name.slice(0, 4)}): Stable 1.99.0 is not available → eval-error, update the overlay`, () => {
      const ds = diagnoseText(wordingSource(name));
      assert.deepEqual(overlayFix(wordingSource(name)), [['eval-error', 'run']]);
      assert.match(ds[0]!.message, /stable 1\.99\.0/);
    });
  }

  for (const [quoted, asked] of [
    ['the shell fails with "No stable 1.99.* is available"', 'stable 1.99'],
    ['fails with `Version 1.99.0 is not available` now', 'stable 1.99.0'],
    ['error was: "nightly 2021-03-01 is not available"', 'nightly 2021-03-01'],
  ] as const) {
    it(`quoted in prose: ${quoted}`, () => {
      const ds = diagnoseText(quoted);
      assert.deepEqual(categories(quoted), ['eval-error']);
      assert.ok(ds[0]!.message.includes(asked), ds[0]!.message);
    });
  }

  for (const quoted of [
    'it fails with "Component resolution failed for rust"',
    'rust-overlay says "Component `rust-src` doesn\'t support any of targets: wasm32-unknown-unknown"',
    "Host component `rustc` doesn't support `riscv64gc-unknown-linux-gnu`",
    'the build stops: "While compiling rust: the extension rust-analyzer-preview is not available."',
    'I get "Rust overlay does not support aarch64-apple-darwin yet."',
    'No rust toolchain file found in /home/user/project',
    "error is `system 'armv7l-linux' is unsupported by fenix`",
  ]) {
    it(`an overlay's component or system throw quoted: ${quoted.slice(0, 50)} → eval-error, no fix`, () => {
      assert.deepEqual(overlayFix(quoted), [['eval-error', '']]);
    });
  }

  for (const prose of [
    'The nightly toolchain is not available for this target yet.',
    'Version 2 of the API is not available',
    "this feature doesn't support any of the targets we need",
    'Stable Diffusion 1.5 is not available offline',
  ]) {
    it(`prose that only resembles an overlay's words: ${prose} → nothing`, () => {
      assert.deepEqual(categories(prose), []);
    });
  }
});

describe("eval-error: a trace behind a log viewer's gutter", () => {
  it('round71 ur02: frames behind `  │ `, cut before the message → eval-error (the trace cut), no fix', () => {
    const ds = diagnoseText(heldout(71, 'ur02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.length, d.confidence]),
      [['eval-error', 0, 'likely']],
    );
    assert.match(ds[0]!.message, /auditable-cargo-bootstrap-1\.93\.0/);
  });

  it('the real Nix 2.26 trace behind the same gutter, whole → the message itself', () => {
    const boxed = wordingSource('n226-eval-rust-overlay-real-stable-missing.log')
      .split('\n')
      .map((l) => `  │ ${l}`)
      .join('\n');
    assert.deepEqual(overlayFix(boxed), [['eval-error', 'run']]);
  });
});
