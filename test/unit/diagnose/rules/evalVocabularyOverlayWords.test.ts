// The marker words for the toolchain overlays' throws (evalVocabulary.ts TOOLCHAIN_OVERLAY_MESSAGE): every alternative's
// message carries one, and a builder's ordinary sentence with the same common words (`is not available`, `doesn't
// support`) carries none, so it does not wake eval-error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVAL_MESSAGE_WORDS, TOOLCHAIN_OVERLAY_MESSAGE } from '../../../../server/src/diagnose/rules/evalVocabulary';

const marked = (line: string) => EVAL_MESSAGE_WORDS.some((w) => line.includes(w));

describe('eval-error: the overlays’ marker words', () => {
  for (const msg of [
    'No stable 1.99.* is available',
    'Stable 1.99.0 is not available',
    'Version 1.99 is not available',
    'nightly 2099-01-01 is not available',
    'Component resolution failed for rust-default-1.55.0',
    "Component `rust-docs` doesn't support any of targets: aarch64-apple-darwin",
    "Host component `rust-docs` doesn't support `aarch64-apple-darwin`",
    'Missing extension `rust-analyzer`',
    'Missing target extension `rust-std`',
    'Target `foo-unknown-none` is not supported by any components or extensions',
    "Rust 1.20.0 doesn't have profile `minimal`",
    'since rust 1.20.0 is too early to support profiles',
    '`fromManifest` is not supported',
    'While compiling rust-default-1.70.0: the extension rust-src is not available',
    'While compiling rust-default-1.70.0: the target wasm32-wasi is not available for any package',
    'Rust overlay does not support riscv64-linux yet',
    'No rust toolchain file found in /src',
    "system 'x86_64-freebsd' is unsupported by fenix",
    "fenix doesn't support toolchain.path",
  ])
    it(msg, () => {
      assert.ok(TOOLCHAIN_OVERLAY_MESSAGE.test(msg), 'the overlay message');
      assert.ok(marked(msg), 'a marker word');
    });

  it("a builder's sentences with the common words → no marker", () => {
    for (const line of ['configure: WARNING: libunwind is not available, disabling backtraces', "this platform doesn't support threads", 'note: the feature is not available on this target'])
      assert.ok(!marked(line), line);
  });
});
